import GongkaiCore
import GongkaiStore

typealias CellValue = CellInput.Value

/// What a page marks: one element of a rendered table.
///
/// A finding names a place by the engine's identity — the table, the row's template label
/// (the cells' `rowLabel`) and the column's label (the cells' `columnLabel`) — and this is
/// where that place is drawn.
enum MarkTarget: Hashable, Comparable {
    /// A data cell: its row and column index in the stored table.
    case cell(ReportTable, row: Int, column: Int)
    /// A row's header: a data row, a group row (（三）不予公开 …), or a Table 4 block.
    case row(ReportTable, label: String)
    /// A column's header.
    case column(ReportTable, label: String)
    /// The table as a whole (its caption): the table is missing, or the finding names a
    /// row the template does not have.
    case table(ReportTable)

    var table: ReportTable {
        switch self {
        case .cell(let t, _, _), .row(let t, _), .column(let t, _), .table(let t): t
        }
    }
}

/// How a mark is drawn; the most serious finding on an element decides.
enum MarkKind: Int, Comparable {
    case recovered = 0
    case warning = 1
    case error = 2

    static func < (a: MarkKind, b: MarkKind) -> Bool { a.rawValue < b.rawValue }

    /// The class a marked element carries (`mark-error`, `mark-warning`, `mark-recovered`).
    var cssClass: String {
        switch self {
        case .error: "mark-error"
        case .warning: "mark-warning"
        case .recovered: "mark-recovered"
        }
    }

    /// The class of a finding's number badge and note (`k-error` …): not a mark.
    var badgeClass: String {
        switch self {
        case .error: "k-error"
        case .warning: "k-warning"
        case .recovered: "k-recovered"
        }
    }

    /// A recovery (a blank or dropped cell whose value the rules force) is drawn grey with
    /// the value; anything else pointing at a cell says the cell is wrong.
    init(_ finding: FindingInput) {
        if finding.severity == .warning, finding.code.hasSuffix("_RECOVERED") {
            self = .recovered
        } else {
            self = finding.severity == .error ? .error : .warning
        }
    }
}

/// A finding with its number on the page (errors first, then warnings, as in the reason
/// text file, so "3" means the same finding in both).
struct NumberedFinding {
    var number: Int
    var finding: FindingInput
    var kind: MarkKind
}

/// The stored cells of one table, indexed the ways findings name them.
struct TableCells {
    let table: ReportTable
    /// Rows in stored order: (rowIndex, rowKey, rowLabel, cells by column order).
    var rows: [Row] = []
    /// Columns in stored order: (columnIndex, label).
    var columns: [(index: Int, label: String)] = []

    struct Row {
        var index: Int
        var key: String?
        var label: String
        var cells: [CellInput]
    }

    /// The cells of `table` among `cells` (in any order; the store's is kept without sorting).
    init(table: ReportTable, cells: [CellInput]) {
        self.table = table
        var mine = cells.filter { $0.table == table }
        var ordered = true
        for i in mine.indices.dropFirst() where (mine[i - 1].rowIndex, mine[i - 1].columnIndex) >= (mine[i].rowIndex, mine[i].columnIndex) {
            ordered = false
            break
        }
        if !ordered { mine.sort { ($0.rowIndex, $0.columnIndex) < ($1.rowIndex, $1.columnIndex) } }
        var seenColumns: [Int: String] = [:]
        for cell in mine {
            if rows.last?.index != cell.rowIndex {
                rows.append(Row(index: cell.rowIndex, key: cell.rowKey, label: cell.rowLabel, cells: []))
            }
            rows[rows.count - 1].cells.append(cell)
            if seenColumns[cell.columnIndex] == nil { seenColumns[cell.columnIndex] = cell.columnLabel }
        }
        columns = seenColumns.sorted { $0.key < $1.key }.map { ($0.key, $0.value) }
    }

    var isEmpty: Bool { rows.isEmpty }

    /// Table 4's blocks ("行政复议", "行政诉讼（未经复议直接起诉）", …): the part of its column
    /// labels before "/". Empty for other tables.
    var blocks: [String] {
        guard table == .t4 else { return [] }
        var out: [String] = []
        for c in columns {
            guard let slash = c.label.firstIndex(of: "/") else { continue }
            let block = String(c.label[..<slash])
            if !out.contains(block) { out.append(block) }
        }
        return out
    }

    /// The group rows a rendering of this table shows (Table 3's 三、本年度办理结果,
    /// （三）不予公开 …; Table 4's blocks), which carry no cells but may be named.
    var groupLabels: [String] {
        switch table {
        case .t3: Table3Layout.groups(of: rows.map(\.key)).map(\.label)
        case .t4: blocks
        case .t2: []
        }
    }
}

