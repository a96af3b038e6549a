import GongkaiReport

/// Something a container holds while the page is read.
enum HTMLItem {
    case paragraph(String)
    case table(HTMLTable)
}

/// A `<td>`/`<th>` as read.
struct HTMLCell {
    var columnSpan = 1
    /// 0 means "to the end of the table" (HTML's rowspan=0).
    var rowSpan = 1
    var items: [HTMLItem] = []

    var holdsTable: Bool {
        items.contains { if case .table = $0 { true } else { false } }
    }

    /// The cell's paragraphs joined with line breaks.
    var text: String {
        var lines: [String] = []
        for item in items {
            if case .paragraph(let text) = item { lines.append(text) }
        }
        return lines.joined(separator: "\n")
    }
}

/// A `<table>` as read, before its spans are laid on the grid.
struct HTMLTable {
    var rows: [[HTMLCell]] = []

    /// Page layout rather than data: a cell holds a table, or no row has two cells.
    var isLayout: Bool {
        rows.contains { $0.contains { $0.holdsTable } } || rows.allSatisfy { $0.count <= 1 }
    }

    /// When this table continues `previous` (its first rows repeat the first rows of
    /// `previous`, as a table split by a page break does), the rows after the repeated ones.
    func continuation(of previous: HTMLTable) -> [[HTMLCell]]? {
        guard !isLayout, !previous.isLayout else { return nil }
        func same(_ a: [HTMLCell], _ b: [HTMLCell]) -> Bool {
            a.count == b.count && zip(a, b).allSatisfy { $0.columnSpan == $1.columnSpan && $0.rowSpan == $1.rowSpan && Self.key($0.text) == Self.key($1.text) }
        }
        var repeated = 0
        while repeated < rows.count, repeated < previous.rows.count, same(rows[repeated], previous.rows[repeated]) { repeated += 1 }
        guard repeated >= 1, repeated < rows.count, repeated < previous.rows.count,
              rows[..<repeated].contains(where: { $0.contains { !Self.key($0.text).isEmpty } }) else { return nil }
        return Array(rows[repeated...])
    }

    /// The blocks this table reads as: one table, or the content of a layout table's cells.
    func blocks() -> [Block] {
        guard isLayout else { return [.table(resolved())] }
        var out: [Block] = []
        for row in rows {
            for cell in row { out += Self.blocks(of: cell.items) }
        }
        return out
    }

    static func blocks(of items: [HTMLItem]) -> [Block] {
        var out: [Block] = []
        for item in items {
            switch item {
            case .paragraph(let text): out.append(.paragraph(Paragraph(text)))
            case .table(let table): out += table.blocks()
            }
        }
        return out
    }

    /// The table on its grid (HTML's table model): each cell placed at the first column
    /// not covered by a row-spanning cell from above; covered positions listed as
    /// `continuesAbove` cells (with the covering cell's column span) in the rows below;
    /// a row span reaching past the last row ends there.
    func resolved() -> Table {
        struct Span {
            var column: Int
            var width: Int
            var rowsLeft: Int
            var top: (row: Int, cell: Int)
        }
        var out: [[TableCell]] = []
        var spans: [Span] = []
        for (r, row) in rows.enumerated() {
            var cells: [TableCell] = []
            var column = 0
            let pending = spans.sorted { $0.column < $1.column }
            var next = 0
            /// Lists the spans from above that cover the current column (all of them
            /// with `rest`), moving the column past each.
            func cover(rest: Bool) {
                while next < pending.count, rest || pending[next].column <= column {
                    let span = pending[next]
                    cells.append(TableCell("", columnSpan: span.width, continuesAbove: true))
                    out[span.top.row][span.top.cell].rowSpan += 1
                    column = max(column, span.column + span.width)
                    next += 1
                }
            }
            var started: [Span] = []
            for cell in row {
                cover(rest: false)
                let width = max(1, min(cell.columnSpan, 1000))
                cells.append(TableCell(cell.text, columnSpan: width))
                let down = cell.rowSpan == 0 ? rows.count - r : max(1, min(cell.rowSpan, 65534))
                if down > 1 { started.append(Span(column: column, width: width, rowsLeft: down - 1, top: (out.count, cells.count - 1))) }
                column += width
            }
            cover(rest: true)
            out.append(cells)
            spans = pending.compactMap { span in
                var span = span
                span.rowsLeft -= 1
                return span.rowsLeft > 0 ? span : nil
            } + started
        }
        return Table(rows: out.map { TableRow(cells: $0) })
    }

    /// Text compared without any white space.
    static func key(_ text: String) -> String {
        String(String.UnicodeScalarView(text.unicodeScalars.filter { !$0.properties.isWhitespace }))
    }
}
