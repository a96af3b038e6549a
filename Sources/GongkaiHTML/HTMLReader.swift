import GongkaiReport
import GongkaiXML

/// Reads a web page (a report published as HTML, or Word's "save as web page") into a
/// ``Document``.
///
/// - Encoding: byte-order mark, then the page's own declaration in its first 4 KB, then
///   the bytes (valid UTF-8 → UTF-8, else GB18030), with mislabelled pages caught (see
///   ``detectEncoding(_:)``). The bytes are converted to UTF-8 (iconv) before parsing;
///   undecodable bytes become U+FFFD.
/// - Parsing: libxml2's HTML parser in recovery mode (no network, silent). Nesting deeper
///   than `limits.maxDepth` is flattened: its text stays, in order, in the deepest kept
///   element.
/// - Left out: script, style, noscript, template, forms' controls, embedded objects, the
///   head except its `<title>` (kept as the first paragraph); site chrome — `nav`, `aside`,
///   `header`, `footer` (not inside `article`/`main`) and ARIA navigation/banner/
///   contentinfo/complementary/search roles — and hidden elements (`hidden`,
///   `display:none`, Word's `mso-hide:all`), but only when they hold no table, under 500
///   characters of text and no "报告", so neither a report inside such an element nor a
///   report title in a page header is lost.
/// - Paragraphs: block elements (p, div, h1–h6, li, tr, …) and `<br>` end a paragraph;
///   inline elements join; white space collapses as a browser collapses it, and a line
///   break in the markup between two Chinese characters disappears (Word writes one span
///   per character, each on its line).
/// - Tables: `colspan` becomes the cell's column span; `rowspan` the top cell's row span,
///   with `continuesAbove` cells inserted at the covered grid positions in the rows below.
///   A cell's paragraphs are joined with `\n` (Word writes one `<p class=MsoNormal>` per
///   line of a cell). A table whose cells hold tables, or whose rows have one cell at most,
///   is page layout: its cells' content is read as blocks, in order. A table repeating the
///   first rows of the table just before it (a table split by a page break) continues it.
public enum HTMLReader {
    /// Reads the bytes of a web page.
    ///
    /// - Throws: ``DocumentReadError/overLimit(_:)`` when the page, once converted to
    ///   UTF-8, is larger than `limits.maxExpandedBytes`, or holds more nodes than the
    ///   limits allow (8 per block of `limits.maxBlocks`), or more paragraphs and table cells
    ///   than `limits.maxBlocks`. Bad markup never throws: it is read as a browser would.
    public static func read(_ bytes: [UInt8], limits: ReadLimits = .standard) throws(DocumentReadError) -> Document {
        guard bytes.count <= limits.maxExpandedBytes else { throw .overLimit("the page is \(bytes.count) bytes") }
        let decision = Charset.detect(bytes)
        let body = bytes[decision.skip...]
        let utf8 =
            Charset.toUTF8(body, from: decision.encoding)
            ?? Charset.toUTF8(body, from: Charset.validUTF8(body) ? "UTF-8" : "GB18030")
            ?? Array(String(decoding: body, as: UTF8.self).utf8)
        guard utf8.count <= limits.maxExpandedBytes else { throw .overLimit("the page is \(utf8.count) bytes as UTF-8") }
        let markup = removingDownlevelConditionals(utf8)
        let tree: MarkupTree
        do {
            let maxNodes = max(10_000, min(limits.maxBlocks, Int.max / 8) * 8)
            tree = try MarkupParser.parseHTML(
                markup, encoding: "UTF-8",
                options: MarkupParseOptions(
                    maxDepth: limits.maxDepth, maxNodes: maxNodes, deepNodes: .flatten,
                    attributes: HTMLBlockReader.attributes))
        } catch {
            throw .overLimit("\(error)")
        }
        var reader = HTMLBlockReader(tree: tree, maxBlocks: limits.maxBlocks)
        return Document(format: .html, blocks: try reader.read())
    }

