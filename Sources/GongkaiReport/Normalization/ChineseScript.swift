import Foundation

/// Traditional → simplified Chinese, character by character, for matching.
///
/// ICU's `Hant-Hans` transform is correct but far too slow to run on every report;
/// applying it once to every CJK ideograph gives a lookup table (built lazily, about
/// 60 ms, once per process) that maps a whole report in microseconds.
enum ChineseScript {
    static let firstScalar: UInt32 = 0x3400
    static let lastScalar: UInt32 = 0x9FFF

    /// `table[s - firstScalar]` is the simplified form of `s` (or `s` itself).
    static let table: [UInt32] = {
        var source = String.UnicodeScalarView()
        var identity: [UInt32] = []
        identity.reserveCapacity(Int(lastScalar - firstScalar + 1))
        for value in firstScalar...lastScalar {
            identity.append(value)
            if let scalar = Unicode.Scalar(value) { source.append(scalar) }
        }
        let original = String(source)
        guard let converted = original.applyingTransform(StringTransform(rawValue: "Hant-Hans"), reverse: false) else {
            return identity
        }
        let from = Array(original.unicodeScalars)
        let to = Array(converted.unicodeScalars)
        // The transform is one scalar to one scalar over this range; if a future ICU
        // changes that, fall back to identity rather than misalign the table.
        guard from.count == to.count else { return identity }
        var table = identity
        for (a, b) in zip(from, to) where a != b {
            table[Int(a.value - firstScalar)] = b.value
        }
        return table
    }()

    /// The simplified form of one scalar.
    @inline(__always)
    static func simplified(_ value: UInt32) -> UInt32 {
        guard value >= firstScalar, value <= lastScalar else { return value }
        return table[Int(value - firstScalar)]
    }

    /// Whether `value` is a CJK ideograph (the basic and extension-A blocks).
    @inline(__always)
    static func isIdeograph(_ value: UInt32) -> Bool {
        (0x4E00...0x9FFF).contains(value) || (0x3400...0x4DBF).contains(value)
    }
}
