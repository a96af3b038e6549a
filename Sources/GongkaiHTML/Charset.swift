import GongkaiReport

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Which encoding a page is in, and its conversion to UTF-8 (iconv; no Foundation here).
enum Charset {
    /// How the encoding was decided, for tests and logs.
    enum Source: Sendable, Hashable {
        case byteOrderMark
        case declared
        case sniffed
    }

    struct Decision: Sendable, Hashable {
        /// The iconv name: "UTF-8", "GB18030", "UTF-16LE", "BIG5-HKSCS", …
        var encoding: String
        var source: Source
        /// Bytes of byte-order mark to skip.
        var skip: Int
    }

    /// BOM first; then a declaration in the first 4 KB (`<meta charset>`, `<meta
    /// http-equiv="Content-Type" content="…; charset=…">`, `<?xml … encoding="…"?>`); then
    /// the bytes themselves (valid UTF-8 → UTF-8, else GB18030).
    ///
    /// Declarations are checked against the bytes, because Chinese sites mislabel pages
    /// both ways: a page declared UTF-8 whose bytes are not UTF-8 is read as GB18030; a
    /// page declared GB2312/GBK/GB18030 or a Latin charset whose bytes are valid UTF-8 with
    /// non-ASCII text is read as UTF-8 (GB text is practically never valid UTF-8); a Latin
    /// declaration (ISO-8859-x, windows-125x, ASCII) on bytes that are not UTF-8 is read as
    /// GB18030, the encoding of Chinese pages that claim Latin-1.
    static func detect(_ bytes: [UInt8]) -> Decision {
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { return Decision(encoding: "UTF-8", source: .byteOrderMark, skip: 3) }
        if bytes.starts(with: [0xFF, 0xFE]) { return Decision(encoding: "UTF-16LE", source: .byteOrderMark, skip: 2) }
        if bytes.starts(with: [0xFE, 0xFF]) { return Decision(encoding: "UTF-16BE", source: .byteOrderMark, skip: 2) }
        if bytes.count >= 4, bytes[0] == 0x3C, bytes[1] == 0, bytes[3] == 0 { return Decision(encoding: "UTF-16LE", source: .sniffed, skip: 0) }
        if bytes.count >= 4, bytes[0] == 0, bytes[1] == 0x3C, bytes[2] == 0 { return Decision(encoding: "UTF-16BE", source: .sniffed, skip: 0) }
        let utf8 = validUTF8(bytes[...])
        let ascii = !bytes.contains { $0 >= 0x80 }
        if let declared = declaredLabel(bytes.prefix(4096)).map(canonical) {
            switch declared {
            case "UTF-8":
                return Decision(encoding: utf8 ? "UTF-8" : "GB18030", source: utf8 ? .declared : .sniffed, skip: 0)
            case "LATIN":
                return Decision(encoding: utf8 ? "UTF-8" : "GB18030", source: .sniffed, skip: 0)
            default:
                if utf8, !ascii { return Decision(encoding: "UTF-8", source: .sniffed, skip: 0) }
                return Decision(encoding: declared, source: .declared, skip: 0)
            }
        }
        return Decision(encoding: utf8 ? "UTF-8" : "GB18030", source: .sniffed, skip: 0)
    }

    /// The iconv name for a declared label; "LATIN" for the Latin charsets (see ``detect(_:)``).
    static func canonical(_ label: String) -> String {
        switch label {
        case "utf-8", "utf8", "unicode-1-1-utf-8", "x-unicode20utf8": return "UTF-8"
        case "gb2312", "gbk", "gb18030", "x-gbk", "cp936", "windows-936", "ms936", "euc-cn", "csgb2312", "chinese",
            "iso-ir-58", "gb_2312-80", "gb_2312", "csiso58gb231280", "hz-gb-2312":
            return "GB18030"
        case "big5", "big5-hkscs", "cn-big5", "csbig5", "x-x-big5": return "BIG5-HKSCS"
        case "utf-16", "utf-16le", "unicode", "ucs-2": return "UTF-16LE"
        case "utf-16be": return "UTF-16BE"
        case "us-ascii", "ascii", "iso-8859-1", "latin1", "l1", "iso8859-1", "iso_8859-1", "cp1252", "windows-1252", "x-cp1252",
            "iso-8859-15", "latin-9", "windows-1250", "windows-1251", "iso-8859-2":
            return "LATIN"
        default: return label.uppercased()
        }
    }

