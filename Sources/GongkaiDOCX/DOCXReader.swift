import GongkaiReport
import GongkaiXML

/// Reads a Word 2007+ document (DOCX, also as WPS writes it) into a ``Document``.
///
/// What is read: the main document part's body, in order — paragraphs (runs joined; tabs
/// as `\t`; line breaks as `\n`; inserted text kept, deleted text dropped; field codes,
/// hidden runs, ruby annotations and bookmarks left out; content controls, smart tags,
/// hyperlinks and text boxes read where they stand) and tables with their merged cells
/// resolved. Headers, footers, footnotes and comments are not read: page furniture would
/// only interrupt the report's tables.
///
/// Tables:
/// - `w:gridSpan` is the cell's column span; `w:vMerge` restart/continue become a top cell
///   with its row span and `continuesAbove` cells; legacy `w:hMerge` widens the first cell;
///   `w:gridBefore` shifts a row's grid position.
/// - A table any of whose cells holds another table, or whose rows hold one cell at most,
///   is page layout (a frame around the text, or the whole report in a cell): its cells'
///   paragraphs and tables are read as blocks of their own, in row order.
/// - A table cut in two by a page break (two `w:tbl` with only empty paragraphs between,
///   the second starting with copies of the first one's header rows) is read as one table:
///   the repeated header rows are dropped and a group label repeated at the top of the
///   second part continues the one above it, as it does in the unsplit table.
/// - Paragraphs inside a cell are joined with `\n`.
///
/// Untrusted input is bounded by ``ReadLimits``: the parts read (the relationships part
/// and the main document) together expand to at most `maxExpandedBytes` — checked
/// against each entry's declared size first and counted while inflating, since a zip
/// bomb's declared size lies; the XML nests at most `maxDepth` deep (libxml2 itself stops
/// XML at 256 levels); paragraphs and table cells number at most `maxBlocks`.
public enum DOCXReader {
    /// Reads the bytes of a DOCX file.
    ///
    /// - Throws: ``DocumentReadError/encrypted`` for a password-protected Office file (an
    ///   OLE compound file holding `EncryptedPackage`) or an encrypted zip entry;
    ///   ``DocumentReadError/broken(_:)`` for anything that is not a readable DOCX (not a
    ///   zip, truncated, no main document part, damaged deflate data, failed CRC,
    ///   malformed XML); ``DocumentReadError/overLimit(_:)`` when a limit is passed.
    public static func read(_ bytes: [UInt8], limits: ReadLimits = .standard) throws(DocumentReadError) -> Document {
        if bytes.starts(with: [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]) {
            if containsUTF16("EncryptedPackage", in: bytes) { throw .encrypted }
            throw .broken("an OLE compound file (Word 97-2003), not a DOCX zip")
        }
        let package = try ZipPackage(bytes)
        var budget = limits.maxExpandedBytes
        let path = mainDocumentPath(package, budget: &budget)
        guard let entry = package.entry(named: path) ?? package.entry(named: "word/document.xml") else {
            throw .broken("no main document part (word/document.xml) in the zip")
        }
        let xml = try package.extract(entry, budget: &budget)
        let tree: MarkupTree
        do {
            // A paragraph or cell takes several nodes; a budget per block keeps memory
            // proportional to what may be read.
            let maxNodes = max(10_000, min(limits.maxBlocks, Int.max / 8) * 8)
            tree = try MarkupParser.parseXML(
                xml,
                options: MarkupParseOptions(
                    maxDepth: limits.maxDepth, maxNodes: maxNodes, deepNodes: .cut,
                    attributes: WordBodyReader.attributes))
        } catch {
            switch error {
            case .tooManyNodes, .tooLarge: throw .overLimit("\(entry.name): \(error)")
            case .tooDeep: throw .overLimit("\(entry.name): \(error)")
            case .malformed, .dtdRefused: throw .broken("\(entry.name): \(error)")
            }
        }
        if tree.depthExceeded { throw .overLimit("\(entry.name) nests elements deeper than \(limits.maxDepth)") }
        var reader = WordBodyReader(tree: tree, maxBlocks: limits.maxBlocks)
        reader.numbering = numbering(package, folder: folder(of: entry.name), budget: &budget)
        return Document(format: .docx, blocks: try reader.read())
    }

    /// The main document part named by the package relationships (`_rels/.rels`), or
    /// word/document.xml when they do not say.
    static func mainDocumentPath(_ package: ZipPackage, budget: inout Int) -> String {
        let fallback = "word/document.xml"
        guard let rels = package.entry(named: "_rels/.rels"), rels.uncompressedSize <= 1 << 20,
            let bytes = try? package.extract(rels, budget: &budget),
            let tree = try? MarkupParser.parseXML(bytes, options: MarkupParseOptions(maxDepth: 16, maxNodes: 10_000))
        else {
            return fallback
        }
        for index in tree.nodes.indices where tree[index].kind == .element && tree[index].name == "Relationship" {
            guard let type = tree.attribute("Type", of: index), type.hasSuffix("/officeDocument"),
                tree.attribute("TargetMode", of: index) != "External",
                let target = tree.attribute("Target", of: index), !target.isEmpty
            else { continue }
            return target
        }
        return fallback
    }

    /// The folder of a part ("word/" for "word/document.xml"), where its numbering and
    /// styles parts sit.
    static func folder(of path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return "" }
        return String(path[...slash])
    }

    /// The list numbering of the document, when it has any (word/numbering.xml, with the
    /// paragraph styles that carry numbering). Damaged or oversized parts are skipped:
    /// numbers are missing then, the text is still read.
    static func numbering(_ package: ZipPackage, folder: String, budget: inout Int) -> WordNumbering? {
        func tree(_ name: String, budget: inout Int) -> MarkupTree? {
            guard let entry = package.entry(named: folder + name), let bytes = try? package.extract(entry, budget: &budget) else { return nil }
            return try? MarkupParser.parseXML(bytes, options: MarkupParseOptions(maxDepth: 64, maxNodes: 1_000_000, attributes: WordNumbering.attributes))
        }
        guard let numbering = tree("numbering.xml", budget: &budget) else { return nil }
        let result = WordNumbering(numbering: numbering, styles: tree("styles.xml", budget: &budget))
        return result.isEmpty ? nil : result
    }

    static func containsUTF16(_ word: String, in bytes: [UInt8]) -> Bool {
        var pattern: [UInt8] = []
        for unit in word.utf16 { pattern.append(UInt8(unit & 0xFF)); pattern.append(UInt8(unit >> 8)) }
        guard let first = pattern.first, bytes.count >= pattern.count else { return false }
        var i = 0
        while i <= bytes.count - pattern.count {
            if bytes[i] == first, bytes[i..<(i + pattern.count)].elementsEqual(pattern) { return true }
            i += 1
        }
        return false
    }
}
