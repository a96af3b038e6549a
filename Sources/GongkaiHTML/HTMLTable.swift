import GongkaiReport

/// What the page, or a table cell, holds while the page is read.
typealias HTMLContent = ReadContent<HTMLTable>

/// A `<td>`/`<th>` as read.
struct HTMLCell: ReadTableCell {
    var columnSpan = 1
    /// 0 means "to the end of the table" (HTML's rowspan=0).
    var rowSpan = 1
    var content = HTMLContent()
}

/// A `<table>` as read, before its spans are laid on the grid.
struct HTMLTable: ReadTable {
    var rows: [[HTMLCell]] = []

    static func cells(of row: [HTMLCell]) -> [HTMLCell] { row }

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
            rows[..<repeated].contains(where: { $0.contains { !Self.key($0.text).isEmpty } })
        else { return nil }
        return Array(rows[repeated...])
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
            spans =
                pending.compactMap { span in
                    var span = span
                    span.rowsLeft -= 1
                    return span.rowsLeft > 0 ? span : nil
                } + started
        }
        return Table(rows: out.map { TableRow(cells: $0) })
    }
}
