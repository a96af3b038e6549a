/// What the Table 2 parser read: rows by block item and label.
struct Table2Reading: Sendable {
    struct Capture: Sendable {
        var block: Int
        var label: String
        var headers: [String]
        var values: [CellContent]
        var line: Int
    }
    var captures: [Capture] = []
    /// Header words seen (for the template version).
    var headerText = ""
    var blocksSeen: Set<Int> = []
    var found: Bool { !captures.isEmpty || !blocksSeen.isEmpty }
}

/// Reads Table 2: blocks titled 第二十条第（X）项, a 信息内容 header row, item rows.
enum Table2Parser {
    static let items: [(core: String, label: String)] = [
        ("规章", "规章"), ("行政规范性文件", "行政规范性文件"), ("规范性文件", "规范性文件"),
        ("行政许可", "行政许可"), ("其他对外管理服务事项", "其他对外管理服务事项"),
        ("行政处罚", "行政处罚"), ("行政强制", "行政强制"),
        ("行政事业性收费", "行政事业性收费"), ("政府集中采购", "政府集中采购"),
    ]

    static func parse(_ rows: ArraySlice<Row>) -> Table2Reading {
        var reading = Table2Reading()
        var block = 0
        var headers: [String] = []
        var headerWords = 0
        // One cell per line (PDF text): header words and values arrive on lines of
        // their own, after "信息内容" and after the item label.
        var collectingHeaders = false
        var open: Int? = nil
        for row in rows {
            let contents = CellReading.contents(of: row)
            let text = row.text.removingSpaces()
            if let item = blockItem(text) {
                block = item
                reading.blocksSeen.insert(item)
                headers = []
                headerWords = 0
                collectingHeaders = false
                open = nil
                continue
            }
            guard let labelIndex = contents.firstIndex(where: \.isLabel), case .label(let label) = contents[labelIndex] else {
                if let index = open, contents.contains(where: \.isValueLike) {
                    var values = contents
                    while let last = values.last, last.isEmpty { values.removeLast() }
                    reading.captures[index].values += values
                    if reading.captures[index].values.count >= max(headers.count, 1) { open = nil }
                }
                continue
            }
            let core = LabelText.core(of: label).text
            let hasNumbers = contents.contains(where: { if case .number = $0 { true } else { false } })
            if core.hasPrefix("信息内容") || (contents.filter(\.isLabel).count >= 2 && !hasNumbers) {
                headers = contents.compactMap { if case .label(let t) = $0, !t.hasPrefix("信息内容") { t } else { nil } }
                // Column headers flattened into one cell ("信息内容 本年制发件数 本年废止件数 …"):
                // their number tells how to split a glued digit run.
                headerWords = contents.reduce(0) { count, content in
                    guard case .label(let t) = content else { return count }
                    let words = t.split(separator: " ")
                    return count + words.count - (words.first?.hasPrefix("信息内容") == true ? 1 : 0)
                }
                reading.headerText += headers.joined() + "|"
                collectingHeaders = true
                open = nil
                continue
            }
            guard let item = items.first(where: { $0.core == core }) ?? similarItem(core) else {
                if collectingHeaders && !hasNumbers {
                    headers.append(label)
                    reading.headerText += label + "|"
                }
                continue
            }
            collectingHeaders = false
            var values = Array(contents[(labelIndex + 1)...])
            while let last = values.last, last.isEmpty { values.removeLast() }
            // Digits glued together ("规章000", a flattened page): split into the block's
            // columns only when there is exactly one way (no leading zeros); otherwise
            // the run stays as written and is reported.
            if values.count == 1, case .digitRun(let run) = values[0] {
                if headerWords >= 2 {
                    let splits = DigitRunSplitter.splits(run, count: headerWords) { _ in true }
                    if splits.count == 1 { values = splits[0].map { .number(Double($0), raw: String($0)) } }
                } else if let n = CellReading.number(run) {
                    values = [.number(n, raw: run)]
                }
            }
            reading.captures.append(.init(block: block, label: item.label, headers: headers, values: values, line: row.line))
            open = values.isEmpty ? reading.captures.count - 1 : nil
        }
        return reading
    }

    static let itemKeys: [LabelText.Key] = items.map { LabelText.Key($0.core) }

    /// The first item whose core is like `core` (three characters or more), with the
    /// label's key made once rather than once per item.
    static func similarItem(_ core: String) -> (core: String, label: String)? {
        guard core.prefix(3).count >= 3 else { return nil }
        let key = LabelText.Key(core)
        return zip(items, itemKeys).first { LabelText.similarity(key, $0.1, atLeast: 0.8) >= 0.8 }?.0
    }

    /// The article 20 item number of a block title ("第二十条第（一）项" → 1).
    static func blockItem(_ text: String) -> Int? {
        guard let r = text.byteRange(of: "第二十条第") else { return nil }
        // Only the text up to the first 项 is read: filtering the whole rest of a long line
        // (a report saved on one line) would be wasted. Brackets are never 项, so the first
        // 项 of the filtered text is this one.
        let after = text[r.upperBound...]
        guard let item = after.firstIndex(of: "项") else { return nil }
        let rest = after[...item].filter { $0 != "(" && $0 != ")" && $0 != "（" && $0 != "）" }
        guard let end = rest.firstIndex(of: "项") else { return nil }
        return LabelText.number(String(rest[..<end]))
    }
}
