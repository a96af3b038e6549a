import GongkaiCore
import GongkaiStore

/// Draws a report's three tables as read, with the cells its findings name marked.
///
/// Shared by the reason page and the report page. A marked element carries
/// `data-table`, `data-row` and/or `data-column` (the engine's identity: template row
/// label, column label), `data-findings` (the numbers of its findings, ascending) and the
/// class of its most serious finding (`mark-error`, `mark-warning`, `mark-recovered`), so
/// a browser's DOM says exactly which cells are marked:
///
/// - a cell: `<td data-table data-row data-column>`;
/// - a row (a finding on a row without one cell, a group row, a Table 4 block): its
///   `<th data-table data-row>`;
/// - a column (a per-column sum that does not add up): its `<th data-table data-column>`;
/// - the table (missing, or a row the template lacks): its `<caption data-table>`.
///
/// Each table has a notes column: every finding beside the row it concerns, in Chinese and
/// English (in full on the first row it touches, as a reference on the others); findings
/// on a column or on the whole table are under the table.
struct TableRenderer {
    var map: FindingMap
    /// Prefix of the page's anchors for this report ("" on a reason page, "r12-" on the
    /// report page, where many reports share one page).
    var prefix: String = ""
    /// Whether Table 3 rows that are all 0, read as such and unmarked fold into one line
    /// (the report page, so that 10,000 reports stay small).
    var foldZeroRows: Bool = false

    static func title(_ table: ReportTable) -> (zh: String, en: String) {
        switch table {
        case .t2: ("表二 主动公开政府信息情况", "Table 2 · proactive disclosure")
        case .t3: ("表三 收到和处理政府信息公开申请情况", "Table 3 · applications received and processed")
        case .t4: ("表四 政府信息公开行政复议、行政诉讼情况", "Table 4 · administrative reconsideration and litigation")
        }
    }

    /// Renders the three tables in order.
    func render(into h: inout HTML) {
        var shown = Set<Int>()
        for table in ReportTable.allCases {
            render(table, shown: &shown, into: &h)
        }
    }

    // MARK: - One table

    func render(_ table: ReportTable, shown: inout Set<Int>, into h: inout HTML) {
        guard let cells = map.tables[table] else { return }
        let title = Self.title(table)
        // Findings touching this table, to decide on the notes column.
        let touching = map.numbered.filter { n in (map.targets[n.number] ?? []).contains { $0.table == table } }
        let notes = !touching.isEmpty
        h.raw("<section class=\"tbl\" id=\"")
        h.text(prefix + table.rawValue)
        h.raw("\"><table class=\"grid ")
        h.raw(table.rawValue)
        h.raw("\"><caption")
        let captionRefs = markAttributes(.table(table), into: &h)
        h.raw("><span class=\"zh\">")
        h.text(title.zh)
        h.raw("</span> <span class=\"en\">")
        h.text(title.en)
        h.raw("</span>")
        refs(captionRefs, into: &h)
        h.raw("</caption>")
        if cells.isEmpty {
            h.raw("<tbody><tr><td class=\"absent\">未读到此表 · not read</td></tr></tbody>")
        } else {
            switch table {
            case .t2: renderTable2(cells, notes: notes, shown: &shown, into: &h)
            case .t3: renderTable3(cells, notes: notes, shown: &shown, into: &h)
            case .t4: renderTable4(cells, notes: notes, shown: &shown, into: &h)
            }
        }
        // Findings on a column, on the whole table, or on Table 4's stored row.
        let footer = touching.filter { n in
            (map.targets[n.number] ?? []).contains { target in
                switch target {
                case .table(let t), .column(let t, _): return t == table
                case .row(let t, let label): return t == .t4 && table == .t4 && !cells.blocks.contains(label) && t4Grid(cells) != nil
                case .cell: return false
                }
            }
        }
        if !footer.isEmpty {
            h.raw("<tfoot><tr><td class=\"notes foot\" colspan=\"")
            h.int(columnCount(cells, table: table) + 2)
            h.raw("\">")
            for n in footer { note(n, shown: &shown, into: &h) }
            h.raw("</td></tr></tfoot>")
        }
        h.raw("</table></section>\n")
    }

