/// Traditional → simplified Chinese, character by character, for matching.
///
/// The mapping is ICU's `Hant-Hans` transform applied to every CJK ideograph, frozen
/// into `ChineseScriptTable.swift` by `scripts/generate-chinese-script-table.swift`:
/// running ICU per report is far too slow, building the table from ICU at start-up
/// costs 60 ms per process (every `gongkai check`), and a frozen table gives the same
/// verdict whatever ICU version the machine has.
enum ChineseScript {
    static let firstScalar: UInt32 = 0x3400
    static let lastScalar: UInt32 = 0x9FFF

    /// `table[s - firstScalar]` is the simplified form of `s` (or `s` itself).
    static let table: [UInt32] = {
        var table = (firstScalar...lastScalar).map { $0 }
        let scalars = Array(pairs.unicodeScalars)
        var i = 0
        while i + 1 < scalars.count {
            let from = scalars[i].value
            if from >= firstScalar, from <= lastScalar { table[Int(from - firstScalar)] = scalars[i + 1].value }
            i += 2
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