/// Where each finding of a report is drawn.
///
/// The rules follow how the engine fills a finding's location (GridValidator, TableChecks,
/// TextChecks): `row` is the template label of a data row (Table 3's group rows and Table 4's
/// blocks can be named too), `column` a column label, either may be nil.
///
/// - row and column both found: that cell.
/// - Table 4: a column alone is a cell (one stored row); a column "行政诉讼/总计" that sums
///   two blocks is the 总计 cell of each block it covers; a block name as the row restricts
///   to that block.
/// - row found, no column: a recovery (`*_RECOVERED`) marks the row's inferred cells (those the
///   message lists in its parentheses, else all of them); a blank (`*_BLANK*`) marks the row's
///   blank cells (those the message names, else all); anything else marks the row's header.
/// - column found, no row: a blank that cannot be recovered marks the blank cells of the column
///   that the message names ("（一）予以公开/自然人、…"); anything else (a flow mismatch) marks
///   the column's header.
/// - a group row: its header.
/// - a row the table does not have, a table that was not read, a finding with a table only:
///   the table's caption.
/// - no table: the whole file (listed on top, no mark).
struct FindingMap {
    var numbered: [NumberedFinding]
    var tables: [ReportTable: TableCells]
    /// Targets of each finding, by number.
    var targets: [Int: [MarkTarget]] = [:]
    /// Findings of each target, by number (ascending).
    var marks: [MarkTarget: [Int]] = [:]

    init(findings: [FindingInput], cells: [CellInput]) {
        let ordered = findings.filter { $0.severity == .error } + findings.filter { $0.severity != .error }
        numbered = ordered.enumerated().map { NumberedFinding(number: $0.offset + 1, finding: $0.element, kind: MarkKind($0.element)) }
        // One pass over the cells, not one per table.
        var byTable: [ReportTable: [CellInput]] = [.t2: [], .t3: [], .t4: []]
        for cell in cells { byTable[cell.table, default: []].append(cell) }
        var tables: [ReportTable: TableCells] = [:]
        for t in ReportTable.allCases { tables[t] = TableCells(table: t, cells: byTable[t] ?? []) }
        self.tables = tables
        for n in numbered {
            guard let table = n.finding.table, let cells = tables[table] else { continue }
            let found = Self.locate(n.finding, in: cells)
            targets[n.number] = found
            for target in found { marks[target, default: []].append(n.number) }
        }
    }

    /// The findings on a target (nil when none), without hashing a label when the report
    /// has no mark at all (most reports).
    @inline(__always)
    func mark(_ target: MarkTarget) -> [Int]? {
        marks.isEmpty ? nil : marks[target]
    }

    var wholeFile: [NumberedFinding] { numbered.filter { $0.finding.table == nil } }

    func finding(_ number: Int) -> NumberedFinding { numbered[number - 1] }

    /// The class of a marked element: its most serious finding.
    func kind(of target: MarkTarget) -> MarkKind? {
        marks[target]?.map { numbered[$0 - 1].kind }.max()
    }