    func columnCount(_ cells: TableCells, table: ReportTable) -> Int {
        switch table {
        case .t2: return cells.rows.map(\.cells.count).max() ?? 0
        case .t3: return cells.columns.count
        case .t4: return t4Grid(cells).map(\.outcomes.count) ?? cells.columns.count
        }
    }

    // MARK: - Table 2: blocks with their own columns

    func renderTable2(_ t: TableCells, notes: Bool, shown: inout Set<Int>, into h: inout HTML) {
        let width = t.rows.map(\.cells.count).max() ?? 0
        h.raw("<tbody>")
        var previousBlock: String? = nil
        var first = true
        for row in t.rows {
            if first || previousBlock != row.key {
                previousBlock = row.key
                h.raw("<tr class=\"block\"><th class=\"blockhead\" colspan=\"")
                h.int(width + 1)
                h.raw("\">")
                h.text(row.key ?? "")
                h.raw("</th>")
                if notes { h.raw(first ? "<th class=\"notes-h\">说明 Notes</th>" : "<td class=\"notes\"></td>") }
                h.raw("</tr><tr class=\"colhead\"><th></th>")
                for cell in row.cells { columnHeader(.t2, cell.columnLabel, into: &h) }
                for _ in row.cells.count..<max(width, row.cells.count) { h.raw("<th class=\"na\"></th>") }
                if notes { h.raw("<td class=\"notes\"></td>") }
                h.raw("</tr>")
                first = false
            }
            if foldZeroRows, isPlainZero(row, table: .t2) {
                // A row of zeros on the report page: its label and one "0".
                h.raw("<tr class=\"folded\">")
                rowHeader(.t2, row.label, depth: 1, into: &h)
                h.raw("<td colspan=\"")
                h.int(width)
                h.raw("\">")
                h.raw(row.cells.count == 1 ? "0" : "均为 0 · all 0")
                h.raw("</td>")
                if notes { h.raw("<td class=\"notes\"></td>") }
                h.raw("</tr>")
                continue
            }
            h.raw("<tr>")
            rowHeader(.t2, row.label, depth: 1, into: &h)
            for cell in row.cells { dataCell(cell, into: &h) }
            for _ in row.cells.count..<max(width, row.cells.count) { h.raw("<td class=\"na\"></td>") }
            if notes { notesCell(rowNumbers(.t2, rowIndex: row.index, labels: [row.label]), shown: &shown, into: &h) }
            h.raw("</tr>")
        }
        h.raw("</tbody>")
    }

    // MARK: - Table 3: seven applicant columns, group rows, every data row

    static let applicantColumns = ["自然人", "商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他", "总计"]

