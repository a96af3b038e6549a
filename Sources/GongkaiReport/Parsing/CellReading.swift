/// What a cell of a table row holds.
enum CellContent: Sendable, Hashable {
    /// Nothing.
    case empty
    /// A number as written (sign, digits, thousands separators, decimals).
    case number(Double, raw: String)
    /// "/" or "—" or "无": not applicable; treated as blank in Tables 3 and 4.
    case notApplicable(raw: String)
    /// A run of digits glued together ("1000001"), as in tables flattened to text.
    case digitRun(String)
    /// Text: a row or column label.
    case label(String)
    /// Something that is neither a number nor a label ("abc", "1O").
    case invalid(raw: String)

    var isEmpty: Bool { if case .empty = self { true } else { false } }
    var isLabel: Bool { if case .label = self { true } else { false } }
    var isValueLike: Bool {
        switch self {
        case .number, .notApplicable, .digitRun, .invalid: true
        case .empty, .label: false
        }
    }
    var raw: String? {
        switch self {
        case .empty: nil
        case .number(_, let raw), .notApplicable(let raw), .invalid(let raw): raw
        case .digitRun(let s), .label(let s): s
        }
    }
}

enum CellReading {
    static let notApplicableMarks: Set<String> = ["/", "／", "\\", "-", "—", "——", "–", "－", "―", "无", "空", "N/A", "n/a", "NA", "*"]

    /// Classifies one cell's text.
    static func classify(_ text: String) -> CellContent {
        if text.isEmpty { return .empty }
        if text.utf8.count <= 6, notApplicableMarks.contains(text) { return .notApplicable(raw: text) }
        if let n = number(text) { return .number(n, raw: text) }
        var ideographs = 0
        var letters = 0
        for s in text.unicodeScalars {
            if ChineseScript.isIdeograph(s.value) {
                ideographs += 1
            } else if (0x41...0x5A).contains(s.value) || (0x61...0x7A).contains(s.value) {
                letters += 1
            }
        }
        if ideographs >= 2 || (ideographs >= 1 && LabelText.core(of: text).marker != nil) { return .label(text) }
        if ideographs == 0 && letters >= 3 && !text.contains(where: \.isASCIIDigit) { return .label(text) }
        return .invalid(raw: text)
    }

    /// Measure words and units that may follow a number in a cell ("0件", "3.5万元").
    static let unitSuffixes: [[UInt8]] = ["件", "条", "个", "项", "次", "万元", "元", "万"].map { Array($0.utf8) }

    /// Parses "12", "-3", "1,234", "97676.00", "0件" style numbers (on UTF-8 bytes).
    static func number(_ text: String) -> Double? {
        // Most cells are labels: decide from the first byte before copying anything.
        guard let first = text.utf8.first, first < 0x80, text.utf8.count <= 40 else { return nil }
        var bytes = Array(text.utf8)
        if let last = bytes.last, last >= 0x80 {
            guard let unit = unitSuffixes.first(where: { bytes.count > $0.count && bytes.suffix($0.count).elementsEqual($0) }) else { return nil }
            bytes.removeLast(unit.count)
        }
        guard bytes.count <= 24 else { return nil }
        var digits = 0
        var sawDot = false
        var cleaned: [UInt8] = []
        cleaned.reserveCapacity(bytes.count)
        for (i, c) in bytes.enumerated() {
            switch c {
            case 0x30...0x39: digits += 1; cleaned.append(c)
            case 0x2C where i > 0 && digits > 0: continue
            case 0x2E where !sawDot && digits > 0: sawDot = true; cleaned.append(c)
            case 0x2D where i == 0: cleaned.append(c)
            case 0x2B where i == 0: continue
            default: return nil
            }
        }
        guard digits > 0 else { return nil }
        if cleaned.last == 0x2E { cleaned.removeLast() }  // "3." reads as 3
        return Double(String(decoding: cleaned, as: UTF8.self))
    }

