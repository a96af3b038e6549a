import Foundation

/// Normalises decoded report text for matching, keeping its line and cell structure.
///
/// What the published reports do to text, and what this undoes:
/// - full-width ASCII, ideographic spaces and compatibility forms (including the Kangxi
///   radicals PDF extraction produces for 一, 二, …) → NFKC-like plain forms;
/// - traditional characters (mirror sites) → simplified, for matching only;
/// - inline pinyin glosses inserted by mirror sites, "統(tǒng)計" → "统计", while real
///   brackets such as "(一)" or "(单位:万元)" stay;
/// - "[bookmark: _GoBack]" and similar artefacts of DOCX export;
/// - HTML markup (rows and cells become lines and tabs);
/// - PDF page numbers on lines of their own ("- 4 -", "第 4 页").
/// Line breaks are kept: the layout reader needs them. CR LF and CR become LF.
public enum TextNormalizer {
    /// The normalised text of `text`.
    public static func normalize(_ text: String) -> String {
        lines(text).joined(separator: "\n")
    }

    /// The normalised text of `text`, as lines (what the layout reader reads).
    static func lines(_ text: String) -> [String] {
        var scalars = unicodeScalars(of: text)
        if HTMLText.looksLikeHTML(scalars) {
            scalars = HTMLText.flatten(scalars)
        }
        if needsCompatibilityMapping(scalars) {
            scalars = Array(String(String.UnicodeScalarView(scalars)).precomposedStringWithCompatibilityMapping.unicodeScalars)
        }
        let simplify = looksTraditional(scalars)
        let table = ChineseScript.table
        // Lines are built as UTF-8 bytes: appending scalars to a String one by one
        // costs far more than encoding them by hand.
        var lines: [String] = []
        var out: [UInt8] = []
        out.reserveCapacity(256)
        var lastScalar: UInt32 = 0
        func endLine() {
            lines.append(isPageNumber(out) ? "" : String(decoding: out, as: UTF8.self))
            out.removeAll(keepingCapacity: true)
            lastScalar = 0
        }
        var i = 0
        let n = scalars.count
        while i < n {
            var v = scalars[i].value
            // Line ends.
            if v == 0x0A || v == 0x0D {
                if v == 0x0D, i + 1 < n, scalars[i + 1] == "\n" { i += 1 }
                endLine()
                i += 1
                continue
            }
            // Artefacts: "[bookmark: _GoBack]".
            if v == 0x5B, let end = bookmarkEnd(scalars, from: i) {
                i = end
                continue
            }
            // Width and spaces.
            if v < 0x80 {
                if v < 0x20 && v != 0x09 { if v == 0x0B || v == 0x0C { endLine() }; i += 1; continue }
            } else if v >= 0xFF01 && v <= 0xFF5E {
                v -= 0xFEE0
            } else if v == 0x3000 || v == 0x00A0 || (v >= 0x2002 && v <= 0x200A) || v == 0x202F || v == 0x205F {
                v = 0x20
            } else if v == 0x200B || v == 0x200C || v == 0x200D || v == 0xFEFF || v == 0x2060 || v == 0x00AD {
                i += 1; continue
            } else if v == 0x2028 || v == 0x2029 || v == 0x85 {
                endLine(); i += 1; continue
            } else if simplify, v >= ChineseScript.firstScalar, v <= ChineseScript.lastScalar {
                v = table[Int(v - ChineseScript.firstScalar)]
            }
            // Pinyin glosses: "(tǒng)" after an ideograph.
            if v == 0x28, ChineseScript.isIdeograph(lastScalar), let end = pinyinGlossEnd(scalars, from: i) {
                i = end
                continue
            }
            appendUTF8(v, to: &out)
            lastScalar = v
            i += 1
        }
        endLine()
        return lines
    }

    /// `Array(text.unicodeScalars)` in one pass over the bytes: the array initialiser
    /// decodes the text twice, once to count the scalars and once to copy them. A String
    /// is valid UTF-8, so each scalar is its lead byte and its continuation bytes.
    static func unicodeScalars(of text: String) -> [Unicode.Scalar] {
        var text = text
        return text.withUTF8 { bytes in
            var count = 0
            for byte in bytes where byte & 0xC0 != 0x80 { count += 1 }
            return [Unicode.Scalar](unsafeUninitializedCapacity: count) { buffer, initialized in
                var i = 0
                while i < bytes.count, initialized < count {
                    let lead = bytes[i]
                    let length = lead < 0x80 ? 1 : lead < 0xE0 ? 2 : lead < 0xF0 ? 3 : 4
                    guard i + length <= bytes.count else { break }
                    var value = length == 1 ? UInt32(lead) : UInt32(lead) & (0x7F >> length)
                    for k in 1..<length { value = value << 6 | UInt32(bytes[i + k] & 0x3F) }
                    buffer.initializeElement(at: initialized, to: Unicode.Scalar(value) ?? "\u{FFFD}")
                    initialized += 1
                    i += length
                }
            }
        }
    }

    @inline(__always)
    static func appendUTF8(_ v: UInt32, to out: inout [UInt8]) {
        switch v {
        case 0..<0x80:
            out.append(UInt8(v))
        case 0x80..<0x800:
            out.append(UInt8(0xC0 | (v >> 6)))
            out.append(UInt8(0x80 | (v & 0x3F)))
        case 0x800..<0x10000:
            out.append(UInt8(0xE0 | (v >> 12)))
            out.append(UInt8(0x80 | ((v >> 6) & 0x3F)))
            out.append(UInt8(0x80 | (v & 0x3F)))
        default:
            out.append(UInt8(0xF0 | (v >> 18)))
            out.append(UInt8(0x80 | ((v >> 12) & 0x3F)))
            out.append(UInt8(0x80 | ((v >> 6) & 0x3F)))
            out.append(UInt8(0x80 | (v & 0x3F)))
        }
    }