    func renderTable3(_ t: TableCells, notes: Bool, shown: inout Set<Int>, into h: inout HTML) {
        let labels = t.columns.map(\.label)
        h.raw("<thead>")
        if labels == Self.applicantColumns {
            h.raw("<tr><th class=\"corner\" rowspan=\"2\"></th>")
            columnHeader(.t3, labels[0], rowspan: 2, into: &h)
            h.raw("<th colspan=\"5\">法人或其他组织</th>")
            columnHeader(.t3, labels[6], rowspan: 2, into: &h)
            if notes { h.raw("<th class=\"notes-h\" rowspan=\"2\">说明 Notes</th>") }
            h.raw("</tr><tr>")
            for label in labels[1...5] { columnHeader(.t3, label, into: &h) }
            h.raw("</tr>")
        } else {
            h.raw("<tr><th class=\"corner\"></th>")
            for label in labels { columnHeader(.t3, label, into: &h) }
            if notes { h.raw("<th class=\"notes-h\">说明 Notes</th>") }
            h.raw("</tr>")
        }
        h.raw("</thead><tbody>")
        let span = labels.count
        // On the report page, a group whose rows are all plain zeros is one line.
        var zeroGroups = Set<Table3Layout.Group>()
        if foldZeroRows {
            var members: [Table3Layout.Group: [TableCells.Row]] = [:]
            for row in t.rows {
                if let inner = Table3Layout.groups(ofKey: row.key).last, inner.depth > 0 { members[inner, default: []].append(row) }
            }
            for (group, rows) in members where map.mark(.row(.t3, label: group.label)) == nil && rows.allSatisfy({ isPlainZero($0, table: .t3) }) {
                zeroGroups.insert(group)
            }
        }
        var opened: [Table3Layout.Group] = []
        var folded = 0
        func flushFolded(_ h: inout HTML) {
            guard folded > 0 else { return }
            h.raw("<tr class=\"folded\"><td colspan=\"")
            h.int(span + 1 + (notes ? 1 : 0))
            h.raw("\">")
            foldedText(folded, into: &h)
            h.raw("</td></tr>")
            folded = 0
        }
        for row in t.rows {
            let groups = Table3Layout.groups(ofKey: row.key)
            for group in groups where !opened.contains(group) {
                flushFolded(&h)
                opened.append(group)
                if zeroGroups.contains(group) {
                    let count = t.rows.count { Table3Layout.groups(ofKey: $0.key).last == group }
                    h.raw("<tr class=\"group folded\">")
                    rowHeader(.t3, group.label, depth: group.depth, into: &h)
                    h.raw("<td colspan=\"")
                    h.int(span + (notes ? 1 : 0))
                    h.raw("\">")
                    foldedText(count, into: &h)
                    h.raw("</td></tr>")
                    continue
                }
                h.raw("<tr class=\"group\">")
                rowHeader(.t3, group.label, depth: group.depth, into: &h)
                h.raw("<td class=\"grp\" colspan=\"")
                h.int(span)
                h.raw("\"></td>")
                if notes { notesCell(rowNumbers(.t3, rowIndex: nil, labels: [group.label]), shown: &shown, into: &h) }
                h.raw("</tr>")
            }
            if let inner = groups.last, zeroGroups.contains(inner) { continue }
            // Only the numbered sub-rows fold (1.属于国家秘密 …): 一、二、（一）…（七）、四 always show.
            if foldZeroRows, groups.count > 1, isPlainZero(row, table: .t3) {
                folded += 1
                continue
            }
            flushFolded(&h)
            h.raw("<tr>")
            rowHeader(.t3, row.label, depth: groups.count, into: &h)
            for cell in row.cells { dataCell(cell, into: &h) }
            if notes { notesCell(rowNumbers(.t3, rowIndex: row.index, labels: [row.label]), shown: &shown, into: &h) }
            h.raw("</tr>")
        }
        flushFolded(&h)
        h.raw("</tbody>")
    }

    /// "3 行均为 0 · 3 rows all 0".
    func foldedText(_ count: Int, into h: inout HTML) {
        h.int(count)
        h.raw(" 行均为 0 · ")
        h.int(count)
        h.raw(count == 1 ? " row all 0" : " rows all 0")
    }

    /// A row of zeros as read: nothing inferred, nothing marked.
    func isPlainZero(_ row: TableCells.Row, table: ReportTable) -> Bool {
        guard map.mark(.row(table, label: row.label)) == nil else { return false }
        for cell in row.cells {
            guard !cell.inferred, let value = cell.value else { return false }
            switch value {
            case .integer(let i): if i != 0 { return false }
            case .real(let d): if d != 0 { return false }
            }
            if map.mark(.cell(table, row: cell.rowIndex, column: cell.columnIndex)) != nil { return false }
        }
        return true
    }

    // MARK: - Table 4: three blocks × five outcomes

    struct T4Grid {
        var blocks: [String]
        var outcomes: [String]
        /// Column index of (block, outcome).
        var index: [String: Int]
    }

    /// Table 4's fifteen "block/outcome" columns as a grid, or nil when they are not of that form.
    func t4Grid(_ t: TableCells) -> T4Grid? {
        var blocks: [String] = []
        var outcomes: [String] = []
        var index: [String: Int] = [:]
        for c in t.columns {
            guard let slash = c.label.firstIndex(of: "/") else { return nil }
            let block = String(c.label[..<slash])
            let outcome = String(c.label[c.label.index(after: slash)...])
            if !blocks.contains(block) { blocks.append(block) }
            if !outcomes.contains(outcome) { outcomes.append(outcome) }
            index[c.label] = c.index
        }
        return blocks.isEmpty || t.rows.count != 1 ? nil : T4Grid(blocks: blocks, outcomes: outcomes, index: index)
    }

