/// One row of the document: the cells of a table row, or a line of prose as a single cell.
///
/// Rows are what every later stage reads. Whatever the source layout (pipe cells, tab
/// cells, one cell per line, HTML), the layout reader turns it into rows, so the
/// parsers never see the layout itself.
public struct Row: Sendable, Hashable {
    /// The cells, trimmed of surrounding spaces; empty cells are kept, they mark blanks.
    public var cells: [String]
    /// The 1-based line number of the row's first line in the normalised text.
    public var line: Int

    public init(cells: [String], line: Int) {
        self.cells = cells
        self.line = line
    }

    /// The non-empty cells joined with single spaces: the row read as a line of text.
    public var text: String {
        cells.filter { !$0.isEmpty }.joined(separator: " ")
    }

    /// Whether the row has no content at all.
    public var isBlank: Bool { cells.allSatisfy(\.isEmpty) }
}

/// Reads the normalised text into rows, recognising the cell layouts reports come in.
///
/// - Pipe cells: `规章 | 0 | 0 | 0 |` (padding and trailing empty cells are common).
/// - Tab cells: `规章\t0\t0\t0`, label cells indented by empty cells.
/// - One cell per line: a row is a block of lines, each starting with a tab, rows
///   separated by blank lines; a line holding only a tab is an empty cell.
/// - Anything else is a line of prose: one cell. Numbers written after a label on the
///   same line ("（七）总计 3 0 0 0 0 0 3", as PDF text has it) are split off by the
///   table parsers, which know what a label is.
public enum LayoutReader {
    public static func rows(_ text: String) -> [Row] {
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        var rows: [Row] = []
        rows.reserveCapacity(lines.count)
        var i = 0
        while i < lines.count {
            let line = lines[i]
            if isEmptyLine(line) {
                i += 1
                continue
            }
            // A vertical block: consecutive lines each starting with a tab and holding
            // no other tab.
            if isVerticalCell(line) {
                var j = i
                while j < lines.count, isVerticalCell(lines[j]) { j += 1 }
                if j - i >= 2 {
                    let cells = lines[i..<j].map { trim($0.dropFirst()) }
                    rows.append(Row(cells: cells, line: i + 1))
                    i = j
                    continue
                }
            }
            rows.append(Row(cells: splitCells(line), line: i + 1))
            i += 1
        }
        return rows
    }

    /// A line with nothing but spaces (a line with only a tab is an empty cell, not a gap).
    static func isEmptyLine(_ line: Substring) -> Bool {
        line.allSatisfy { $0 == " " }
    }

    static func isVerticalCell(_ line: Substring) -> Bool {
        guard line.first == "\t" else { return false }
        return !line.dropFirst().contains("\t") && !line.contains("|")
    }

    /// Splits one line into cells by `|` (pipe layout) or tabs (tab layout).
    static func splitCells(_ line: Substring) -> [String] {
        if line.contains("|") {
            var cells = line.split(separator: "|", omittingEmptySubsequences: false).map { trim($0) }
            // A leading "|" (markdown style) opens the row rather than holding a cell.
            if line.drop(while: { $0 == " " }).first == "|", cells.first?.isEmpty == true { cells.removeFirst() }
            return cells.map { $0.replacingTabs() }
        }
        if line.contains("\t") {
            return line.split(separator: "\t", omittingEmptySubsequences: false).map { trim($0) }
        }
        return [trim(line)]
    }

    static func trim(_ s: Substring) -> String {
        var t = s[...]
        while let f = t.first, f == " " || f == "\t" { t = t.dropFirst() }
        while let l = t.last, l == " " || l == "\t" { t = t.dropLast() }
        return String(t)
    }
}

extension String {
    func replacingTabs() -> String {
        contains("\t") ? String(map { $0 == "\t" ? " " : $0 }) : self
    }
}
