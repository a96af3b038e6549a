import GongkaiReport
import GongkaiXML

/// Walks `w:body` of a parsed main document part (iteratively) and collects its
/// paragraphs and tables.
struct WordBodyReader: MarkupVisitor {
    static let wordNamespaces: Set<String> = [
        "http://schemas.openxmlformats.org/wordprocessingml/2006/main",  // transitional (Word, WPS)
        "http://purl.oclc.org/ooxml/wordprocessingml/main",  // strict
    ]
    static let compatibilityNamespace = "http://schemas.openxmlformats.org/markup-compatibility/2006"

    /// Elements whose content is never text of the page: properties, deleted text, field
    /// instructions, ruby annotations (pinyin above the characters).
    static let skipped: Set<String> = [
        "pPr", "rPr", "sectPr", "tblPr", "tblPrEx", "trPr", "tcPr", "tblGrid", "sdtPr", "sdtEndPr",
        "del", "moveFrom", "delText", "instrText", "delInstrText", "fldData", "rt",
        "footnoteReference", "endnoteReference", "commentReference", "annotationRef",
    ]

    /// The only attributes the walk reads (`w:val` of merges, spans, toggles).
    static let attributes: Set<String> = ["val"]

    let tree: MarkupTree
    let maxBlocks: Int
    var blockCount = 0

    /// Open containers (the body, table cells, text boxes), innermost last.
    var containers: [Container] = [Container()]
    /// Open paragraphs, innermost last (a text box inside a paragraph opens another).
    var paragraphs: [OpenParagraph] = []
    /// Open tables, innermost last.
    var tables: [RawTable] = []

    /// The IDs of the WordprocessingML namespaces in this tree, and of markup
    /// compatibility (`mc:`).
    let wordIDs: [Int32]
    let compatibilityID: Int32?

    init(tree: MarkupTree, maxBlocks: Int) {
        self.tree = tree
        self.maxBlocks = maxBlocks
        wordIDs = Self.wordNamespaces.compactMap { tree.namespaceID($0) }
        compatibilityID = tree.namespaceID(Self.compatibilityNamespace)
    }

    /// The document's list numbering, when it has any.
    var numbering: WordNumbering?

    struct OpenParagraph {
        /// The list number Word puts before the paragraph ("一、", "（一）", "1.").
        var number: String?
        var text = ""
        /// Text boxes anchored in this paragraph: read after it.
        var anchored = RawContent()
    }

    mutating func read() throws(DocumentReadError) -> [Block] {
        guard let body = findBody() else { throw .broken("the main document part has no w:body") }
        let tree = self.tree
        try tree.walk(from: body, visiting: &self)
        return containers.first?.content.blocks() ?? []
    }

    func findBody() -> Int? {
        for index in tree.nodes.indices where isWord(index, "body") { return index }
        return nil
    }

    /// Elements in a WordprocessingML namespace (or in none: some writers drop it).
    func inWordNamespace(_ node: MarkupTree.Node) -> Bool {
        node.namespaceID < 0 || wordIDs.contains(node.namespaceID)
    }

    func isWord(_ index: Int, _ name: String) -> Bool {
        let node = tree[index]
        return node.kind == .element && node.name == name && inWordNamespace(node)
    }

    func wordName(_ index: Int) -> String? {
        let node = tree[index]
        guard node.kind == .element, inWordNamespace(node) else { return nil }
        return node.name
    }

    /// A `w:val`-style attribute (any namespace, local name `val`).
    func value(_ index: Int) -> String? { tree.attribute("val", of: index) }

    func child(_ index: Int, _ name: String) -> Int? {
        for c in tree.children(of: index) where isWord(c, name) { return c }
        return nil
    }

    mutating func countBlock() throws(DocumentReadError) {
        blockCount += 1
        if blockCount > maxBlocks { throw .overLimit("more than \(maxBlocks) paragraphs and table cells") }
    }

    mutating func append(_ text: String) {
        guard !paragraphs.isEmpty else { return }
        paragraphs[paragraphs.count - 1].text += text
    }

