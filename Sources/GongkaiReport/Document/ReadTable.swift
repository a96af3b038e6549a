/// What a format reader collects while it reads a body, a table cell or a text box:
/// paragraphs and tables in order, before the tables' merged cells are resolved into
/// ``Table``s.
///
/// The DOCX and HTML readers each keep their own ``ReadTable`` (the cell properties of
/// their format — Word's grid spans and merge marks, HTML's colspan and rowspan — and
/// their own way of laying cells on the grid). What they share is here: a cell's content
/// and text, when a table is page layout, how a table split by a page break is joined to
/// the table before it, and the blocks it all becomes.
public struct ReadContent<Nested: ReadTable> {
    /// A paragraph's text, or a table.
    public enum Item {
        case paragraph(String)
        case table(Nested)
    }

    /// In reading order.
    public var items: [Item] = []

    @inlinable
    public init() {}

    /// Whether a table is among the items (a cell holding a table is page layout).
    @inlinable
    public var holdsTable: Bool {
        items.contains { if case .table = $0 { true } else { false } }
    }

    /// The paragraphs joined with line breaks (nested tables left out): a cell's text.
    @inlinable
    public var text: String {
        var lines: [String] = []
        for item in items {
            if case .paragraph(let text) = item { lines.append(text) }
        }
        return lines.joined(separator: "\n")
    }

    @inlinable
    public mutating func append(paragraph text: String) {
        items.append(.paragraph(text))
    }

    @inlinable
    public mutating func append(contentsOf other: ReadContent) {
        items.append(contentsOf: other.items)
    }

    /// Adds a finished table. When it continues the table before it (blank paragraphs
    /// between them aside) after a page break — see ``ReadTable/continuation(of:)`` — its
    /// rows join that table, and the blank paragraphs go.
    @inlinable
    public mutating func add(_ table: Nested) {
        var back = items.count
        while back > 0, case .paragraph(let text) = items[back - 1], Nested.key(text).isEmpty { back -= 1 }
        if back > 0, case .table(var previous) = items[back - 1], let rest = table.continuation(of: previous) {
            previous.rows.append(contentsOf: rest)
            items.removeSubrange((back - 1)...)
            items.append(.table(previous))
            return
        }
        items.append(.table(table))
    }

    /// The blocks the items read as: paragraphs, and each table's ``ReadTable/blocks()``.
    @inlinable
    public func blocks() -> [Block] {
        var out: [Block] = []
        for item in items {
            switch item {
            case .paragraph(let text): out.append(.paragraph(Paragraph(text)))
            case .table(let table): out += table.blocks()
            }
        }
        return out
    }
}

/// A table as a format reader read it, before its merged cells are resolved.
public protocol ReadTable {
    associatedtype Row
    associatedtype Cell: ReadTableCell where Cell.Nested == Self

    var rows: [Row] { get set }

    /// The cells of a row, in order.
    static func cells(of row: Row) -> [Cell]

    /// When this table continues `previous` after a page break (its first rows repeat the
    /// first rows of `previous`), the rows to append to `previous`; nil otherwise.
    func continuation(of previous: Self) -> [Row]?

    /// The table with its merged cells resolved, as the engine reads it.
    func resolved() -> Table
}

/// A cell of a ``ReadTable``.
public protocol ReadTableCell {
    associatedtype Nested: ReadTable
    var content: ReadContent<Nested> { get }
}

extension ReadTableCell {
    /// Whether the cell holds a table.
    @inlinable
    public var holdsTable: Bool { content.holdsTable }

    /// The cell's paragraphs joined with line breaks.
    @inlinable
    public var text: String { content.text }
}

extension ReadTable {
    /// Page layout rather than data: a cell holds a table, or no row has two cells.
    @inlinable
    public var isLayout: Bool {
        rows.contains { Self.cells(of: $0).contains { $0.holdsTable } } || rows.allSatisfy { Self.cells(of: $0).count <= 1 }
    }

    /// The blocks this table reads as: one table, or the content of a layout table's
    /// cells, in order.
    @inlinable
    public func blocks() -> [Block] {
        guard isLayout else { return [.table(resolved())] }
        var out: [Block] = []
        for row in rows {
            for cell in Self.cells(of: row) { out += cell.content.blocks() }
        }
        return out
    }

    /// Text compared without any white space (full-width spaces included).
    @inlinable
    public static func key(_ text: String) -> String {
        String(String.UnicodeScalarView(text.unicodeScalars.filter { !$0.properties.isWhitespace }))
    }
}
