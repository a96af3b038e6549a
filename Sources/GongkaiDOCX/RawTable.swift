import GongkaiReport

/// What the body, a table cell or a text box holds while the body is read.
typealias RawContent = ReadContent<RawTable>

/// A `w:tc` as read: its grid span, merge marks and content.
struct RawCell: ReadTableCell {
    enum Merge {
        case none
        case restart
        case continuation
    }

    var gridSpan = 1
    var vMerge: Merge = .none
    var hMerge: Merge = .none
    var content = RawContent()
}

/// A `w:tr` as read.
struct RawRow {
    var cells: [RawCell] = []
    /// Grid columns skipped before the first cell (`w:gridBefore`).
    var gridBefore = 0
    /// Marked as a header row repeated on each page (`w:tblHeader`).
    var isHeader = false

    var hasText: Bool { cells.contains { !RawTable.key($0.text).isEmpty } }

    func sameContent(as other: RawRow) -> Bool {
        guard cells.count == other.cells.count, gridBefore == other.gridBefore else { return false }
        return zip(cells, other.cells).allSatisfy { a, b in
            a.gridSpan == b.gridSpan && a.vMerge == b.vMerge && RawTable.key(a.text) == RawTable.key(b.text)
        }
    }
}

/// A `w:tbl` as read, before its merged cells are resolved.
struct RawTable: ReadTable {
    var rows: [RawRow] = []

    static func cells(of row: RawRow) -> [RawCell] { row.cells }

    /// When this table continues `previous` after a page break — its first rows repeat
    /// the first rows of `previous` (the header rows Word repeats on each page, or copies
    /// of them) — the rows that follow the repeated ones, with group labels repeated at
    /// their top turned back into continuations of the merges still open in `previous`.
    func continuation(of previous: RawTable) -> [RawRow]? {
        guard !isLayout, !previous.isLayout else { return nil }
        var repeated = 0
        while repeated < rows.count, repeated < previous.rows.count, rows[repeated].sameContent(as: previous.rows[repeated]) { repeated += 1 }
        guard repeated >= 1, repeated < rows.count, repeated < previous.rows.count,
            rows[..<repeated].contains(where: \.hasText)
        else { return nil }
        var rest = Array(rows[repeated...])
        let open = previous.openMerges()
        var column = rest[0].gridBefore
        for index in rest[0].cells.indices {
            let cell = rest[0].cells[index]
            if cell.vMerge == .restart, let label = open[column], label == Self.key(cell.text) {
                rest[0].cells[index].vMerge = .continuation
                rest[0].cells[index].content = RawContent()
            }
            column += cell.gridSpan
        }
        return rest
    }

    /// The vertical merges still open after the last row: grid column → the top cell's text.
    func openMerges() -> [Int: String] {
        var open: [Int: String] = [:]
        for row in rows {
            var next: [Int: String] = [:]
            var column = row.gridBefore
            for cell in row.cells {
                switch cell.vMerge {
                case .restart: next[column] = Self.key(cell.text)
                case .continuation: if let label = open[column] { next[column] = label }
                case .none: break
                }
                column += cell.gridSpan
            }
            open = next
        }
        return open
    }

    /// The table with its merges resolved: spans from `w:gridSpan` (and legacy
    /// `w:hMerge`), vertical merges as a top cell with its row span over
    /// `continuesAbove` cells at the same grid column.
    func resolved() -> Table {
        var out: [[TableCell]] = []
        // Grid column → position of the top cell of a vertical merge still open.
        var open: [Int: (row: Int, cell: Int)] = [:]
        for row in rows {
            var cells: [TableCell] = []
            var next: [Int: (row: Int, cell: Int)] = [:]
            var column = row.gridBefore
            for cell in row.cells {
                let span = cell.gridSpan
                defer { column += span }
                if cell.hMerge == .continuation, let last = cells.indices.last, !cells[last].continuesAbove {
                    cells[last].columnSpan += span
                    continue
                }
                if cell.vMerge == .continuation, let top = open[column] {
                    out[top.row][top.cell].rowSpan += 1
                    cells.append(TableCell("", columnSpan: span, continuesAbove: true))
                    next[column] = top
                    continue
                }
                cells.append(TableCell(cell.text, columnSpan: span))
                if cell.vMerge == .restart { next[column] = (out.count, cells.count - 1) }
            }
            open = next
            out.append(cells)
        }
        return Table(rows: out.map { TableRow(cells: $0) })
    }
}