    /// Splits "（七）总计 3 0 0 0 0 0 3" or "总计3000003" into the label and the values
    /// written after it on the same line (PDF text keeps them in one cell).
    static func splitTrailingValues(_ text: String) -> (label: String, values: [CellContent])? {
        // Only worth trying when the text ends in a digit, "/" or "-".
        guard let last = text.utf8.last, (0x30...0x39).contains(last) || last == 0x2F || last == 0x2D else { return nil }
        let tokens = text.utf8.split(separator: 0x20, omittingEmptySubsequences: true).map { Substring($0) }
        guard tokens.count >= 1 else { return nil }
        var values: [CellContent] = []
        var index = tokens.count
        while index > 0 {
            let token = String(tokens[index - 1])
            if notApplicableMarks.contains(token) && token != "无" && token != "空" {
                values.append(.notApplicable(raw: token))
            } else if let n = number(token) {
                values.append(.number(n, raw: token))
            } else {
                break
            }
            index -= 1
        }
        values.reverse()
        var label = tokens[..<index].joined(separator: " ")
        // Digits glued to the label's end: "申请数量1000001".
        if let last = label.last, last.isASCIIDigit {
            var trailing = String(label.reversed().prefix(while: \.isASCIIDigit).reversed())
            var head = String(label.dropLast(trailing.count))
            // An amount glued to its label: "行政事业性收费9116.36".
            let wholeDigits = head.hasSuffix(".") ? head.dropLast().reversed().prefix(while: \.isASCIIDigit).count : 0
            if wholeDigits > 0 {
                let n = wholeDigits
                let whole = String(head.dropLast().suffix(n))
                let before = String(head.dropLast(n + 1))
                if let h = before.unicodeScalars.last, ChineseScript.isIdeograph(h.value), h != "第" {
                    let amount = whole + "." + trailing
                    if let value = number(amount) {
                        values.insert(.number(value, raw: amount), at: 0)
                        return (before, values)
                    }
                }
                trailing = ""
                head = label
            }
            // The label must end like a label: an ideograph or closing punctuation
            // ("…情形)0000000", "…一稳定”0000000"), and not "第" ("第2").
            if let h = head.unicodeScalars.last, ChineseScript.isIdeograph(h.value) || ")）”」》]".unicodeScalars.contains(h),
                h != "第"
            {
                label = head
                values.insert(trailing.count == 1 ? .number(Double(trailing) ?? 0, raw: trailing) : .digitRun(trailing), at: 0)
            }
        }
        guard !values.isEmpty, !label.isEmpty else { return nil }
        return (label, values)
    }

    /// Splits "三、本年度办理结果 (一)予以公开" (two labels flattened into one cell, as in
    /// PDF text) at each space followed by numbering; "2. 其他法律行政" stays whole.
    static func splitLabels(_ text: String) -> [String] {
        let parts = text.utf8.split(separator: 0x20, omittingEmptySubsequences: true).map { String(Substring($0)) }
        guard parts.count > 1 else { return [text] }
        var labels: [String] = []
        // The core length of the label being built, kept up to date piece by piece:
        // recomputing it over the whole growing label made a long line quadratic.
        var lastCoreLength = 0
        var growing = LabelText.CoreLength()
        var grown = false  // whether `growing` holds the label being built (made when it first grows)
        for part in parts {
            let core = LabelText.core(of: part)
            if labels.isEmpty || (core.marker != nil && !core.text.isEmpty && lastCoreLength >= 2) {
                labels.append(part)
                lastCoreLength = core.text.unicodeScalars.count
                grown = false
            } else {
                if !grown {
                    growing = LabelText.CoreLength(labels[labels.count - 1])
                    grown = true
                }
                growing.append(" ")
                growing.append(part)
                lastCoreLength = growing.value
                labels[labels.count - 1] += " " + part
            }
        }
        return labels
    }

