/// A report as its file laid it out: ordered blocks of paragraphs and tables, whatever
/// the format it came in (PDF, DOCX, HTML or text).
///
/// Every reader produces this, and the engine reads only this: the readers know formats,
/// the engine knows the template. Tables keep their real structure (rows of cells, merged
/// cells resolved), so the table reader maps them to the template by their labels, never by
/// counting numbers through the text.
public struct Document: Sendable, Hashable, Codable {
    /// What the bytes were.
    public var format: DocumentFormat
    /// The content, in reading order.
    public var blocks: [Block]

    public init(format: DocumentFormat, blocks: [Block] = []) {
        self.format = format
        self.blocks = blocks
    }

    /// The number of characters of text in all blocks (0 for an image-only PDF).
    public var textLength: Int {
        blocks.reduce(0) { total, block in
            switch block {
            case .paragraph(let p): total + p.text.unicodeScalars.count
            case .table(let t): total + t.rows.reduce(0) { $0 + $1.cells.reduce(0) { $0 + $1.text.unicodeScalars.count } }
            }
        }
    }
}

/// One block of a document.
public enum Block: Sendable, Hashable, Codable {
    case paragraph(Paragraph)
    case table(Table)
}

/// Where a block, row or cell was found in its file, for findings a clerk can look up.
public struct Origin: Sendable, Hashable, Codable {
    /// 1-based page (PDF), when the format has pages.
    public var page: Int?

    public init(page: Int? = nil) {
        self.page = page
    }
}

/// A paragraph (or one line of plain text).
public struct Paragraph: Sendable, Hashable, Codable {
    public var text: String
    public var origin: Origin?

    public init(_ text: String, origin: Origin? = nil) {
        self.text = text
        self.origin = origin
    }
}

/// A table with its merged cells resolved: each row lists the cells that begin in it, in
/// column order; a cell spanning several columns is listed once with its span; a cell
/// covered by a vertical merge from the row above is listed as a continuation (empty
/// text, `continuesAbove`), so every row still shows where the merged cell stands.
public struct Table: Sendable, Hashable, Codable {
    public var rows: [TableRow]
    public var origin: Origin?

    public init(rows: [TableRow], origin: Origin? = nil) {
        self.rows = rows
        self.origin = origin
    }
}

public struct TableRow: Sendable, Hashable, Codable {
    public var cells: [TableCell]
    public var origin: Origin?

    public init(cells: [TableCell], origin: Origin? = nil) {
        self.cells = cells
        self.origin = origin
    }
}

public struct TableCell: Sendable, Hashable, Codable {
    /// The cell's text: line breaks inside the cell removed, runs joined.
    public var text: String
    /// How many grid columns the cell spans (1 for an ordinary cell).
    public var columnSpan: Int
    /// How many rows the cell spans (1 for an ordinary cell; the top cell of a vertical merge).
    public var rowSpan: Int
    /// This grid position is covered by a vertically merged cell that starts above.
    public var continuesAbove: Bool

    public init(_ text: String, columnSpan: Int = 1, rowSpan: Int = 1, continuesAbove: Bool = false) {
        self.text = text
        self.columnSpan = columnSpan
        self.rowSpan = rowSpan
        self.continuesAbove = continuesAbove
    }
}

/// The kind of file, detected from its bytes (never from its name).
public enum DocumentFormat: String, Sendable, Hashable, Codable, CaseIterable {
    /// Plain text (UTF-8, UTF-16, GB18030), including text copied out of a PDF or a page.
    case text
    /// A web page (HTML), including Word's "save as web page".
    case html
    /// Word 2007+ (a zip holding word/document.xml).
    case docx
    case pdf
    /// Word 97–2003 or WPS (an OLE compound file).
    case doc
    /// OpenDocument text (a zip whose mimetype is application/vnd.oasis.opendocument.text).
    case odt
    /// Rich Text Format.
    case rtf
    /// A zip that is neither DOCX nor ODT.
    case zip
    /// An image (PNG, JPEG, TIFF, GIF, BMP): a scan or a photo.
    case image

    /// Detects the format from the first bytes (and, for zips, the names of their entries).
    public static func detect(_ bytes: [UInt8]) -> DocumentFormat {
        func starts(_ signature: [UInt8], at offset: Int = 0) -> Bool {
            bytes.count >= offset + signature.count && bytes[offset..<(offset + signature.count)].elementsEqual(signature)
        }
        // A PDF may have junk before the header (the spec allows the first 1024 bytes).
        if let at = find(Array("%PDF-".utf8), in: bytes.prefix(1024)), at >= 0 { return .pdf }
        if starts([0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]) { return .doc }
        if starts([0x50, 0x4B, 0x03, 0x04]) || starts([0x50, 0x4B, 0x05, 0x06]) {
            if starts(Array("mimetypeapplication/vnd.oasis.opendocument.text".utf8), at: 30) { return .odt }
            let head = bytes.prefix(1 << 20)
            if find(Array("word/document.xml".utf8), in: head) != nil { return .docx }
            if find(Array("content.xml".utf8), in: head) != nil, find(Array("opendocument.text".utf8), in: head) != nil { return .odt }
            // The central directory at the end names every entry.
            if find(Array("word/document.xml".utf8), in: bytes.suffix(1 << 20)) != nil { return .docx }
            return .zip
        }
        if starts(Array("{\\rtf".utf8)) { return .rtf }
        if starts([0x89, 0x50, 0x4E, 0x47]) || starts([0xFF, 0xD8, 0xFF]) || starts(Array("GIF8".utf8))
            || starts([0x49, 0x49, 0x2A, 0x00]) || starts([0x4D, 0x4D, 0x00, 0x2A]) || starts(Array("BM".utf8)) && bytes.count > 26 && bytes[14] == 40
        {
            return .image
        }
        if looksLikeHTML(bytes.prefix(4096)) { return .html }
        return .text
    }

    static func find(_ needle: [UInt8], in haystack: ArraySlice<UInt8>) -> Int? {
        guard let first = needle.first, haystack.count >= needle.count else { return nil }
        var i = haystack.startIndex
        let last = haystack.endIndex - needle.count
        while i <= last {
            if haystack[i] == first, haystack[i..<(i + needle.count)].elementsEqual(needle) { return i - haystack.startIndex }
            i += 1
        }
        return nil
    }

    /// `<!DOCTYPE html`, `<html`, `<head`, `<body` or `<meta` near the start (after a BOM,
    /// white space or comments), in ASCII-compatible or UTF-16 text.
    static func looksLikeHTML(_ head: ArraySlice<UInt8>) -> Bool {
        // Drop NULs so UTF-16 pages read as ASCII for this test.
        let ascii = head.filter { $0 != 0 }.map { (0x41...0x5A).contains($0) ? $0 + 0x20 : $0 }
        let text = ArraySlice(ascii)
        for tag in ["<!doctype html", "<html", "<head", "<body", "<meta ", "<table"] {
            if let at = find(Array(tag.utf8), in: text), at < 2048 { return true }
        }
        return false
    }
}