    /// The charset a page declares in its head, lowercased.
    static func declaredLabel(_ head: ArraySlice<UInt8>) -> String? {
        let lower = head.map { (0x41...0x5A).contains($0) ? $0 + 0x20 : $0 }
        // An XML declaration at the very start (XHTML).
        if lower.starts(with: Array("<?xml".utf8)), let end = find(Array("?>".utf8), in: lower, from: 0),
            let at = find(Array("encoding".utf8), in: Array(lower[..<end]), from: 0)
        {
            if let value = valueAfter(at + 8, in: lower) { return value }
        }
        var from = 0
        while let meta = find(Array("<meta".utf8), in: lower, from: from) {
            let end = lower[meta...].firstIndex(of: UInt8(ascii: ">")) ?? lower.count
            let tag = Array(lower[meta..<end])
            if let at = find(Array("charset".utf8), in: tag, from: 0), let value = valueAfter(at + 7, in: tag) { return value }
            from = meta + 5
        }
        return nil
    }

    /// The token after `=` (quotes and spaces skipped) at `start`.
    private static func valueAfter(_ start: Int, in bytes: [UInt8]) -> String? {
        var i = start
        func skipSpaces() { while i < bytes.count, bytes[i] == 0x20 || bytes[i] == 0x09 || bytes[i] == 0x0A || bytes[i] == 0x0D { i += 1 } }
        skipSpaces()
        guard i < bytes.count, bytes[i] == UInt8(ascii: "=") else { return nil }
        i += 1
        skipSpaces()
        while i < bytes.count, bytes[i] == UInt8(ascii: "\"") || bytes[i] == UInt8(ascii: "'") { i += 1 }
        var value: [UInt8] = []
        while i < bytes.count, value.count < 40 {
            let b = bytes[i]
            let ok =
                (0x61...0x7A).contains(b) || (0x30...0x39).contains(b) || b == UInt8(ascii: "-") || b == UInt8(ascii: "_")
                || b == UInt8(ascii: ".") || b == UInt8(ascii: ":")
            guard ok else { break }
            value.append(b)
            i += 1
        }
        return value.isEmpty ? nil : String(decoding: value, as: UTF8.self)
    }

    private static func find(_ needle: [UInt8], in haystack: [UInt8], from: Int) -> Int? {
        guard let first = needle.first, haystack.count >= needle.count, from <= haystack.count - needle.count else { return nil }
        var i = from
        while i <= haystack.count - needle.count {
            if haystack[i] == first, haystack[i..<(i + needle.count)].elementsEqual(needle) { return i }
            i += 1
        }
        return nil
    }

    /// Whether the bytes are well-formed UTF-8 (shortest forms, no surrogates).
    static func validUTF8(_ bytes: ArraySlice<UInt8>) -> Bool {
        TextDecoder.firstInvalidUTF8(bytes) == nil
    }

    /// The bytes converted to UTF-8; each byte iconv cannot convert becomes U+FFFD.
    /// Nil when iconv does not know the encoding.
    static func toUTF8(_ input: ArraySlice<UInt8>, from encoding: String) -> [UInt8]? {
        if encoding == "UTF-8" { return Array(String(decoding: input, as: UTF8.self).utf8) }
        guard let converter = iconv_open("UTF-8", encoding), converter != iconv_t(bitPattern: -1) else { return nil }
        defer { iconv_close(converter) }
        guard !input.isEmpty else { return [] }
        var source = Array(input)
        var output = [UInt8](repeating: 0, count: source.count * 3 + 16)
        var produced: Int?
        source.withUnsafeMutableBytes { inRaw in
            output.withUnsafeMutableBytes { outRaw in
                guard let inBase = inRaw.baseAddress, let outBase = outRaw.baseAddress else { return }
                var inPointer: UnsafeMutablePointer<CChar>? = inBase.assumingMemoryBound(to: CChar.self)
                var inLeft = inRaw.count
                var outPointer: UnsafeMutablePointer<CChar>? = outBase.assumingMemoryBound(to: CChar.self)
                var outLeft = outRaw.count
                while inLeft > 0 {
                    if iconv(converter, &inPointer, &inLeft, &outPointer, &outLeft) != -1 { continue }
                    // EILSEQ (a bad sequence) or EINVAL (cut short at the end): one U+FFFD
                    // for the byte, then on. E2BIG cannot happen with 3 bytes out per byte in.
                    guard errno != E2BIG, outLeft >= 3, let at = outPointer, let from = inPointer else { return }
                    at[0] = CChar(bitPattern: 0xEF)
                    at[1] = CChar(bitPattern: 0xBF)
                    at[2] = CChar(bitPattern: 0xBD)
                    outPointer = at + 3
                    outLeft -= 3
                    inPointer = from + 1
                    inLeft -= 1
                    _ = iconv(converter, nil, nil, nil, nil)
                }
                produced = outRaw.count - outLeft
            }
        }
        guard let produced else { return nil }
        output.removeSubrange(produced...)
        return output
    }
}