    func renderTable4(_ t: TableCells, notes: Bool, shown: inout Set<Int>, into h: inout HTML) {
        guard let grid = t4Grid(t), let row = t.rows.first else {
            // Not the template's columns: one row as stored.
            h.raw("<thead><tr><th class=\"corner\"></th>")
            for c in t.columns { columnHeader(.t4, c.label, into: &h) }
            if notes { h.raw("<th class=\"notes-h\">说明 Notes</th>") }
            h.raw("</tr></thead><tbody>")
            for row in t.rows {
                h.raw("<tr>")
                rowHeader(.t4, row.label, depth: 0, into: &h)
                for cell in row.cells { dataCell(cell, into: &h) }
                if notes { notesCell(rowNumbers(.t4, rowIndex: row.index, labels: [row.label]), shown: &shown, into: &h) }
                h.raw("</tr>")
            }
            h.raw("</tbody>")
            return
        }
        if foldZeroRows, isPlainZero(row, table: .t4), !map.marks.keys.contains(where: { $0.table == .t4 && $0 != .table(.t4) }) {
            h.raw("<tbody><tr class=\"folded\">")
            rowHeader(.t4, row.label, depth: 0, into: &h)
            h.raw("<td>")
            h.int(row.cells.count)
            h.raw(" 栏均为 0 · all ")
            h.int(row.cells.count)
            h.raw(" cells 0</td></tr></tbody>")
            return
        }
        h.raw("<thead><tr>")
        rowHeader(.t4, row.label, depth: 0, corner: true, into: &h)
        for outcome in grid.outcomes { h.raw("<th>"); h.text(outcome); h.raw("</th>") }
        if notes { h.raw("<th class=\"notes-h\">说明 Notes</th>") }
        h.raw("</tr></thead><tbody>")
        let byIndex = Dictionary(row.cells.map { ($0.columnIndex, $0) }, uniquingKeysWith: { a, _ in a })
        for block in grid.blocks {
            h.raw("<tr>")
            rowHeader(.t4, block, depth: 0, into: &h)
            var numbers = map.mark(.row(.t4, label: block)) ?? []
            for outcome in grid.outcomes {
                if let i = grid.index[block + "/" + outcome], let cell = byIndex[i] {
                    dataCell(cell, into: &h)
                    numbers += map.mark(.cell(.t4, row: cell.rowIndex, column: cell.columnIndex)) ?? []
                } else {
                    h.raw("<td class=\"na\"></td>")
                }
            }
            if notes { notesCell(Array(Set(numbers)).sorted(), shown: &shown, into: &h) }
            h.raw("</tr>")
        }
        h.raw("</tbody>")
    }

    // MARK: - Cells and headers

    /// The numbers of findings on one rendered row: its cells and its header.
    func rowNumbers(_ table: ReportTable, rowIndex: Int?, labels: [String]) -> [Int] {
        var numbers = Set<Int>()
        for label in labels { numbers.formUnion(map.mark(.row(table, label: label)) ?? []) }
        if let rowIndex, let row = map.tables[table]?.rows.first(where: { $0.index == rowIndex }) {
            for cell in row.cells { numbers.formUnion(map.mark(.cell(table, row: rowIndex, column: cell.columnIndex)) ?? []) }
        }
        return numbers.sorted()
    }

    func rowHeader(_ table: ReportTable, _ label: String, depth: Int, corner: Bool = false, into h: inout HTML) {
        h.raw("<th")
        let refs = markAttributes(.row(table, label: label), extraClass: corner ? "lbl corner" : "lbl d\(depth)", into: &h)
        h.raw(">")
        h.text(label)
        self.refs(refs, into: &h)
        h.raw("</th>")
    }

    func columnHeader(_ table: ReportTable, _ label: String, rowspan: Int = 1, into h: inout HTML) {
        h.raw("<th")
        if rowspan > 1 { h.raw(" rowspan=\"\(rowspan)\"") }
        let refs = markAttributes(.column(table, label: label), extraClass: nil, into: &h)
        h.raw(">")
        h.text(label)
        self.refs(refs, into: &h)
        h.raw("</th>")
    }

