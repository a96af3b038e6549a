#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

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
    /// For a line of text without cell separators: how many spaces preceded it. PDF text
    /// laid out with spaces keeps its columns as positions on the line, and the parsers
    /// need the absolute position of each number to know its column.
    public let indent: Int

    public init(cells: [String], line: Int, indent: Int = 0) {
        self.cells = cells
        self.line = line
        self.indent = indent
        var filled = 0
        var single: String? = nil
        for cell in cells where !cell.isEmpty {
            filled += 1
            single = cell
        }
        self.filledCount = filled
        if filled <= 1 {
            self.text = single ?? ""
        } else {
            var bytes: [UInt8] = []
            for cell in cells where !cell.isEmpty {
                if !bytes.isEmpty { bytes.append(0x20) }
                bytes.append(contentsOf: cell.utf8)
            }
            self.text = String(decoding: bytes, as: UTF8.self)
        }
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
        // Markdown tables (PDF-to-markdown converters): "|---|---|" rows under headers.
        let markdown = lines.contains(where: isMarkdownSeparator)
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
                    let cells = lines[i..<j].map { line -> String in
                        var line = line
                        return line.withUTF8 { cell($0, 1, $0.count, tabs: false) }  // after the leading tab
                    }
                    rows.append(Row(cells: cells, line: i + 1))
                    i = j
                    continue
                }
            }
            if markdown, isMarkdownSeparator(line) {
                i += 1
                continue
            }
            var cells = splitCells(line)
            // Markdown rows open with "|": that opens the row, not a blank cell.
            if markdown, cells.count > 1, cells[0].isEmpty, line.utf8.first(where: { $0 != 0x20 }) == 0x7C { cells.removeFirst() }
            let indent = cells.count == 1 ? line.utf8.prefix(while: { $0 == 0x20 }).count : 0
            rows.append(Row(cells: cells, line: i + 1, indent: indent))
            i += 1
        }
        return rows
    }

    /// A markdown table's separator row: "|---|:---:|", nothing but pipes, dashes,
    /// colons and spaces, with at least one pipe and three dashes.
    static func isMarkdownSeparator(_ line: String) -> Bool {
        guard line.utf8.count <= 2000, line.hasByte(0x7C) else { return false }
        var dashes = 0
        for b in line.utf8 {
            switch b {
            case 0x2D: dashes += 1
            case 0x7C, 0x3A, 0x20, 0x09: continue
            default: return false
            }
        }
        return dashes >= 3
    }

    /// A line with nothing but spaces (a line with only a tab is an empty cell, not a gap).
    static func isEmptyLine(_ line: String) -> Bool {
        line.utf8.allSatisfy { $0 == 0x20 }
    }

    static func isVerticalCell(_ line: String) -> Bool {
        guard line.utf8.first == 0x09 else { return false }
        return !line.utf8.dropFirst().contains(0x09) && !line.hasByte(0x7C)
    }

    /// Splits one line into cells by `|` (pipe layout) or tabs (tab layout), on its bytes.
    static func splitCells(_ line: String) -> [String] {
        var line = line
        return line.withUTF8 { bytes -> [String] in
            guard let base = bytes.baseAddress else { return [""] }
            let pipe = memchr(base, 0x7C, bytes.count) != nil
            let separator: UInt8 = pipe ? 0x7C : 0x09
            guard pipe || memchr(base, 0x09, bytes.count) != nil else { return [cell(bytes, 0, bytes.count, tabs: false)] }
            var cells: [String] = []
            var start = 0
            for i in 0..<bytes.count where bytes[i] == separator {
                cells.append(cell(bytes, start, i, tabs: pipe))
                start = i + 1
            }
            cells.append(cell(bytes, start, bytes.count, tabs: pipe))
            // A closing "|" ends the row; it does not open one more (empty) cell. Other
            // empty cells, leading ones included, are kept: they mark blanks.
            if pipe, cells.count > 1, cells.last?.isEmpty == true {
                var end = bytes.count
                while end > 0, bytes[end - 1] == 0x20 || bytes[end - 1] == 0x09 { end -= 1 }
                if end > 0, bytes[end - 1] == 0x7C { cells.removeLast() }
            }
            return cells
        }
    }

    /// The bytes `from..<to` trimmed of spaces and tabs, as a String; with `tabs`,
    /// inner tabs become spaces (a pipe cell may hold one).
    @inline(__always)
    static func cell(_ bytes: UnsafeBufferPointer<UInt8>, _ from: Int, _ to: Int, tabs: Bool) -> String {
        var a = from
        var b = to
        while a < b, bytes[a] == 0x20 || bytes[a] == 0x09 { a += 1 }
        while b > a, bytes[b - 1] == 0x20 || bytes[b - 1] == 0x09 { b -= 1 }
        if a == b { return "" }
        let slice = UnsafeBufferPointer(rebasing: bytes[a..<b])
        if tabs, slice.contains(0x09) {
            return String(decoding: slice.map { $0 == 0x09 ? 0x20 : $0 }, as: UTF8.self)
        }
        return String(decoding: slice, as: UTF8.self)
    }

}
