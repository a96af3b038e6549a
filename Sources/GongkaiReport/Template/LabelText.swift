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
    /// Scalars that never matter when comparing labels: spaces, quotes, punctuation, brackets.
    static let noise: Set<UInt32> = Set(" \t\u{3000}“”\"'‘’「」『』《》,，、:：;；.。．()（）[]【】-_—·*…".unicodeScalars.map(\.value))

    /// ``ChineseNumeral/values`` by scalar value (what the tests check the switch against).
    static let chineseDigitValues: [UInt32: Int] = Dictionary(
        uniqueKeysWithValues: ChineseNumeral.values.compactMap { key, value in
            key.unicodeScalars.first.map { ($0.value, value) }
        })

    /// Whether `v` is in `noise` (a switch: hashing every scalar of every label showed
    /// in profiles). The tests check it against the set for every scalar.
    @inline(__always)
    static func isNoise(_ v: UInt32) -> Bool {
        if v >= 0x3400 && v < 0xFF00 { return false }  // ideographs: the common case
        switch v {
        case 0x09, 0x20, 0x22, 0x27, 0x28...0x2A, 0x2C...0x2E, 0x3A, 0x3B, 0x5B, 0x5D, 0x5F,  // \t space " ' ( ) * , - . : ; [ ] _
            0xB7, 0x2014, 0x2018, 0x2019, 0x201C, 0x201D, 0x2026,  // · — ‘ ’ “ ” …
            0x3000...0x3002, 0x300A...0x3011,  // 　 、 。 《 》 「 」 『 』 【 】
            0xFF08, 0xFF09, 0xFF0C, 0xFF0E, 0xFF1A, 0xFF1B:  // （ ） ， ． ： ；
            return true
        default:
            return false
        }
    }

    /// Scalars skipped before a label's marker.
    @inline(__always)
    static func isLeadingSkip(_ s: Unicode.Scalar) -> Bool {
        s == " " || s == "\t" || s == "-" || s == "•"
    }

    /// The marker at the start of `label` and the rest with noise removed.
    ///
    /// Works on Unicode scalars: labels are matched by the thousand per report, and
    /// `Character` comparison (grapheme clusters) is far too slow for that.
    static func core(of label: some StringProtocol) -> (marker: Marker?, text: String) {
        let all = Array(label.unicodeScalars)
        let (marker, restStart) = marker(in: all)
        var text: [UInt8] = []
        text.reserveCapacity((all.count - restStart) * 3)
        for c in all[restStart...] where !isNoise(c.value) { TextNormalizer.appendUTF8(c.value, to: &text) }
        return (marker, String(decoding: text, as: UTF8.self))
    }

    /// The length in scalars of `core(of:).text` of the label made of `all`.
    static func coreLength(_ all: [Unicode.Scalar]) -> Int {
        var length = 0
        for c in all[marker(in: all).restStart...] where !isNoise(c.value) { length += 1 }
        return length
    }

    /// The marker after the leading spaces, dashes and bullets of `all`, and the index
    /// where the rest of the label starts. Reads at most six scalars after the leading
    /// skip (see `CoreLength`).
    static func marker(in all: [Unicode.Scalar]) -> (marker: Marker?, restStart: Int) {
        var start = 0
        while start < all.count, isLeadingSkip(all[start]) { start += 1 }
        let chars = all[start...]
        var marker: Marker? = nil
        var restStart = chars.startIndex
        func isDigit(_ s: Unicode.Scalar) -> Bool { s.value >= 0x30 && s.value <= 0x39 }
        if let first = chars.first {
            let i0 = chars.startIndex
            if first == "(" || first == "（" {
                var j = i0 + 1
                var value = 0
                var digits = 0
                var chinese: [Int] = []
                while j < chars.endIndex, j - i0 <= 4 {
                    let c = chars[j]
                    if c == " " { j += 1; continue }
                    if let d = ChineseNumeral.value(of: c) {
                        chinese.append(d); digits += 1
                    } else if isDigit(c) {
                        value = value * 10 + Int(c.value - 0x30); digits += 1
                    } else {
                        break
                    }
                    j += 1
                }
                if j < chars.endIndex, chars[j] == ")" || chars[j] == "）", digits > 0, let n = chinese.isEmpty ? value : number(chinese) {
                    marker = .paren(n)
                    restStart = j + 1
                }
            } else if ChineseNumeral.value(of: first) != nil {
                var j = i0
                var chinese: [Int] = []
                while j < chars.endIndex, j - i0 < 3, let d = ChineseNumeral.value(of: chars[j]) { chinese.append(d); j += 1 }
                if j < chars.endIndex, let n = number(chinese) {
                    let c = chars[j]
                    let nextIsDigit = j + 1 < chars.endIndex && ChineseNumeral.value(of: chars[j + 1]) != nil
                    if c == "、" || c == "." || c == "．" || c == "," || c == "，" || (c == " " && !nextIsDigit) {
                        marker = .top(n)
                        restStart = j + 1
                    }
                }
            } else if isDigit(first) {
                var j = i0
                var value = 0
                while j < chars.endIndex, j - i0 < 3, isDigit(chars[j]) { value = value * 10 + Int(chars[j].value - 0x30); j += 1 }
                if j < chars.endIndex {
                    let c = chars[j]
                    if c == "、" || c == "." || c == "．" || c == ")" || c == "）" || c == "," || c == "，" {
                        marker = .arabic(value)
                        restStart = j + 1
                    } else if c == " ", j + 1 < chars.endIndex, !isDigit(chars[j + 1]) {
                        marker = .arabic(value)
                        restStart = j + 1
                    }
                }
            }
        }
        return (marker, restStart)
    }

    /// The length in scalars of `core(of: label).text` for a label built by appending
    /// pieces, at a cost proportional to each piece rather than to the whole label.
    ///
    /// `core(of:)` skips the leading spaces, dashes and bullets, then reads the marker
    /// from at most the next six scalars, then keeps every scalar after the marker that
    /// is not noise. So once the label holds `headLimit` scalars after its leading skip,
    /// its marker is settled, and every further scalar adds one to the length unless it
    /// is noise. Until then the length is that of the short head, recomputed.
    struct CoreLength {
        static let headLimit = 8
        /// The label's first scalars after its leading skip, at most `headLimit`.
        private var head: [Unicode.Scalar] = []
        /// The core length of `head`.
        private var headLength = 0
        /// Scalars after the head that are not noise.
        private var tailLength = 0

        init() {}

        init(_ piece: some StringProtocol) {
            head.reserveCapacity(Self.headLimit)
            append(piece)
        }

        /// The length of the core text of everything appended so far.
        var value: Int { headLength + tailLength }

        mutating func append(_ piece: some StringProtocol) {
            var headChanged = false
            for s in piece.unicodeScalars {
                if head.count < Self.headLimit {
                    if head.isEmpty && LabelText.isLeadingSkip(s) { continue }
                    head.append(s)
                    headChanged = true
                } else if !LabelText.isNoise(s.value) {
                    tailLength += 1
                }
            }
            if headChanged { headLength = LabelText.coreLength(head) }
        }
    }

    /// A number from Chinese numeral digit values (十 = 10) up to 99.
    static func number(_ values: [Int]) -> Int? {
        switch values.count {
        case 1: return values[0]
        case 2 where values[0] == 10: return 10 + values[1]
        case 2 where values[1] == 10: return values[0] * 10
        case 3 where values[1] == 10: return values[0] * 10 + values[2]
        default: return nil
        }
    }

    /// A number written in ASCII digits or Chinese numerals up to 99.
    static func number(_ s: String) -> Int? {
        if let n = Int(s) { return n }
        let values = s.compactMap { ChineseNumeral.values[$0] }
        guard values.count == s.count, !values.isEmpty else { return nil }
        return number(values)
    }

    /// A label prepared for repeated comparison: its scalars and a 128-bit filter of them.
    struct Key: Sendable, Hashable {
        let text: String
        let scalars: [Unicode.Scalar]
        let low: UInt64
        let high: UInt64

        init(_ text: String) {
            self.text = text
            self.scalars = Array(text.unicodeScalars)
            var low: UInt64 = 0
            var high: UInt64 = 0
            for s in scalars {
                let bit = s.value & 127
                if bit < 64 { low |= 1 << bit } else { high |= 1 << (bit - 64) }
            }
            self.low = low
            self.high = high
        }

        @inline(__always)
        func mayContain(_ s: Unicode.Scalar) -> Bool {
            let bit = s.value & 127
            return (bit < 64 ? low >> bit : high >> (bit - 64)) & 1 == 1
        }
    }

    /// How alike two label texts are, from 0 to 1, tolerant of truncation and of a few
    /// wrong or missing characters.
    static func similarity(_ label: String, _ candidate: String, atLeast threshold: Double = 0) -> Double {
        similarity(Key(label), Key(candidate), atLeast: threshold)
    }

    /// - Parameter threshold: scores below it may be returned as 0 without computing
    ///   them (a cheap upper bound rules most unrelated labels out).
    static func similarity(_ label: Key, _ candidate: Key, atLeast threshold: Double = 0) -> Double {
        let a = label.scalars
        let b = candidate.scalars
        if a == b { return 1 }
        guard !a.isEmpty, !b.isEmpty else { return 0 }
        if b.starts(with: a) {
            // Truncated label ("其他法律行政"): good when enough of the label survives.
            return a.count >= 2 ? 0.8 + 0.2 * Double(a.count) / Double(b.count) : 0.5
        }
        if a.starts(with: b) { return b.count >= 2 ? 0.85 : 0.4 }
        if threshold > 0 {
            // Upper bound of the LCS: scalars of `a` that may occur in `b`.
            var possible = 0
            for s in a where candidate.mayContain(s) { possible += 1 }
            let common = min(possible, b.count)
            let dice = 2.0 * Double(common) / Double(a.count + b.count)
            let prefix = a.count < b.count && a.count >= 4 ? 0.95 * 2.0 * Double(min(common, a.count)) / Double(2 * a.count + 1) : 0
            if max(dice, prefix) < threshold { return 0 }
        }
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
