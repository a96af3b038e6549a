import GongkaiReport

/// A run of characters on one baseline with no gap wider than a fraction of their height:
/// a word, a number, a piece of a label. Runs are what the layout works with.
struct Run: Sendable {
    var text: String
    var x1: Double
    var y1: Double
    var x2: Double
    var y2: Double
    /// Unicode scalars in the run.
    var count: Int
    var kind: Kind
    /// The number of the item marker the run starts with ("1." → 1, "（三）" → 3, "四、" → 4).
    var marker: Int?

    enum Kind: Sendable, Equatable {
        /// "12", "1,234", "97676.00", "-12", "0件".
        case number
        /// "/", "—", "-": not applicable, written in a value cell.
        case mark
        case text
    }

    var h: Double { max(y2 - y1, 1) }
    var cy: Double { (y1 + y2) / 2 }
    var cx: Double { (x1 + x2) / 2 }
    var isValue: Bool { kind != .text }

    var firstScalar: Unicode.Scalar? { text.unicodeScalars.first }
    var lastScalar: Unicode.Scalar? { text.unicodeScalars.last }
}

enum Runs {
    /// White space ends a run (poppler writes a space between words it sees apart, and a
    /// newline at the end of each line it builds).
    @inline(__always)
    static func isSpace(_ s: Unicode.Scalar) -> Bool {
        switch s.value {
        case 0x09, 0x0A, 0x0B, 0x0C, 0x0D, 0x20, 0xA0, 0x3000, 0x2000...0x200B, 0xFEFF: true
        default: false
        }
    }

    /// Groups a page's characters into runs, in poppler's order: a run ends at white space,
    /// at a change of baseline, or at a horizontal gap wider than 0.45 of the height.
    static func make(_ glyphs: [Glyph]) -> [Run] {
        var runs: [Run] = []
        runs.reserveCapacity(glyphs.count / 3 + 1)
        var scalars = String.UnicodeScalarView()
        var box = (x1: 0.0, y1: 0.0, x2: 0.0, y2: 0.0)
        var last: Glyph? = nil
        var count = 0
        func flush() {
            if count > 0 {
                runs.append(classify(String(scalars), box.x1, box.y1, box.x2, box.y2, count))
            }
            scalars = String.UnicodeScalarView()
            count = 0
            last = nil
        }
        for g in glyphs {
            if isSpace(g.scalar) || g.scalar.value < 0x20 {
                flush()
                continue
            }
            let gh = max(g.y2 - g.y1, 0.5)
            if let l = last {
                let lh = max(l.y2 - l.y1, 0.5)
                let h = min(lh, gh)
                let dy = abs((l.y1 + l.y2) / 2 - (g.y1 + g.y2) / 2)
                let gap = g.x1 - l.x2
                if dy > 0.35 * max(lh, gh) || gap > 0.45 * h || gap < -0.6 * h {
                    flush()
                }
            }
            if count == 0 {
                box = (g.x1, g.y1, g.x2, g.y2)
            } else {
                box = (min(box.x1, g.x1), min(box.y1, g.y1), max(box.x2, g.x2), max(box.y2, g.y2))
            }
            scalars.append(g.scalar)
            count += 1
            last = g
        }
        flush()
        return runs
    }

    static func classify(_ text: String, _ x1: Double, _ y1: Double, _ x2: Double, _ y2: Double, _ count: Int) -> Run {
        let kind: Run.Kind = isNumber(text) ? .number : (isMark(text) ? .mark : .text)
        return Run(text: text, x1: x1, y1: y1, x2: x2, y2: y2, count: count, kind: kind, marker: kind == .text ? marker(text) : nil)
    }

    static let marks: Set<String> = ["/", "／", "\\", "-", "—", "——", "–", "－", "―", "*", "－－", "--"]

    static func isMark(_ text: String) -> Bool {
        text.utf8.count <= 6 && marks.contains(text)
    }

    @inline(__always)
    static func digit(_ s: Unicode.Scalar) -> Int? {
        switch s.value {
        case 0x30...0x39: Int(s.value - 0x30)
        case 0xFF10...0xFF19: Int(s.value - 0xFF10)
        default: nil
        }
    }

    static let unitSuffixes: [String] = ["件", "条", "个", "项", "次", "万元", "元", "%", "％"]

