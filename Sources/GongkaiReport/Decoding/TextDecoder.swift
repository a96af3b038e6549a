import Foundation

/// The character encoding a report file was decoded from.
public enum TextEncoding: String, Sendable, Codable, Hashable {
    case utf8 = "UTF-8"
    case utf8BOM = "UTF-8 (BOM)"
    case utf16LE = "UTF-16LE"
    case utf16BE = "UTF-16BE"
    case gb18030 = "GB18030"
}

/// Why the bytes of a file could not be turned into text.
public struct DecodingError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The offset of the first byte that no supported encoding accepts.
    public var byteOffset: Int
    /// A short explanation (English).
    public var reason: String

    public var description: String { "undecodable input at byte offset \(byteOffset): \(reason)" }
}

/// Turns the bytes of a report file into a Swift string.
///
/// Reports arrive as UTF-8 (with or without BOM), UTF-16 with a BOM, or
/// GB18030/GBK/GB2312 (GB18030 is a superset of the other two). The decoder never
/// guesses silently past broken bytes: input that none of these accepts is an
/// error naming the first offending byte, so a clerk can find it.
public enum TextDecoder {
    /// Decodes `bytes`, detecting the encoding.
    public static func decode(_ bytes: [UInt8]) -> Result<(text: String, encoding: TextEncoding), DecodingError> {
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) {
            let body = bytes[3...]
            let validated = String(validating: body, as: UTF8.self)
            if validated == nil, let offset = firstInvalidUTF8(body) {
                return .failure(DecodingError(byteOffset: offset, reason: "invalid UTF-8 after a UTF-8 byte-order mark"))
            }
            return .success((validated ?? String(decoding: body, as: UTF8.self), .utf8BOM))
        }
        if bytes.starts(with: [0xFF, 0xFE]) || bytes.starts(with: [0xFE, 0xFF]) {
            let littleEndian = bytes[0] == 0xFF
            return decodeUTF16(bytes, from: 2, littleEndian: littleEndian)
        }
        if let guess = utf16WithoutBOM(bytes) {
            return decodeUTF16(bytes, from: 0, littleEndian: guess)
        }
        // Valid UTF-8, the common case, is validated once, by the String initialiser; the
        // byte-by-byte validator runs only to name the offset of a bad byte.
        let validated = String(validating: bytes, as: UTF8.self)
        guard let utf8Offset = validated == nil ? firstInvalidUTF8(bytes[...]) : nil else {
            if let nul = bytes.firstIndex(of: 0) {
                return .failure(DecodingError(byteOffset: nul, reason: "NUL byte: binary data, not text"))
            }
            return .success((validated ?? String(decoding: bytes, as: UTF8.self), .utf8))
        }
        // Not UTF-8: try the GB family. Validate the byte structure ourselves so that a
        // failure can name its offset (Foundation only says nil).
        if let gbOffset = firstInvalidGB18030(bytes) {
            // Report whichever reading got further: that is where the text really breaks.
            let offset = max(utf8Offset, gbOffset)
            return .failure(DecodingError(byteOffset: offset, reason: "neither UTF-8, UTF-16 nor GB18030"))
        }
        if let nul = bytes.firstIndex(of: 0) {
            return .failure(DecodingError(byteOffset: nul, reason: "NUL byte: binary data, not text"))
        }
        guard let text = String(data: Data(bytes), encoding: gb18030Encoding) else {
            return .failure(DecodingError(byteOffset: utf8Offset, reason: "not decodable as GB18030"))
        }
        return .success((text, .gb18030))
    }

    /// Foundation's GB18030 (kCFStringEncodingGB_18030_2000); works on Linux where
    /// the GBK and EUC-CN constants do not.
    static let gb18030Encoding = String.Encoding(rawValue: 0x8000_0632)

    /// Offset of the first byte that makes `bytes` invalid UTF-8 (not the shortest form, a
    /// surrogate, past U+10FFFF, truncated), or nil when valid. The readers use it too.
    public static func firstInvalidUTF8(_ bytes: ArraySlice<UInt8>) -> Int? {
        var i = bytes.startIndex
        let end = bytes.endIndex
        while i < end {
            let b = bytes[i]
            if b < 0x80 { i += 1; continue }
            var need = 0
            var min: UInt32 = 0
            var scalar: UInt32 = 0
            switch b {
            case 0xC2...0xDF: need = 1; scalar = UInt32(b & 0x1F); min = 0x80
            case 0xE0...0xEF: need = 2; scalar = UInt32(b & 0x0F); min = 0x800
            case 0xF0...0xF4: need = 3; scalar = UInt32(b & 0x07); min = 0x10000
            default: return i - bytes.startIndex
            }
            if i + need >= end { return i - bytes.startIndex }
            for k in 1...need {
                let c = bytes[i + k]
                if c & 0xC0 != 0x80 { return i - bytes.startIndex }
                scalar = scalar << 6 | UInt32(c & 0x3F)
            }
            if scalar < min || scalar > 0x10FFFF || (0xD800...0xDFFF).contains(scalar) { return i - bytes.startIndex }
            i += need + 1
        }
        return nil
    }

    /// Offset of the first byte that breaks the GB18030 byte structure, or nil.
    static func firstInvalidGB18030(_ bytes: [UInt8]) -> Int? {
        var i = 0
        let n = bytes.count
        while i < n {
            let b = bytes[i]
            if b < 0x80 { i += 1; continue }
            guard (0x81...0xFE).contains(b), i + 1 < n else { return i }
            let c = bytes[i + 1]
            if (0x40...0x7E).contains(c) || (0x80...0xFE).contains(c) { i += 2; continue }
            if (0x30...0x39).contains(c), i + 3 < n,
                (0x81...0xFE).contains(bytes[i + 2]), (0x30...0x39).contains(bytes[i + 3])
            {
                i += 4; continue
            }
            return i
        }
        return nil
    }

    /// Recognises BOM-less UTF-16 by its zero bytes: text in this domain is mostly
    /// CJK and ASCII, so ASCII characters leave a zero in every other byte.
    static func utf16WithoutBOM(_ bytes: [UInt8]) -> Bool? {
        guard bytes.count >= 8, bytes.count % 2 == 0 else { return nil }
        let sample = bytes.prefix(4096)
        var zeroEven = 0
        var zeroOdd = 0
        for (index, byte) in sample.enumerated() where byte == 0 {
            if index % 2 == 0 { zeroEven += 1 } else { zeroOdd += 1 }
        }
        let pairs = sample.count / 2
        if zeroOdd * 5 > pairs && zeroEven == 0 { return true }
        if zeroEven * 5 > pairs && zeroOdd == 0 { return false }
        return nil
    }

    static func decodeUTF16(_ bytes: [UInt8], from start: Int, littleEndian: Bool) -> Result<(text: String, encoding: TextEncoding), DecodingError> {
        let count = bytes.count - start
        if count % 2 != 0 {
            return .failure(DecodingError(byteOffset: bytes.count - 1, reason: "odd number of bytes in UTF-16 text"))
        }
        var units: [UInt16] = []
        units.reserveCapacity(count / 2)
        var i = start
        while i + 1 < bytes.count {
            let unit = littleEndian ? UInt16(bytes[i]) | UInt16(bytes[i + 1]) << 8 : UInt16(bytes[i]) << 8 | UInt16(bytes[i + 1])
            units.append(unit)
            i += 2
        }
        // Validate surrogate pairs so that broken input is an error, not U+FFFD.
        var k = 0
        while k < units.count {
            let u = units[k]
            if (0xD800...0xDBFF).contains(u) {
                guard k + 1 < units.count, (0xDC00...0xDFFF).contains(units[k + 1]) else {
                    return .failure(DecodingError(byteOffset: start + 2 * k, reason: "unpaired UTF-16 surrogate"))
                }
                k += 2
                continue
            }
            if (0xDC00...0xDFFF).contains(u) {
                return .failure(DecodingError(byteOffset: start + 2 * k, reason: "unpaired UTF-16 surrogate"))
            }
            if u == 0 {
                return .failure(DecodingError(byteOffset: start + 2 * k, reason: "NUL character: binary data, not text"))
            }
            k += 1
        }
        return .success((String(decoding: units, as: UTF16.self), littleEndian ? .utf16LE : .utf16BE))
    }
}
