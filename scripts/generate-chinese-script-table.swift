// Regenerates Sources/GongkaiReport/Normalization/ChineseScriptTable.swift:
//   swiftc -O scripts/generate-chinese-script-table.swift -o /tmp/gen && /tmp/gen Sources/GongkaiReport/Normalization/ChineseScriptTable.swift
import Foundation
var s = String.UnicodeScalarView()
for v in UInt32(0x3400)...UInt32(0x9FFF) { s.append(Unicode.Scalar(v)!) }
let src = String(s)
let dst = src.applyingTransform(StringTransform(rawValue: "Hant-Hans"), reverse: false)!
let a = Array(src.unicodeScalars), b = Array(dst.unicodeScalars)
precondition(a.count == b.count)
var pairs = String.UnicodeScalarView()
var n = 0
for (x, y) in zip(a, b) where x != y { pairs.append(x); pairs.append(y); n += 1 }
var out = "// Generated from ICU's Hant-Hans transform (scripts/generate-chinese-script-table.swift); do not edit.\n"
out += "// \(n) pairs: each traditional ideograph followed by its simplified form.\n\n"
out += "extension ChineseScript {\n    static let pairs: String = \"\"\"\n"
let p = Array(String(pairs))
var i = 0
while i < p.count {
    let end = min(i + 80, p.count)
    // Every line but the last continues the literal without a line break.
    out += "        " + String(p[i..<end]) + (end < p.count ? "\\" : "") + "\n"
    i += 80
}
out += "        \"\"\"\n}\n"
FileManager.default.createFile(atPath: CommandLine.arguments[1], contents: Data(out.utf8))
print(n)
