/// The Chinese numerals that number headings, rows and items ("一、", "（三）", "十、") and
/// spell years ("二〇二一"): 〇 and 零 are 0, 一 to 九 are 1 to 9, 十 is 10.
///
/// One table for the engine and the readers: labels, dates and the PDF reader's item
/// numbers all read numerals through it.
public enum ChineseNumeral {
    /// Each numeral's value, by character.
    public static let values: [Character: Int] = [
        "〇": 0, "零": 0, "一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9, "十": 10,
    ]

    /// The value of a numeral scalar, nil for any other scalar: ``values`` as a switch, for
    /// the loops that read labels scalar by scalar (a test checks the two agree).
    @inlinable @inline(__always)
    public static func value(of s: Unicode.Scalar) -> Int? {
        switch s {
        case "〇", "零": 0
        case "一": 1
        case "二": 2
        case "三": 3
        case "四": 4
        case "五": 5
        case "六": 6
        case "七": 7
        case "八": 8
        case "九": 9
        case "十": 10
        default: nil
        }
    }
}
