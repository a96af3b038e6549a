/// The numbering printed before a label: "一、", "（一）", "1." …
enum Marker: Sendable, Hashable {
    case none
    /// "一、" "二." — top-level items and section headings.
    case top(Int)
    /// "（一）" "(二)" — result rows and sub-heads.
    case paren(Int)
    /// "1." "2、" — items inside a group.
    case arabic(Int)

    var number: Int? {
        switch self {
        case .none: nil
        case .top(let n), .paren(let n), .arabic(let n): n
        }
    }
}

/// Splits a label into its numbering and its matchable text.
enum LabelText {
    static let chineseDigits: [Character: Int] = ["〇": 0, "零": 0, "一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9, "十": 10]

    /// Characters that never matter when comparing labels.
    static func isNoise(_ c: Character) -> Bool {
        switch c {
        case " ", "\t", "\u{3000}", "“", "”", "\"", "'", "‘", "’", "「", "」", "『", "』", "《", "》",
             ",", "，", "、", ":", "：", ";", "；", ".", "。", "．", "(", ")", "（", "）", "[", "]", "【", "】", "-", "_", "—", "·", "*", "…":
            true
        default:
            false
        }
    }

    /// The marker at the start of `label` and the rest with noise removed.
    static func core(of label: some StringProtocol) -> (marker: Marker?, text: String) {
        let chars = Array(label.drop(while: { $0 == " " || $0 == "\t" || $0 == "-" || $0 == "•" }))
        var marker: Marker? = nil
        var rest = chars[...]
        if let first = chars.first {
            if first == "(" || first == "（" {
                // "(一)" or "(1)"
                var j = 1
                var digits = ""
                while j < chars.count, j <= 4, chars[j] == " " || chineseDigits[chars[j]] != nil || chars[j].isASCIIDigit {
                    if chars[j] != " " { digits.append(chars[j]) }
                    j += 1
                }
                if j < chars.count, chars[j] == ")" || chars[j] == "）", let n = number(digits) {
                    marker = .paren(n)
                    rest = chars[(j + 1)...]
                }
            } else if chineseDigits[first] != nil {
                var j = 0
                var digits = ""
                while j < chars.count, j < 3, chineseDigits[chars[j]] != nil { digits.append(chars[j]); j += 1 }
                if j < chars.count, "、.．,，".contains(chars[j]) || (chars[j] == " " && j + 1 < chars.count && !chineseDigits.keys.contains(chars[j + 1])), let n = number(digits) {
                    marker = .top(n)
                    rest = chars[(j + 1)...]
                }
            } else if first.isASCIIDigit {
                var j = 0
                var digits = ""
                while j < chars.count, j < 3, chars[j].isASCIIDigit { digits.append(chars[j]); j += 1 }
                if j < chars.count, "、.．)）,，".contains(chars[j]), let n = Int(digits) {
                    marker = .arabic(n)
                    rest = chars[(j + 1)...]
                } else if j < chars.count, chars[j] == " ", j + 1 < chars.count, !chars[j + 1].isASCIIDigit, let n = Int(digits) {
                    marker = .arabic(n)
                    rest = chars[(j + 1)...]
                }
            }
        }
        var text = ""
        text.reserveCapacity(rest.count * 3)
        for c in rest where !isNoise(c) { text.append(c) }
        return (marker, text)
    }

    /// A number written in ASCII digits or Chinese numerals up to 99.
    static func number(_ s: String) -> Int? {
        if let n = Int(s) { return n }
        let values = s.compactMap { chineseDigits[$0] }
        guard values.count == s.count, !values.isEmpty else { return nil }
        switch values.count {
        case 1: return values[0]
        case 2 where values[0] == 10: return 10 + values[1]
        case 2 where values[1] == 10: return values[0] * 10
        case 3 where values[1] == 10: return values[0] * 10 + values[2]
        default: return nil
        }
    }

    /// How alike two label texts are, from 0 to 1, tolerant of truncation and of a few
    /// wrong or missing characters.
    static func similarity(_ label: String, _ candidate: String) -> Double {
        if label == candidate { return 1 }
        let a = Array(label.unicodeScalars), b = Array(candidate.unicodeScalars)
        guard !a.isEmpty, !b.isEmpty else { return 0 }
        if b.starts(with: a) {
            // Truncated label ("其他法律行政"): good when enough of the label survives.
            return a.count >= 2 ? 0.8 + 0.2 * Double(a.count) / Double(b.count) : 0.5
        }
        if a.starts(with: b) { return b.count >= 2 ? 0.85 : 0.4 }
        let common = lcs(a, b)
        // Truncated and misspelt: compare against the candidate's prefix of the same length.
        let prefixScore = a.count < b.count ? 2.0 * Double(lcs(a, Array(b.prefix(a.count + 1)))) / Double(2 * a.count + 1) : 0
        return max(2.0 * Double(common) / Double(a.count + b.count), a.count >= 4 ? prefixScore * 0.95 : 0)
    }

    /// Length of the longest common subsequence.
    static func lcs(_ a: [Unicode.Scalar], _ b: [Unicode.Scalar]) -> Int {
        guard a.count <= 200, b.count <= 200 else { return 0 }
        var previous = [Int](repeating: 0, count: b.count + 1)
        var current = previous
        for x in a {
            for (j, y) in b.enumerated() {
                current[j + 1] = x == y ? previous[j] + 1 : max(previous[j + 1], current[j])
            }
            swap(&previous, &current)
        }
        return previous[b.count]
    }
}