    static func locate(_ f: FindingInput, in t: TableCells) -> [MarkTarget] {
        guard !t.isEmpty else { return [.table(t.table)] }
        let table = t.table

        // The row: a data row by its label, or a group row / Table 4 block.
        var rows: [TableCells.Row] = []
        var group: String? = nil
        var block: String? = nil
        if let name = f.row {
            rows = t.rows.filter { $0.label == name }
            if rows.isEmpty {
                let key = normalised(name)
                rows = t.rows.filter { normalised($0.label) == key }
            }
            if rows.isEmpty {
                rows = subRows(named: name, in: t)
            }
            if rows.isEmpty {
                if table == .t4, t.blocks.contains(name) {
                    block = name
                } else if t.groupLabels.contains(name) {
                    group = name
                } else {
                    return [.table(table)]  // a row the template does not have (T3_ROW_UNRECOGNISED)
                }
            }
        }

        // The columns: by label; Table 4 also "X/总计" over the blocks starting with X.
        var columns: [Int] = []
        if let name = f.column {
            columns = t.columns.filter { $0.label == name }.map(\.index)
            if columns.isEmpty, table == .t4, let slash = name.firstIndex(of: "/") {
                let prefix = String(name[..<slash])
                let suffix = String(name[slash...])
                columns = t.columns.filter { $0.label.hasPrefix(prefix) && $0.label.hasSuffix(suffix) }.map(\.index)
            }
            if let block {
                let inBlock = Set(t.columns.filter { $0.label.hasPrefix(block + "/") }.map(\.index))
                columns = columns.filter { inBlock.contains($0) }
            }
        }

        if let group {
            return [.row(table, label: group)]
        }

        // Table 4 stores one row: a column (or a block) is enough to name cells.
        if table == .t4, rows.isEmpty, let only = t.rows.first, t.rows.count == 1 {
            if !columns.isEmpty { return columns.map { .cell(table, row: only.index, column: $0) } }
            if let block {
                if f.column != nil { return [.row(table, label: block)] }  // a column the block does not have
                return rowLevel(f, rows: [only], restrict: { $0.columnLabel.hasPrefix(block + "/") }, header: [.row(table, label: block)])
            }
        }

        if !rows.isEmpty {
            if !columns.isEmpty {
                return rows.flatMap { r in columns.map { MarkTarget.cell(table, row: r.index, column: $0) } }
            }
            // No column, or a column the table does not have (a dropped "#8"): the row.
            if f.column != nil { return rows.map { .row(table, label: $0.label) } }
            return rowLevel(f, rows: rows, restrict: { _ in true }, header: rows.map { .row(table, label: $0.label) })
        }

        if !columns.isEmpty {
            if isUnrecoverable(f) {
                let named = namedBlanks(f, in: t) { columns.contains($0.columnIndex) }
                if !named.isEmpty { return named }
            }
            return columns.compactMap { c in t.columns.first { $0.index == c } }.map { .column(table, label: $0.label) }
        }
        if f.column != nil { return [.table(table)] }  // a column the table does not have

        if isUnrecoverable(f) {
            let named = namedBlanks(f, in: t) { _ in true }
            if !named.isEmpty { return named }
        }
        return [.table(table)]
    }

    /// Table 3 sub-rows named through their group: "（四）无法提供/1", "（四）无法提供 1.",
    /// "（四）无法提供1.本机关不掌握相关政府信息" name the row 1 of （四）.
    static func subRows(named name: String, in t: TableCells) -> [TableCells.Row] {
        guard t.table == .t3 else { return [] }
        let compact = normalised(name)
        for group in Table3Layout.all where compact.hasPrefix(group.label) && compact.count > group.label.count {
            var rest = Substring(compact.dropFirst(group.label.count))
            while let c = rest.first, c == "/" || c == "／" || c == "、" || c == "-" { rest.removeFirst() }
            let number = rest.prefix { $0.isASCII && $0.isNumber }
            let members = t.rows.filter { Table3Layout.groups(ofKey: $0.key).last == group }
            if !number.isEmpty {
                return members.filter { row in
                    let label = normalised(row.label)
                    return label.hasPrefix(number + ".") || label.hasPrefix(number + "．") || label.hasPrefix(number + "、")
                }
            }
            let tail = String(rest)
            return members.filter { normalised($0.label) == tail || normalised($0.label).hasSuffix(tail) }
        }
        return []
    }

    /// A finding on a row without a column.
    static func rowLevel(_ f: FindingInput, rows: [TableCells.Row], restrict: (CellInput) -> Bool, header: [MarkTarget]) -> [MarkTarget] {
        let cells = rows.flatMap(\.cells).filter(restrict)
        let candidates: [CellInput]
        if f.code.hasSuffix("_RECOVERED") {
            candidates = cells.filter(\.inferred)
        } else if isUnrecoverable(f) {
            let blanks = cells.filter { $0.value == nil }
            let named = listsOnlySome(f) ? [] : blanks.filter { f.messageZH.contains($0.rowLabel + "/" + $0.columnLabel) }
            let chosen = named.isEmpty ? blanks : named
            return chosen.isEmpty ? header : chosen.map { .cell($0.table, row: $0.rowIndex, column: $0.columnIndex) }
        } else if f.code.contains("_BLANK") {
            candidates = cells.filter { $0.value == nil }
        } else {
            return header
        }
        guard !candidates.isEmpty else { return header }
        let listed = Set(listedNames(f.messageZH))
        let named = candidates.filter { listed.contains($0.columnLabel) }
        return (named.isEmpty ? candidates : named).map { .cell($0.table, row: $0.rowIndex, column: $0.columnIndex) }
    }

    static func isUnrecoverable(_ f: FindingInput) -> Bool { f.code.hasSuffix("_BLANK_UNRECOVERABLE") }

    /// Blank cells the message of an unrecoverable-blank finding names ("row/column", the
    /// engine's form); all blank cells in scope when it lists only the first twelve ("等N格").
    static func namedBlanks(_ f: FindingInput, in t: TableCells, scope: (CellInput) -> Bool) -> [MarkTarget] {
        let blanks = t.rows.flatMap(\.cells).filter { $0.value == nil && scope($0) }
        let named = listsOnlySome(f) ? blanks : blanks.filter { f.messageZH.contains($0.rowLabel + "/" + $0.columnLabel) }
        return named.map { .cell(t.table, row: $0.rowIndex, column: $0.columnIndex) }
    }