    mutating func enter(_ index: Int) throws(DocumentReadError) -> Bool {
        let node = tree[index]
        guard node.kind == .element else { return false }
        if node.namespaceID >= 0, node.namespaceID == compatibilityID {
            switch node.name {
            case "Fallback": return false
            case "Choice":
                // The first choice only: the others (and the fallback) repeat its content.
                var sibling = node.parent.flatMap { tree[$0].firstChild }
                while let s = sibling, s != index {
                    if tree[s].kind == .element, tree[s].name == "Choice" { return false }
                    sibling = tree[s].nextSibling
                }
                return true
            default: return true
            }
        }
        guard inWordNamespace(node) else { return true }
        let name = node.name
        if Self.skipped.contains(name) { return false }
        switch name {
        case "p":
            var paragraph = OpenParagraph()
            if numbering != nil, let properties = child(index, "pPr") {
                let numPr = child(properties, "numPr")
                let numId = numPr.flatMap { child($0, "numId") }.flatMap(value)
                let level = numPr.flatMap { child($0, "ilvl") }.flatMap(value).flatMap { Int($0) }
                let style = child(properties, "pStyle").flatMap(value)
                if numId != nil || style != nil {
                    paragraph.number = numbering?.next(numId: numId, level: level, style: style)
                }
            }
            paragraphs.append(paragraph)
        case "r":
            if let properties = child(index, "rPr"), let vanish = child(properties, "vanish"), isOn(vanish) { return false }
        case "t":
            append(tree.textContent(of: index))
            return false
        case "tab", "ptab":
            append("\t")
            return false
        case "br", "cr":
            append("\n")
            return false
        case "noBreakHyphen":
            append("-")
            return false
        case "tbl":
            tables.append(RawTable())
        case "tr":
            guard !tables.isEmpty else { return true }
            var row = RawRow()
            if let properties = child(index, "trPr") {
                // A row deleted with tracked changes on is not in the table any more.
                if child(properties, "del") != nil { return false }
                if let before = child(properties, "gridBefore"), let n = value(before).flatMap({ Int($0) }) { row.gridBefore = max(0, min(n, 1000)) }
                if let header = child(properties, "tblHeader"), isOn(header) { row.isHeader = true }
            }
            tables[tables.count - 1].rows.append(row)
        case "tc":
            guard !tables.isEmpty else { return true }
            var cell = RawCell()
            if let properties = child(index, "tcPr") {
                if let span = child(properties, "gridSpan"), let n = value(span).flatMap({ Int($0) }) { cell.gridSpan = max(1, min(n, 1000)) }
                if let merge = child(properties, "vMerge") { cell.vMerge = value(merge) == "restart" ? .restart : .continuation }
                if let merge = child(properties, "hMerge") { cell.hMerge = value(merge) == "restart" ? .restart : .continuation }
            }
            containers.append(Container(cell: cell))
        case "txbxContent":
            containers.append(Container())
        default:
            break
        }
        return true
    }

    mutating func exit(_ index: Int) throws(DocumentReadError) {
        guard let name = wordName(index) else { return }
        switch name {
        case "p":
            guard let paragraph = paragraphs.popLast() else { return }
            try countBlock()
            var text = paragraph.text
            if let number = paragraph.number {
                // "1. " before Latin text ending in a letter or digit; "一、" joins directly.
                let spaced = number.unicodeScalars.last.map { $0.properties.isAlphabetic || ("0"..."9").contains($0) } ?? false
                text = number + (spaced ? " " : "") + text
            }
            containers[containers.count - 1].content.append(paragraph: text)
            containers[containers.count - 1].content.append(contentsOf: paragraph.anchored)
        case "tbl":
            guard let table = tables.popLast() else { return }
            containers[containers.count - 1].content.add(table)
        case "tc":
            guard !tables.isEmpty, containers.count > 1, let container = containers.popLast(), var cell = container.cell else { return }
            try countBlock()
            cell.content = container.content
            if tables[tables.count - 1].rows.isEmpty { tables[tables.count - 1].rows.append(RawRow()) }
            let last = tables[tables.count - 1].rows.count - 1
            tables[tables.count - 1].rows[last].cells.append(cell)
        case "txbxContent":
            guard containers.count > 1, let box = containers.popLast() else { return }
            if paragraphs.isEmpty {
                containers[containers.count - 1].content.append(contentsOf: box.content)
            } else {
                paragraphs[paragraphs.count - 1].anchored.append(contentsOf: box.content)
            }
        default:
            break
        }
    }

    /// A toggle property (`w:vanish`, `w:tblHeader`) is on unless its value says off.
    func isOn(_ index: Int) -> Bool {
        guard let v = value(index) else { return true }
        return !["0", "false", "off"].contains(v)
    }
}

/// The body, a table cell or a text box, collecting what it holds (a table joined to the
/// table before it when it is that table's continuation after a page break: see
/// ``RawTable/continuation(of:)``).
struct Container {
    var content = RawContent()
    /// Set for a table cell: its properties.
    var cell: RawCell?

    init(cell: RawCell? = nil) {
        self.cell = cell
    }
}