    /// Word's downlevel-revealed conditional comments, `<![if !supportLists]>` … `<![endif]>`:
    /// the markers go (a browser ignores them; libxml2 would keep them as text), what they
    /// enclose stays (list numbers, the spacer row of a table).
    static func removingDownlevelConditionals(_ bytes: [UInt8]) -> [UInt8] {
        let open: [UInt8] = Array("<![".utf8)
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count)
        var i = 0
        var copied = 0
        while i + 3 < bytes.count {
            guard bytes[i] == open[0], bytes[i + 1] == open[1], bytes[i + 2] == open[2] else {
                i += 1
                continue
            }
            var k = i + 3
            while k < bytes.count, bytes[k] == 0x20 { k += 1 }
            let word = bytes[k..<min(bytes.count, k + 5)].map { $0 | 0x20 }
            guard word.starts(with: Array("if".utf8)) || word.starts(with: Array("endif".utf8)) else {
                i += 1
                continue
            }
            // The marker is `<![if …]>` or `<![endif]>`: its first `>` closes it, right
            // after a `]` (`<![endif]-->` closes a real comment: not a marker).
            var end = k
            let limit = min(bytes.count, k + 200)
            while end < limit, bytes[end] != UInt8(ascii: ">"), bytes[end] != UInt8(ascii: "<") { end += 1 }
            guard end < limit, bytes[end] == UInt8(ascii: ">"), bytes[end - 1] == UInt8(ascii: "]") else {
                i += 1
                continue
            }
            out.append(contentsOf: bytes[copied..<i])
            i = end + 1
            copied = i
        }
        out.append(contentsOf: bytes[copied...])
        return out
    }

    /// The encoding ``read(_:limits:)`` reads the bytes in, as iconv names it ("UTF-8",
    /// "GB18030", "UTF-16LE", "BIG5-HKSCS", …).
    public static func detectEncoding(_ bytes: [UInt8]) -> String {
        Charset.detect(bytes).encoding
    }
}

/// Walks the parsed page (iteratively) and collects paragraphs and tables.
struct HTMLBlockReader: MarkupVisitor {
    /// The only attributes the walk reads.
    static let attributes: Set<String> = ["colspan", "rowspan", "style", "role", "hidden"]
    static let skipped: Set<String> = [
        "script", "style", "noscript", "template", "iframe", "frame", "object", "embed", "applet", "svg", "math", "canvas",
        "select", "option", "optgroup", "button", "input", "textarea", "datalist", "map", "area", "audio", "video", "source",
        "track", "meta", "link", "base", "xml", "head", "title",
    ]
    static let blocks: Set<String> = [
        "address", "article", "aside", "blockquote", "body", "center", "dd", "details", "dialog", "dir", "div", "dl", "dt",
        "fieldset", "figcaption", "figure", "footer", "form", "h1", "h2", "h3", "h4", "h5", "h6", "header", "hgroup", "hr",
        "html", "legend", "li", "listing", "main", "menu", "nav", "ol", "p", "plaintext", "pre", "section", "summary", "ul",
        "xmp", "caption", "br", "tbody", "thead", "tfoot", "colgroup",
    ]
    static let chrome: Set<String> = ["nav", "aside", "header", "footer"]
    static let chromeRoles: Set<String> = ["navigation", "banner", "contentinfo", "complementary", "search"]

    let tree: MarkupTree
    let maxBlocks: Int
    var blockCount = 0

    struct Container {
        var content = HTMLContent()
        var run = TextRun()
        var cell: HTMLCell?
    }

    var containers: [Container] = [Container()]
    /// Open tables, innermost last, with the container depth each opened at.
    var tables: [(table: HTMLTable, depth: Int)] = []
    var preformatted = 0

    init(tree: MarkupTree, maxBlocks: Int) {
        self.tree = tree
        self.maxBlocks = maxBlocks
    }

    mutating func read() throws(DocumentReadError) -> [Block] {
        let tree = self.tree
        if let title = title() {
            containers[0].content.append(paragraph: title)
        }
        try tree.walk(from: tree.documentIndex, visiting: &self)
        // Tables left open by the walk cannot be: every enter that descends has its exit.
        try flush()
        return containers[0].content.blocks()
    }

    /// The page title from the head, white space collapsed.
    func title() -> String? {
        for index in tree.nodes.indices where tree[index].kind == .element && tree[index].name == "title" {
            guard let parent = tree[index].parent, tree[parent].name == "head" else { continue }
            var run = TextRun()
            run.append(tree.textContent(of: index), preformatted: false)
            return run.isEmpty ? nil : run.text
        }
        return nil
    }

    mutating func countBlock() throws(DocumentReadError) {
        blockCount += 1
        if blockCount > maxBlocks { throw .overLimit("more than \(maxBlocks) paragraphs and table cells") }
    }

    /// Ends the paragraph being collected in the innermost container.
    mutating func flush() throws(DocumentReadError) {
        let last = containers.count - 1
        guard !containers[last].run.isEmpty else { return }
        try countBlock()
        // A paragraph of `&nbsp;` only (Word's empty `<o:p>&nbsp;</o:p>` lines) is an
        // empty line, as an empty Word paragraph is.
        let text = containers[last].run.text
        containers[last].content.append(paragraph: text.unicodeScalars.allSatisfy(\.properties.isWhitespace) ? "" : text)
        containers[last].run = TextRun()
    }

    /// Whether the innermost open table is the current context (not inside one of its cells).
    var inTableBody: Bool {
        guard let open = tables.last else { return false }
        return open.depth == containers.count
    }

