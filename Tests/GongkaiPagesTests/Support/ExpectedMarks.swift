import GongkaiCore
import GongkaiStore

/// The marks a page must show for a report, worked out from its findings and cells with
/// the location rules the engine follows (GridValidator, TableChecks, TextChecks), written
/// separately from the renderer so that the browser test compares two derivations:
///
/// - a finding without a table is about the whole file: no mark;
/// - a table with no cells: its caption;
/// - row and column that name a stored cell: that cell;
/// - Table 4 keeps one row: a column names a cell; "行政诉讼/总计" names the 总计 of each
///   litigation block; a block name as row with a column names that cell;
/// - a row without a column: a recovery marks the row's inferred cells that the message lists
///   in （…）, a blank marks the row's blank cells (likewise), anything else the row header;
/// - an unrecoverable blank without a row: the blank cells its message names as "row/column";
/// - a column alone: its header; a group row (（三）不予公开 …) or a block: its header;
/// - a row that is not in the table: the caption.
enum ExpectedMarks {
    struct Cell {
        var row: String
        var column: String
        var value: Double?
        var inferred: Bool
    }

    static let groupRows: Set<String> = ["三、本年度办理结果", "（三）不予公开", "（四）无法提供", "（五）不予处理", "（六）其他处理"]

    static func of(_ report: ShowReport) -> Set<Mark> {
        // table → places → finding numbers and kinds
        var places: [String: (numbers: [Int], kinds: [String])] = [:]
        func add(_ table: String, _ row: String?, _ column: String?, _ n: Int, _ kind: String) {
            let key = [table, row ?? "\u{0}", column ?? "\u{0}"].joined(separator: "\u{1}")
            var p = places[key] ?? ([], [])
            p.numbers.append(n)
            p.kinds.append(kind)
            places[key] = p
        }
        for (n, f) in report.numberedFindings {
            guard let table = f.table?.rawValue else { continue }
            let kind = f.severity == .error ? "mark-error" : (f.code.hasSuffix("_RECOVERED") ? "mark-recovered" : "mark-warning")
            let rows = report.tables[table] ?? []
            let cells: [Cell] = rows.flatMap { r in r.cells.map { Cell(row: r.rowLabel, column: $0.columnLabel, value: $0.value, inferred: $0.inferred) } }
            if cells.isEmpty {
                add(table, nil, nil, n, kind)
                continue
            }
            let rowLabels = Set(rows.map(\.rowLabel))
            let columnLabels = Set(cells.map(\.column))
            let blocks = Set(cells.compactMap { $0.column.split(separator: "/").first.map(String.init) }.filter { _ in table == "t4" })
            // Cells named by Table 4 column "X/Y" (exact, or X a prefix of several blocks).
            func t4Columns(_ name: String) -> [Cell] {
                let exact = cells.filter { $0.column == name }
                if !exact.isEmpty { return exact }
                let parts = name.split(separator: "/", maxSplits: 1).map(String.init)
                guard parts.count == 2 else { return [] }
                return cells.filter { $0.column.hasPrefix(parts[0]) && $0.column.hasSuffix("/" + parts[1]) }
            }
            // Names inside full-width parentheses and quotes, split at 、 and ，.
            func listed(_ message: String) -> Set<String> {
                var out = Set<String>()
                var current: String? = nil
                for ch in message {
                    if ch == "（" || ch == "“" {
                        current = ""
                    } else if ch == "）" || ch == "”" {
                        if let c = current { for part in c.split(whereSeparator: { $0 == "、" || $0 == "，" }) { out.insert(String(part)) } }
                        current = nil
                    } else {
                        current?.append(ch)
                    }
                }
                return out
            }
            func mark(_ cs: [Cell]) { for c in cs { add(table, c.row, c.column, n, kind) } }

            switch (f.row, f.column) {
            case let (row?, column?) where rowLabels.contains(row):
                let named = table == "t4" ? t4Columns(column) : cells.filter { $0.row == row && $0.column == column }
                if named.isEmpty { add(table, row, nil, n, kind) } else { mark(named) }
            case let (row?, column?) where table == "t4" && blocks.contains(row):
                let named = t4Columns(column).filter { $0.column.hasPrefix(row + "/") }
                if named.isEmpty { add(table, row, nil, n, kind) } else { mark(named) }
            case let (nil, column?) where table == "t4":
                let named = t4Columns(column)
                if named.isEmpty { add(table, nil, nil, n, kind) } else { mark(named) }
            case let (row?, nil) where rowLabels.contains(row):
                let inRow = cells.filter { $0.row == row }
                let names = listed(f.messageZH)
                var candidates: [Cell] = []
                if f.code.hasSuffix("_RECOVERED") {
                    candidates = inRow.filter(\.inferred)
                } else if f.code.hasSuffix("_BLANK_UNRECOVERABLE") {
                    let blanks = inRow.filter { $0.value == nil }
                    let byName = blanks.filter { f.messageZH.contains($0.row + "/" + $0.column) }
                    mark(byName.isEmpty ? blanks : byName)
                    if blanks.isEmpty { add(table, row, nil, n, kind) }
                    continue
                } else if f.code.contains("_BLANK") {
                    candidates = inRow.filter { $0.value == nil }
                }
                let chosen = candidates.filter { names.contains($0.column) }
                if candidates.isEmpty { add(table, row, nil, n, kind) } else { mark(chosen.isEmpty ? candidates : chosen) }
            case let (row?, _) where groupRows.contains(row) || blocks.contains(row):
                add(table, row, nil, n, kind)
            case (_?, _):
                add(table, nil, nil, n, kind)  // a row the table does not have
            case let (nil, column?) where columnLabels.contains(column):
                if f.code.hasSuffix("_BLANK_UNRECOVERABLE") {
                    let named = cells.filter { $0.value == nil && $0.column == column && f.messageZH.contains($0.row + "/" + $0.column) }
                    if !named.isEmpty { mark(named); continue }
                }
                add(table, nil, column, n, kind)
            case (nil, _?):
                add(table, nil, nil, n, kind)
            case (nil, nil):
                if f.code.hasSuffix("_BLANK_UNRECOVERABLE") {
                    let named = cells.filter { $0.value == nil && f.messageZH.contains($0.row + "/" + $0.column) }
                    if !named.isEmpty { mark(named); continue }
                }
                add(table, nil, nil, n, kind)
            }
        }
        var out = Set<Mark>()
        let rank = ["mark-recovered": 0, "mark-warning": 1, "mark-error": 2]
        for (key, p) in places {
            let parts = key.split(separator: "\u{1}", omittingEmptySubsequences: false).map(String.init)
            let cls = p.kinds.max { rank[$0]! < rank[$1]! }!
            out.insert(
                Mark(
                    table: parts[0], row: parts[1] == "\u{0}" ? nil : parts[1], column: parts[2] == "\u{0}" ? nil : parts[2],
                    cls: cls, findings: Array(Set(p.numbers)).sorted().map(String.init).joined(separator: " ")))
        }
        return out
    }
}