    /// The digits of a glued run, or of a lone "number" with at least `width` digits:
    /// no table holds a million applications, so "1000001" in a row of seven columns is
    /// seven numbers run together, not one.
    static func digitRun(_ content: CellContent, atLeast width: Int) -> String? {
        switch content {
        case .digitRun(let run):
            return run
        case .number(_, let raw) where raw.utf8.count >= width && raw.utf8.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }):
            return raw
        default:
            return nil
        }
    }

    /// The display columns (CJK characters count two, as a terminal or PDF layout draws
    /// them) at which the last `count` space-separated tokens of `text` start, offset by
    /// `indent`; nil unless the tokens are separated by runs of at least two spaces, the
    /// mark of column-aligned text.
    static func trailingTokenColumns(_ text: String, count: Int, indent: Int) -> [Int]? {
        guard count > 0 else { return nil }
        var starts: [Int] = []
        var gaps: [Int] = []
        var column = indent
        var previousSpace = true
        var spaceRun = indent  // the line's own indentation separates a leading number
        for s in text.unicodeScalars {
            if s == " " {
                spaceRun += 1
                column += 1
                previousSpace = true
                continue
            }
            if previousSpace {
                starts.append(column)
                gaps.append(spaceRun)
            }
            previousSpace = false
            spaceRun = 0
            column +=
                (s.value >= 0x1100
                    && (ChineseScript.isIdeograph(s.value) || (0x3000...0x303F).contains(s.value) || (0xFF00...0xFF60).contains(s.value) || s == "“"
                        || s == "”"))
                ? 2 : 1
        }
        guard starts.count >= count else { return nil }
        // Column-aligned text separates its columns by two spaces or more.
        guard gaps.suffix(count).allSatisfy({ $0 >= 2 }) else { return nil }
        return Array(starts.suffix(count))
    }

    /// Reads a row's cells: labels split from trailing numbers, every cell classified.
    static func contents(of row: Row) -> [CellContent] {
        var out: [CellContent] = []
        out.reserveCapacity(row.cells.count)
        for cell in row.cells {
            let kind = classify(cell)
            if case .label(let text) = kind, let split = splitTrailingValues(text) {
                out.append(contentsOf: splitLabels(split.label).map { .label($0) })
                out.append(contentsOf: split.values)
            } else if case .label(let text) = kind, text.hasByte(0x20) {
                out.append(contentsOf: splitLabels(text).map { .label($0) })
            } else if case .invalid(let raw) = kind, raw.utf8.contains(0x20) {
                // "0 0 0 0" in one cell.
                let parts = raw.utf8.split(separator: 0x20).map { classify(String(Substring($0))) }
                if parts.allSatisfy({ if case .number = $0 { true } else if case .notApplicable = $0 { true } else { false } }) {
                    out.append(contentsOf: parts)
                } else {
                    out.append(kind)
                }
            } else {
                out.append(kind)
            }
        }
        return out
    }
}

/// Splits a run of glued digits into `count` numbers that satisfy the table's rules.
///
/// Flattened tables lose their separators: "1000001" may be 1,0,0,0,0,0,1 or 10,0,0,0,0,0,… .
/// Numbers never have leading zeros, and the row's own sum rule must hold; when
/// exactly one split satisfies both, it is the reading.
enum DigitRunSplitter {
    /// All splits of `run` into `count` numbers accepted by `accept`, up to `limit` of them.
    static func splits(_ run: String, count: Int, limit: Int = 2, accept: ([Int]) -> Bool) -> [[Int]] {
        let digits = run.compactMap { $0.wholeNumberValue }
        guard digits.count >= count, digits.count <= 60, count > 0 else { return [] }
        var results: [[Int]] = []
        var current: [Int] = []
        var steps = 0
        func search(_ start: Int) {
            steps += 1
            if results.count >= limit || steps > 200_000 { return }
            let remainingSlots = count - current.count
            let remainingDigits = digits.count - start
            if remainingSlots == 0 {
                if remainingDigits == 0 && accept(current) { results.append(current) }
                return
            }
            guard remainingDigits >= remainingSlots else { return }
            // A number starting with 0 is just 0.
            let maxLength = digits[start] == 0 ? 1 : min(remainingDigits - remainingSlots + 1, 9)
            var value = 0
            for length in 1...maxLength {
                value = value * 10 + digits[start + length - 1]
                current.append(value)
                search(start + length)
                current.removeLast()
            }
        }
        search(0)
        return results
    }
}
