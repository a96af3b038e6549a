/// One row of the document: the cells of a table row, or a line of prose as a single cell.
///
/// Rows are what every later stage reads. Whatever the source layout (pipe cells, tab
/// cells, one cell per line, HTML), the layout reader turns it into rows, so the
/// parsers never see the layout itself.
public struct Row: Sendable, Hashable {
    /// The cells, trimmed of surrounding spaces; empty cells are kept, they mark blanks.
    public let cells: [String]
    /// The 1-based line number of the row's first line in the normalised text.
    public let line: Int
    /// The non-empty cells joined with single spaces: the row read as a line of text.
    /// Stored, because every stage reads it.
    public let text: String
    /// How many cells are not empty.
    public let filledCount: Int

    public init(cells: [String], line: Int) {
        self.cells = cells
        self.line = line
        let filled = cells.filter { !$0.isEmpty }
        self.filledCount = filled.count
        self.text = filled.count == 1 ? filled[0] : filled.joined(separator: " ")
    }

    /// Whether the row has no content at all.
    public var isBlank: Bool { filledCount == 0 }
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
        rows(lines: text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init))
    }

    /// Rows from already-split lines. Works on UTF-8 bytes: every separator (`|`, tab,
    /// space) is ASCII, so splitting bytes is exact and much cheaper than `Character`s.
    static func rows(lines: [String]) -> [Row] {
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
                    let cells = lines[i..<j].map { trim(Substring($0.utf8.dropFirst())) }
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
    static func isEmptyLine(_ line: String) -> Bool {
        line.utf8.allSatisfy { $0 == 0x20 }
    }

    static func isVerticalCell(_ line: String) -> Bool {
        guard line.utf8.first == 0x09 else { return false }
        return !line.utf8.dropFirst().contains(0x09) && !line.hasByte(0x7C)
    }

    /// Splits one line into cells by `|` (pipe layout) or tabs (tab layout).
    static func splitCells(_ line: String) -> [String] {
        let bytes = line.utf8
        if line.hasByte(0x7C) {
            var cells = bytes.split(separator: 0x7C, omittingEmptySubsequences: false).map { trim(Substring($0), tabs: true) }
            // A closing "|" ends the row; it does not open one more (empty) cell. Other
            // empty cells, leading ones included, are kept: they mark blanks.
            if bytes.last(where: { $0 != 0x20 && $0 != 0x09 }) == 0x7C, cells.count > 1, cells.last?.isEmpty == true { cells.removeLast() }
            return cells
        }
        if line.hasByte(0x09) {
            return bytes.split(separator: 0x09, omittingEmptySubsequences: false).map { trim(Substring($0)) }
        }
        return [trim(Substring(line))]
    }

    /// Trims spaces and tabs; with `tabs`, inner tabs become spaces too.
    static func trim(_ s: Substring, tabs: Bool = false) -> String {
        let bytes = s.utf8
        guard let first = bytes.firstIndex(where: { $0 != 0x20 && $0 != 0x09 }),
              let last = bytes.lastIndex(where: { $0 != 0x20 && $0 != 0x09 }) else { return "" }
        let core = bytes[first...last]
        if tabs, core.contains(0x09) {
            return String(decoding: core.map { $0 == 0x09 ? 0x20 : $0 }, as: UTF8.self)
        }
        return String(Substring(core))
    }
}