    func dataCell(_ cell: CellInput, into h: inout HTML) {
        let target = MarkTarget.cell(cell.table, row: cell.rowIndex, column: cell.columnIndex)
        let numbers = map.mark(target)
        if numbers == nil, !cell.inferred, let value = cell.value {
            // The common case, kept short: 10,000 reports × 250 cells.
            h.raw("<td>")
            h.raw(Format.value(value))
            h.raw("</td>")
            return
        }
        h.raw("<td")
        let extra: String? = cell.inferred ? "inferred" : (cell.value == nil ? (cell.raw == nil ? "blank" : "rawtext") : nil)
        let refs = markAttributes(target, extraClass: extra, row: cell.rowLabel, column: cell.columnLabel, into: &h)
        h.raw(">")
        if let value = cell.value {
            h.raw(Format.value(value))
            if cell.inferred { h.raw("<small class=\"tag\">推算</small>") }
        } else if let raw = cell.raw {
            h.text(raw)
        } else {
            h.raw("<span class=\"empty\">空</span>")
        }
        self.refs(refs, into: &h)
        h.raw("</td>")
    }

    /// Writes ` class="…" data-…` for a marked target (just the extra class otherwise) and
    /// returns the finding numbers to reference.
    @discardableResult
    func markAttributes(
        _ target: MarkTarget, extraClass: String? = nil, row: String? = nil, column: String? = nil,
        into h: inout HTML
    ) -> [Int] {
        guard let numbers = map.mark(target), let kind = map.kind(of: target) else {
            if let extraClass { h.attribute("class", extraClass) }
            return []
        }
        h.attribute("class", extraClass.map { "\($0) \(kind.cssClass)" } ?? kind.cssClass)
        h.attribute("data-table", target.table.rawValue)
        switch target {
        case .cell:
            h.attribute("data-row", row ?? "")
            h.attribute("data-column", column ?? "")
        case .row(_, let label):
            h.attribute("data-row", label)
        case .column(_, let label):
            h.attribute("data-column", label)
        case .table:
            break
        }
        h.attribute("data-findings", numbers.map(String.init).joined(separator: " "))
        // A short tooltip (the messages are in the notes column): "3 推算 recovered T3_BLANK_RECOVERED".
        var title = ""
        for n in numbers {
            let f = map.finding(n)
            if !title.isEmpty { title += "\n" }
            title += "\(n) \(Page.severityText(f.kind)) \(f.finding.code)"
        }
        h.attribute("title", title)
        return numbers
    }

    func refs(_ numbers: [Int], into h: inout HTML) {
        guard !numbers.isEmpty else { return }
        h.raw("<sup class=\"refs\">")
        for n in numbers {
            h.raw("<a class=\"ref ")
            h.raw(map.finding(n).kind.badgeClass)
            h.raw("\" href=\"#")
            h.text(prefix)
            h.raw("f")
            h.int(n)
            h.raw("\">")
            h.int(n)
            h.raw("</a>")
        }
        h.raw("</sup>")
    }

    func notesCell(_ numbers: [Int], shown: inout Set<Int>, into h: inout HTML) {
        h.raw("<td class=\"notes\">")
        for n in numbers { note(map.finding(n), shown: &shown, into: &h) }
        h.raw("</td>")
    }

    /// A finding beside its row: in full the first time, as a reference after that.
    func note(_ n: NumberedFinding, shown: inout Set<Int>, into h: inout HTML) {
        h.raw("<div class=\"note ")
        h.raw(n.kind.badgeClass)
        h.raw("\"><a class=\"ref ")
        h.raw(n.kind.badgeClass)
        h.raw("\" href=\"#")
        h.text(prefix)
        h.raw("f")
        h.int(n.number)
        h.raw("\">")
        h.int(n.number)
        h.raw("</a> ")
        if shown.insert(n.number).inserted {
            h.raw("<span class=\"zh\">")
            h.text(n.finding.messageZH)
            h.raw("</span> <span class=\"en\">")
            h.text(n.finding.messageEN)
            h.raw("</span>")
        } else {
            h.raw("<span class=\"see\">见上 · see above</span>")
        }
        h.raw("</div>")
    }
}