    /// Whether any scalar needs NFKC beyond the fast full-width mapping done inline.
    static func needsCompatibilityMapping(_ scalars: [Unicode.Scalar]) -> Bool {
        for s in scalars {
            let v = s.value
            if v < 0x2000 { continue }
            if (0x2150...0x218F).contains(v)  // number forms, roman numerals
                || (0x2460...0x24FF).contains(v)  // enclosed alphanumerics ①
                || (0x2F00...0x2FDF).contains(v)  // Kangxi radicals from PDF text
                || (0x2E80...0x2EFF).contains(v)  // CJK radicals supplement
                || (0x3200...0x33FF).contains(v)  // enclosed CJK, compatibility
                || (0xF900...0xFAFF).contains(v)  // CJK compatibility ideographs
                || (0xFE10...0xFE6F).contains(v)  // vertical and small forms
                || (0xFF5F...0xFFEF).contains(v)  // half-width forms
            {
                return true
            }
        }
        return false
    }

    /// Whether the text is written in traditional characters (enough of them that it
    /// is not just a simplified text naming, say, 乾县).
    static func looksTraditional(_ scalars: [Unicode.Scalar]) -> Bool {
        var traditional = 0
        var ideographs = 0
        for s in scalars {
            let v = s.value
            guard ChineseScript.isIdeograph(v) else { continue }
            ideographs += 1
            if ChineseScript.simplified(v) != v { traditional += 1 }
        }
        return traditional >= 5 && traditional * 50 >= ideographs
    }

    /// The index after "[bookmark: …]" starting at `i`, if there is one.
    static func bookmarkEnd(_ s: [Unicode.Scalar], from i: Int) -> Int? {
        let word = Array("[bookmark:".unicodeScalars)
        guard i + word.count < s.count else { return nil }
        for k in 0..<word.count where s[i + k] != word[k] { return nil }
        var j = i + word.count
        while j < s.count, j - i < 80, s[j] != "]", s[j] != "\n" { j += 1 }
        guard j < s.count, s[j] == "]" else { return nil }
        return j + 1
    }

    static let toneVowels: Set<UInt32> = Set("āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜüêńňǹḿ".unicodeScalars.map(\.value))

    /// The index after a pinyin gloss "(…)" starting at `i`, or nil when the bracket
    /// holds anything but pinyin (so "(一)" and "(单位:万元)" are kept).
    static func pinyinGlossEnd(_ s: [Unicode.Scalar], from i: Int) -> Int? {
        var j = i + 1
        var letters = 0
        var toned = false
        while j < s.count, j - i <= 12 {
            let v = s[j].value
            if v == 0x29 || v == 0xFF09 { break }
            if (0x61...0x7A).contains(v) {
                letters += 1
            } else if toneVowels.contains(v) {
                letters += 1; toned = true
            } else if v == 0x20 && letters > 0 {
            } else {
                return nil
            }
            j += 1
        }
        guard j < s.count, s[j].value == 0x29 || s[j].value == 0xFF09, letters > 0, letters <= 7 else { return nil }
        // Toneless syllables ("(de)") only when an ideograph follows, as in a gloss run.
        if !toned {
            guard j + 1 < s.count, ChineseScript.isIdeograph(s[j + 1].value) else { return nil }
        }
        return j + 1
    }

    static let dashes: Set<UInt32> = [0x2D, 0x2014, 0x2013, 0xFF0D, 0x2015]

    /// Whether a line (UTF-8) is only a PDF page number: "- 4 -", "— 12 —", "第 4 页", "第4页 共10页", "4/10".
    static func isPageNumber(_ line: [UInt8]) -> Bool {
        // Short lines only; most lines end the check here.
        guard !line.isEmpty, line.count <= 40 else { return false }
        var t: [UInt32] = []
        for s in String(decoding: line, as: UTF8.self).unicodeScalars where s != " " && s != "\t" {
            t.append(s.value)
            if t.count > 14 { return false }
        }
        guard let first = t.first, let last = t.last else { return false }
        func isDigit(_ v: UInt32) -> Bool { v >= 0x30 && v <= 0x39 }
        if dashes.contains(first), dashes.contains(last) {
            let inner = t.filter { !dashes.contains($0) }
            return !inner.isEmpty && inner.allSatisfy(isDigit) && t.count - inner.count >= 2
        }
        let di: UInt32 = 0x7B2C
        let ye: UInt32 = 0x9875
        let gong: UInt32 = 0x5171  // 第 页 共
        if first == di, t.contains(ye) {
            return t.allSatisfy { isDigit($0) || $0 == di || $0 == ye || $0 == gong || $0 == 0x2C }
        }
        if let slash = t.firstIndex(of: 0x2F), t.count <= 7 {
            let a = t[..<slash]
            let b = t[(slash + 1)...]
            return !a.isEmpty && !b.isEmpty && a.allSatisfy(isDigit) && b.allSatisfy(isDigit)
        }
        return false
    }
}

extension Character {
    /// An ASCII digit 0–9 (unlike `isNumber`, which also accepts 一 and ①).
    @inline(__always)
    var isASCIIDigit: Bool { asciiValue.map { $0 >= 48 && $0 <= 57 } ?? false }
}