    /// Whether an unrecoverable-blank message names only the first cells ("…等20格 之和须为").
    static func listsOnlySome(_ f: FindingInput) -> Bool {
        let scalars = Array(f.messageZH.unicodeScalars)
        var i = 0
        while i < scalars.count {
            if scalars[i] == "等" {
                var j = i + 1
                while j < scalars.count, ("0"..."9").contains(scalars[j]) { j += 1 }
                if j > i + 1, j < scalars.count, scalars[j] == "格" { return true }
            }
            i += 1
        }
        return false
    }

    /// Names listed in a message's full-width parentheses or quotes, split at "、" and "，":
    /// "……空白单元格（商业企业、科研机构）……" gives 商业企业 and 科研机构.
    static func listedNames(_ message: String) -> [String] {
        var out: [String] = []
        var current: String? = nil
        for ch in message {
            switch ch {
            case "（", "“":
                current = ""
            case "）", "”":
                if let c = current {
                    out.append(contentsOf: c.split(whereSeparator: { $0 == "、" || $0 == "，" }).map { String($0).trimmingSpaces })
                }
                current = nil
            default:
                current?.append(ch)
            }
        }
        return out
    }

    /// A label without white space, for labels written with a space the template lacks.
    static func normalised(_ s: String) -> String { String(s.filter { !$0.isWhitespace }) }
}

extension String {
    var trimmingSpaces: String {
        var s = Substring(self)
        while let f = s.first, f.isWhitespace { s.removeFirst() }
        while let l = s.last, l.isWhitespace { s.removeLast() }
        return String(s)
    }
}

/// Table 3's group rows, which the store does not keep (they hold no numbers): derived from
/// the data rows' keys ("withheld.3" sits in （三）不予公开, inside 三、本年度办理结果).
enum Table3Layout {
    struct Group: Hashable {
        /// Compared and hashed by this, not by the label.
        var id: Int
        var label: String
        /// How deep the group sits (0: 三、本年度办理结果, 1: （三）… inside it).
        var depth: Int

        static func == (a: Group, b: Group) -> Bool { a.id == b.id }
        func hash(into hasher: inout Hasher) { hasher.combine(id) }
    }

    static let results = Group(id: 0, label: "三、本年度办理结果", depth: 0)
    static let withheld = Group(id: 3, label: "（三）不予公开", depth: 1)
    static let unavailable = Group(id: 4, label: "（四）无法提供", depth: 1)
    static let notProcessed = Group(id: 5, label: "（五）不予处理", depth: 1)
    static let other = Group(id: 6, label: "（六）其他处理", depth: 1)
    static let all = [results, withheld, unavailable, notProcessed, other]

    /// The groups a row with this key sits in, outermost first.
    static func groups(ofKey key: String?) -> [Group] {
        guard let key else { return [] }
        if let known = byKey[key] { return known }
        let prefix = key.split(separator: ".").first.map(String.init) ?? key
        switch prefix {
        case "granted", "partial", "total": return [results]
        case "other": return key.contains(".") ? [results, other] : [results]
        case "withheld": return [results, withheld]
        case "unavailable": return [results, unavailable]
        case "notProcessed": return [results, notProcessed]
        default: return []
        }
    }

    /// The template's keys, looked up rather than split for every row of 10,000 reports.
    static let byKey: [String: [Group]] = {
        var out: [String: [Group]] = [:]
        for key in ["new", "carried", "carriedForward", "granted", "partial", "total", "other"] { out[key] = [] }
        out["granted"] = [results]
        out["partial"] = [results]
        out["total"] = [results]
        out["other"] = [results]
        for n in 1...8 { out["withheld.\(n)"] = [results, withheld] }
        for n in 1...3 { out["unavailable.\(n)"] = [results, unavailable] }
        for n in 1...5 { out["notProcessed.\(n)"] = [results, notProcessed] }
        for n in 1...3 { out["other.\(n)"] = [results, other] }
        return out
    }()

    /// Every group the rows with these keys sit in, in order of first appearance.
    static func groups(of keys: [String?]) -> [Group] {
        var out: [Group] = []
        for key in keys {
            for g in groups(ofKey: key) where !out.contains(g) { out.append(g) }
        }
        return out
    }

    /// How far a data row is indented: the number of groups it sits in.
    static func depth(ofKey key: String?) -> Int { groups(ofKey: key).count }
}
