/// Lays a ``Document`` out as the text the engine's line reader takes: a paragraph per
/// line, a table row per line of pipe cells (`| label | 1 | 0 | |`), blank cells kept as
/// empty cells so that a blank stays an unknown in its own column.
///
/// Merged cells are resolved the way the template's tables use them: a cell spanning
/// columns is one cell; a label merged down over several rows at the start of a row (the
/// vertical group labels 三、本年度办理结果, （三）不予公开 …) is written once, on a line of
/// its own before the row, and its continuations are left out, so each data row reads
/// "item label | values" exactly as in the text reports.
public enum DocumentText {
    /// The text and, per line (0-based), the page it came from when known.
    public struct Rendering: Sendable, Hashable {
        public var text: String
        public var pages: [Int?]
    }

    public static func render(_ document: Document) -> Rendering {
        var lines: [String] = []
        var pages: [Int?] = []
        func emit(_ line: String, _ page: Int?) {
            lines.append(line)
            pages.append(page)
        }
        for block in document.blocks {
            switch block {
            case .paragraph(let paragraph):
                for line in paragraph.text.split(separator: "\n", omittingEmptySubsequences: false) {
                    emit(String(line), paragraph.origin?.page)
                }
            case .table(let table):
                for row in table.rows {
                    let page = row.origin?.page ?? table.origin?.page
                    // A slice: removing its first cell is O(1), so a row of many merged
                    // labels does not cost the square of its width.
                    var cells = ArraySlice(row.cells.filter { !$0.continuesAbove })
                    // Leading labels merged down over the following rows: a line of their own.
                    while cells.count > 1, let first = cells.first, first.rowSpan > 1, !isNumeric(first.text) {
                        emit(pipeRow([first]), page)
                        cells.removeFirst()
                    }
                    if cells.isEmpty || cells.allSatisfy({ clean($0.text).isEmpty }) { continue }
                    emit(pipeRow(Array(cells)), page)
                }
                // A table ends: an empty line keeps the next block from reading as its row.
                emit("", table.origin?.page)
            }
        }
        return Rendering(text: lines.joined(separator: "\n"), pages: pages)
    }

    static func pipeRow(_ cells: [TableCell]) -> String {
        "| " + cells.map { clean($0.text) }.joined(separator: " | ") + " |"
    }

    /// One line per cell: breaks inside the cell joined (CJK text wraps without spaces),
    /// pipes kept from reading as cell borders.
    static func clean(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count)
        var pendingSpace = false
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\n", "\r", "\u{0B}", "\u{0C}", "\u{2028}", "\u{2029}":
                continue
            case "|":
                out.unicodeScalars.append("｜")
            case " ", "\t", "\u{3000}", "\u{A0}":
                pendingSpace = !out.isEmpty
                continue
            default:
                if pendingSpace { out.unicodeScalars.append(" ") }
                out.unicodeScalars.append(scalar)
            }
            pendingSpace = false
        }
        return out
    }

    static func isNumeric(_ text: String) -> Bool {
        let t = clean(text)
        return !t.isEmpty && t.unicodeScalars.allSatisfy { ("0"..."9").contains($0) || $0 == "." || $0 == "-" }
    }
}