    mutating func enter(_ index: Int) throws(DocumentReadError) -> Bool {
        let node = tree[index]
        switch node.kind {
        case .document:
            return true
        case .text:
            // Text between a table's cells lands in the table's container: read before it.
            containers[containers.count - 1].run.append(node.text, preformatted: preformatted > 0)
            return false
        case .element:
            break
        }
        let name = node.name
        if Self.skipped.contains(name) { return false }
        if isDroppable(index, name) { return false }
        if Self.blocks.contains(name) { try flush() }
        switch name {
        case "pre", "xmp", "listing", "plaintext":
            preformatted += 1
        case "table":
            tables.append((HTMLTable(), containers.count))
        case "tr":
            if inTableBody { tables[tables.count - 1].table.rows.append([]) }
        case "td", "th":
            guard inTableBody else { break }
            if tables[tables.count - 1].table.rows.isEmpty { tables[tables.count - 1].table.rows.append([]) }
            var cell = HTMLCell()
            cell.columnSpan = number(tree.attribute("colspan", of: index)) ?? 1
            cell.rowSpan = number(tree.attribute("rowspan", of: index)) ?? 1
            containers.append(Container(cell: cell))
        default:
            break
        }
        return true
    }

    mutating func exit(_ index: Int) throws(DocumentReadError) {
        let node = tree[index]
        guard node.kind == .element else { return }
        let name = node.name
        if Self.blocks.contains(name) { try flush() }
        switch name {
        case "pre", "xmp", "listing", "plaintext":
            preformatted = max(0, preformatted - 1)
        case "table":
            guard let open = tables.last, open.depth == containers.count else { return }
            tables.removeLast()
            try flush()
            // Joined to the table before it when it repeats that table's first rows (a table
            // split by a page break).
            containers[containers.count - 1].content.add(open.table)
        case "td", "th":
            guard let open = tables.last, open.depth == containers.count - 1, containers.count > 1 else { return }
            try flush()
            try countBlock()
            guard let container = containers.popLast(), var cell = container.cell else { return }
            cell.content = container.content
            let rows = tables[tables.count - 1].table.rows
            tables[tables.count - 1].table.rows[rows.count - 1].append(cell)
        default:
            break
        }
    }

    func number(_ text: String?) -> Int? {
        guard let text else { return nil }
        let digits = text.unicodeScalars.drop { $0 == " " }.prefix { ("0"..."9").contains($0) }.prefix(6)
        return Int(String(String.UnicodeScalarView(digits)))
    }

    /// Site chrome and hidden elements that hold no table and little text.
    func isDroppable(_ index: Int, _ name: String) -> Bool {
        var candidate = false
        if Self.chrome.contains(name) {
            candidate = true
            if name == "header" || name == "footer" {
                var up = tree[index].parent
                while let u = up {
                    if tree[u].kind == .element, tree[u].name == "article" || tree[u].name == "main" { candidate = false }
                    up = tree[u].parent
                }
            }
        }
        if let role = tree.attribute("role", of: index)?.lowercased(), Self.chromeRoles.contains(role) { candidate = true }
        if tree.attribute("hidden", of: index) != nil { candidate = true }
        if let style = tree.attribute("style", of: index), Self.hides(style) { candidate = true }
        guard candidate else { return false }
        return isSmallWithoutTable(index)
    }

    /// `display:none` or Word's `mso-hide:all` in an inline style (any case, any spaces).
    static func hides(_ style: String) -> Bool {
        var compact: [UInt8] = []
        for byte in style.utf8 where byte != 0x20 && byte != 0x09 && byte != 0x0A && byte != 0x0D {
            compact.append((0x41...0x5A).contains(byte) ? byte | 0x20 : byte)
        }
        return contains(compact, Array("display:none".utf8)) || contains(compact, Array("mso-hide:all".utf8))
    }

    static func contains(_ haystack: [UInt8], _ needle: [UInt8]) -> Bool {
        guard haystack.count >= needle.count, let first = needle.first else { return false }
        var i = 0
        while i <= haystack.count - needle.count {
            if haystack[i] == first, haystack[i..<(i + needle.count)].elementsEqual(needle) { return true }
            i += 1
        }
        return false
    }

    /// No table below, fewer than 500 non-space characters of text, and no "报告" (a page
    /// header holding the report's title is content).
    func isSmallWithoutTable(_ index: Int) -> Bool {
        var characters = 0
        var small = true
        tree.walk(from: index) { step in
            guard small, case .enter(let i) = step else { return false }
            let node = tree[i]
            switch node.kind {
            case .element:
                if node.name == "table" { small = false }
                return small
            case .text:
                characters += node.text.unicodeScalars.lazy.filter { !$0.properties.isWhitespace }.count
                if characters >= 500 || node.text.contains("报告") { small = false }
                return false
            case .document:
                return true
            }
        }
        return small
    }
}