    /// A number as a table cell writes it: sign, digits with thousands separators,
    /// decimals, an optional unit ("12", "-3", "1,234", "97676.00", "0件").
    static func isNumber(_ text: String) -> Bool {
        var scalars = Array(text.unicodeScalars)
        guard !scalars.isEmpty, scalars.count <= 24 else { return false }
        if let suffix = unitSuffixes.first(where: { s in
            let u = Array(s.unicodeScalars)
            return scalars.count > u.count && Array(scalars.suffix(u.count)) == u
        }) {
            scalars.removeLast(suffix.unicodeScalars.count)
        }
        var i = 0
        if let first = scalars.first, first == "-" || first == "+" || first == "−" || first == "－" { i = 1 }
        var digits = 0
        var sawDot = false
        var afterDot = 0
        while i < scalars.count {
            let s = scalars[i]
            if digit(s) != nil {
                digits += 1
                if sawDot { afterDot += 1 }
            } else if (s == "," || s == "，") && digits > 0 && !sawDot {
                // thousands separator
            } else if (s == "." || s == "．") && digits > 0 && !sawDot {
                sawDot = true
            } else {
                return false
            }
            i += 1
        }
        // "3." is an item number, not a value.
        return digits > 0 && (!sawDot || afterDot > 0)
    }

    /// The number of the item marker a label starts with: "1." "2、" "（三）" "(3)" "四、".
    static func marker(_ text: String) -> Int? {
        var it = text.unicodeScalars.makeIterator()
        guard let first = it.next() else { return nil }
        func numeral(_ start: Unicode.Scalar?) -> (value: Int, next: Unicode.Scalar?)? {
            var s = start
            var value = 0
            var seen = 0
            var chinese = false
            while let c = s, seen < 4 {
                if let d = digit(c), !chinese {
                    value = value * 10 + d
                } else if let d = ChineseNumeral.value(of: c), seen == 0 || chinese {
                    chinese = true
                    if d == 10 { value = value == 0 ? 10 : value * 10 } else { value = value >= 10 && value % 10 == 0 ? value + d : value * 10 + d }
                } else {
                    break
                }
                seen += 1
                s = it.next()
            }
            return seen > 0 ? (value, s) : nil
        }
        if first == "（" || first == "(" {
            guard let (value, next) = numeral(it.next()), next == "）" || next == ")" else { return nil }
            return value
        }
        let isDigit = digit(first) != nil
        guard isDigit || ChineseNumeral.value(of: first) != nil, let (value, next) = numeral(first) else { return nil }
        guard let n = next else { return nil }
        if n == "、" { return value }
        if n == "." || n == "．" {
            // "1.5" is a number, not a marker.
            if let after = it.next(), digit(after) != nil { return nil }
            return value
        }
        return nil
    }

    /// Whether the scalar is a CJK ideograph or full-width punctuation (text that joins
    /// without spaces).
    @inline(__always)
    static func isWide(_ s: Unicode.Scalar) -> Bool {
        let v = s.value
        return (v >= 0x2E80 && v <= 0x9FFF) || (v >= 0xF900 && v <= 0xFAFF) || (v >= 0xFF00 && v <= 0xFFEF) || (v >= 0x20000 && v <= 0x3FFFF)
            || v == 0x201C || v == 0x201D || v == 0x2018 || v == 0x2019
    }

    /// Appends a piece of the same line or cell: CJK text joins directly, Latin words and
    /// numbers keep a space (and pieces far apart, with `wide`). In place, so that a long
    /// text built one piece at a time stays linear.
    static func append(_ a: inout String, _ b: String, spaced: Bool, wide: Bool = false) {
        guard let l = a.unicodeScalars.last, let f = b.unicodeScalars.first else { a += b; return }
        if wide || !(isWide(l) && isWide(f)) && (spaced || !(isWide(l) || isWide(f))) { a += " " }
        a += b
    }
}

/// A horizontal or vertical extent.
struct Span: Sendable, Equatable {
    var lo: Double
    var hi: Double

    var mid: Double { (lo + hi) / 2 }
    var width: Double { hi - lo }

    func overlap(_ other: Span) -> Double { min(hi, other.hi) - max(lo, other.lo) }
    func union(_ other: Span) -> Span { Span(lo: min(lo, other.lo), hi: max(hi, other.hi)) }
    /// Distance between the spans (0 when they overlap).
    func distance(_ other: Span) -> Double { max(0, max(lo, other.lo) - min(hi, other.hi)) }
}

extension Run {
    var xs: Span { Span(lo: x1, hi: x2) }
    var ys: Span { Span(lo: y1, hi: y2) }
}

/// Lines: runs grouped by vertical position.
enum Lines {
    /// Groups runs (given by index) into lines, top to bottom; each line's runs left to right.
    static func group(_ indices: [Int], _ runs: [Run]) -> [[Int]] {
        let sorted = indices.sorted { runs[$0].cy < runs[$1].cy }
        var lines: [[Int]] = []
        var current: [Int] = []
        var center = 0.0
        var height = 0.0
        for i in sorted {
            let r = runs[i]
            if !current.isEmpty, abs(r.cy - center) <= 0.5 * min(r.h, height) {
                current.append(i)
                continue
            }
            if !current.isEmpty { lines.append(current) }
            current = [i]
            center = r.cy
            height = r.h
        }
        if !current.isEmpty { lines.append(current) }
        return lines.map { $0.sorted { runs[$0].x1 < runs[$1].x1 } }
    }
}
