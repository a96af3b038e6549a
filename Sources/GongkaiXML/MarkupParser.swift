// libxml2 stays behind this file: Debian's libxml2 headers include ICU, which clashes with
// Foundation's copy in any Swift file that sees both, so this module never imports
// Foundation and exposes Swift types only.
internal import CLibXML2

/// XML and HTML parsing with libxml2, safe for untrusted input.
///
/// - No network, no DTD loading, no entity substitution: XML that declares a DTD is
///   refused outright (``MarkupParseError/dtdRefused``), so no entity can expand and no
///   external file is read. `XML_PARSE_HUGE` stays off, so libxml2's own limits hold
///   (256 levels of XML nesting, 10 MB text nodes).
/// - Silent: libxml2 reports nothing on stderr (errors go to a no-op handler; the parse
///   error's message is returned instead).
/// - Bounded: at most ``MarkupParseOptions/maxNodes`` nodes, nesting cut (or flattened)
///   at ``MarkupParseOptions/maxDepth``; the libxml2 document is freed before returning.
///
/// Safe to call from several threads at once (each parse has its own libxml2 context).
public enum MarkupParser {
    /// Parses well-formed XML (encoding from its declaration or BOM, UTF-8 by default).
    ///
    /// - Throws: ``MarkupParseError/malformed(_:)`` when the XML is not well-formed,
    ///   ``MarkupParseError/dtdRefused`` for a `<!DOCTYPE`, ``MarkupParseError/tooManyNodes(_:)``,
    ///   ``MarkupParseError/tooDeep(_:)`` when libxml2 stops at its own depth limit.
    public static func parseXML(_ bytes: [UInt8], options: MarkupParseOptions = MarkupParseOptions()) throws(MarkupParseError) -> MarkupTree {
        prepare()
        guard !bytes.isEmpty else { throw .malformed("empty document") }
        guard bytes.count <= Int(Int32.max) else { throw .tooLarge(bytes.count) }
        guard let utf16 = Self.isUTF16(bytes) else { throw .malformed("neither UTF-8 nor UTF-16 XML") }
        if declaresDTD(bytes, utf16: utf16) { throw .dtdRefused }
        guard let context = xmlNewParserCtxt() else { throw .malformed("libxml2 could not make a parser") }
        defer { xmlFreeParserCtxt(context) }
        silence(context)
        let flags =
            XML_PARSE_NONET.rawValue | XML_PARSE_NOERROR.rawValue | XML_PARSE_NOWARNING.rawValue
            | XML_PARSE_NOCDATA.rawValue | XML_PARSE_COMPACT.rawValue
        let parsed: xmlDocPtr? = bytes.withUnsafeBytes { raw in
            guard let base = raw.baseAddress else { return nil }
            return xmlCtxtReadMemory(context, base.assumingMemoryBound(to: CChar.self), Int32(raw.count), nil, nil, Int32(bitPattern: flags))
        }
        guard let document = parsed else {
            let error = context.pointee.lastError
            let message = error.message.map { String(cString: $0) } ?? "not well-formed"
            let text = "line \(error.line): " + trimmed(message)
            if message.contains("depth") { throw .tooDeep(text) }
            throw .malformed(text)
        }
        defer { xmlFreeDoc(document) }
        if document.pointee.intSubset != nil || document.pointee.extSubset != nil { throw .dtdRefused }
        return try TreeBuilder.build(document, options: options)
    }

    /// Parses HTML the way a browser would forgive it (libxml2's HTML parser in recovery
    /// mode): never fails on bad markup.
    ///
    /// - Parameters:
    ///   - encoding: the encoding of `bytes` as libxml2 names it ("UTF-8", "GB18030"…);
    ///     when given, `<meta charset>` in the page is ignored. Nil lets libxml2 detect it.
    ///   - options: limits; by default nesting deeper than 512 is flattened (pages with
    ///     thousands of unclosed tags keep their text).
    /// - Throws: ``MarkupParseError/tooManyNodes(_:)`` or ``MarkupParseError/tooLarge(_:)``
    ///   only; an empty page is an empty tree.
    public static func parseHTML(
        _ bytes: [UInt8], encoding: String?, options: MarkupParseOptions = MarkupParseOptions(deepNodes: .flatten)
    ) throws(MarkupParseError) -> MarkupTree {
        prepare()
        guard !bytes.isEmpty else { return MarkupTree() }
        guard bytes.count <= Int(Int32.max) else { throw .tooLarge(bytes.count) }
        guard let context = htmlNewParserCtxt() else { return MarkupTree() }
        defer { htmlFreeParserCtxt(context) }
        silence(context)
        // HUGE lifts libxml2's depth limit for HTML only: without it the HTML parser stops
        // at 256 levels and silently drops the rest of the page (pages with hundreds of
        // unclosed <font> tags exist). libxml2 parses and frees HTML without recursion;
        // the tree keeps maxDepth levels and flattens the rest. XML keeps the limit.
        var flags =
            HTML_PARSE_RECOVER.rawValue | HTML_PARSE_NOERROR.rawValue | HTML_PARSE_NOWARNING.rawValue
            | HTML_PARSE_NONET.rawValue | HTML_PARSE_COMPACT.rawValue | XML_PARSE_HUGE.rawValue
        if encoding != nil { flags |= HTML_PARSE_IGNORE_ENC.rawValue }
        let parsed: htmlDocPtr? = bytes.withUnsafeBytes { raw in
            guard let base = raw.baseAddress else { return nil }
            return htmlCtxtReadMemory(context, base.assumingMemoryBound(to: CChar.self), Int32(raw.count), nil, encoding, Int32(bitPattern: flags))
        }
        guard let document = parsed else { return MarkupTree() }
        defer { xmlFreeDoc(document) }
        return try TreeBuilder.build(document, options: options)
    }

    // MARK: - libxml2 set-up

    private static let initialized: Void = { xmlInitParser() }()

    private static func prepare() {
        _ = initialized
        // Errors raised without a parser context (encoding conversion) go to this
        // thread's structured handler: a no-op instead of stderr.
        xmlSetStructuredErrorFunc(nil) { _, _ in }
    }

    private static func silence(_ context: xmlParserCtxtPtr) {
        // Errors with a context go to its SAX structured handler first; lastError is
        // still filled in.
        context.pointee.sax?.pointee.serror = { _, _ in }
    }

    private static func trimmed(_ s: String) -> String {
        var scalars = Substring(s).unicodeScalars
        while let last = scalars.last, last == "\n" || last == " " || last == "\r" { scalars.removeLast() }
        return String(scalars)
    }

    /// Whether XML bytes are UTF-16 (true) or ASCII-compatible, UTF-8 and the like
    /// (false), judged from their start as libxml2 judges it; nil for what libxml2 would
    /// read in yet another way (UCS-4, EBCDIC), which no Office file uses: refused, so the
    /// DTD check below cannot be dodged.
    static func isUTF16(_ bytes: [UInt8]) -> Bool? {
        if bytes.starts(with: [0xFF, 0xFE, 0, 0]) { return nil }  // UCS-4
        if bytes.starts(with: [0xFF, 0xFE]) || bytes.starts(with: [0xFE, 0xFF]) { return true }
        let start = bytes.starts(with: [0xEF, 0xBB, 0xBF]) ? 3 : 0
        guard start < bytes.count else { return false }
        switch bytes[start] {
        case 0x3C, 0x20, 0x09, 0x0D, 0x0A:  // "<" or white space
            if start == 0, bytes.count >= 4, bytes[1] == 0 { return bytes[2] != 0 || bytes[3] != 0 ? true : nil }
            return false
        case 0:
            return bytes.count >= 4 && bytes[1] != 0 && bytes[2] == 0 && bytes[3] != 0 ? true : nil
        default:
            return nil
        }
    }

    /// `<!DOCTYPE` anywhere, in the byte layout of the document's encoding.
    static func declaresDTD(_ bytes: [UInt8], utf16: Bool) -> Bool {
        let pattern = Array("<!DOCTYPE".utf8)
        guard utf16 else { return contains(bytes, pattern, stride: 1, offset: 0) }
        return contains(bytes, pattern, stride: 2, offset: 0) || contains(bytes, pattern, stride: 2, offset: 1)
    }

    /// Whether `pattern` occurs with its bytes `stride` apart (1: plain; 2: UTF-16, the
    /// other bytes ignored) starting at positions ≡ `offset` mod `stride`.
    private static func contains(_ bytes: [UInt8], _ pattern: [UInt8], stride: Int, offset: Int) -> Bool {
        let span = (pattern.count - 1) * stride + 1
        guard bytes.count >= span + offset else { return false }
        var i = offset
        let last = bytes.count - span
        let first = pattern[0]
        return bytes.withUnsafeBufferPointer { buffer in
            while i <= last {
                if buffer[i] == first {
                    var k = 1
                    while k < pattern.count, buffer[i + k * stride] == pattern[k] { k += 1 }
                    if k == pattern.count { return true }
                }
                i += stride
            }
            return false
        }
    }
}

/// Copies a libxml2 document into a ``MarkupTree``, iteratively.
private struct TreeBuilder {
    var tree = MarkupTree()
    /// Per tree node, its last child so far (to link the next one in O(1)).
    var lastChild: [Int32] = [-1]
    /// libxml2 interns names in a dictionary per parse: one Swift string per name.
    var names: [UnsafeRawPointer: String] = [:]
    /// Namespace declarations (by their URI's address) → index in `tree.namespaces`.
    var namespaceIDs: [UnsafeRawPointer: Int32] = [:]
    let options: MarkupParseOptions
    /// The attribute names kept, as NUL-less UTF-8, compared without hashing.
    let wantedAttributes: [[UInt8]]?

    init(options: MarkupParseOptions) {
        self.options = options
        wantedAttributes = options.attributes.map { $0.map { Array($0.utf8) } }
        tree.nodes.reserveCapacity(1024)
        lastChild.reserveCapacity(1024)
    }

    mutating func namespaceID(_ ns: xmlNsPtr?) -> Int32 {
        guard let href = ns?.pointee.href else { return -1 }
        let key = UnsafeRawPointer(href)
        if let known = namespaceIDs[key] { return known }
        let uri = String(cString: href)
        let id: Int32
        if let existing = tree.namespaces.firstIndex(of: uri) {
            id = Int32(existing)
        } else {
            id = Int32(tree.namespaces.count)
            tree.namespaces.append(uri)
        }
        namespaceIDs[key] = id
        return id
    }

    /// Whether a C string is one of the wanted attribute names.
    func wanted(_ name: UnsafePointer<xmlChar>?) -> Bool {
        guard let wantedAttributes else { return true }
        guard let name else { return false }
        outer: for candidate in wantedAttributes {
            for (i, byte) in candidate.enumerated() where name[i] != byte { continue outer }
            if name[candidate.count] == 0 { return true }
        }
        return false
    }

    static func build(_ document: xmlDocPtr, options: MarkupParseOptions) throws(MarkupParseError) -> MarkupTree {
        var builder = TreeBuilder(options: options)
        try builder.copy(document)
        return builder.tree
    }

    mutating func name(_ pointer: UnsafePointer<xmlChar>?) -> String {
        guard let pointer else { return "" }
        let key = UnsafeRawPointer(pointer)
        if let known = names[key] { return known }
        let string = String(cString: pointer)
        names[key] = string
        return string
    }

    mutating func append(_ node: MarkupTree.Node, under parent: Int32) throws(MarkupParseError) -> Int32 {
        // Links are Int32: the limit never lets an index pass Int32.max.
        guard tree.nodes.count <= min(options.maxNodes, Int(Int32.max) - 1) else { throw .tooManyNodes(options.maxNodes) }
        let index = Int32(tree.nodes.count)
        var node = node
        node.parentIndex = parent
        tree.nodes.append(node)
        lastChild.append(-1)
        let previous = lastChild[Int(parent)]
        if previous < 0 {
            tree.nodes[Int(parent)].firstChildIndex = index
        } else {
            tree.nodes[Int(previous)].nextSiblingIndex = index
        }
        lastChild[Int(parent)] = index
        return index
    }

    mutating func attributes(of element: xmlNodePtr) -> [MarkupAttribute] {
        var out: [MarkupAttribute] = []
        var attribute = element.pointee.properties
        while let a = attribute {
            guard wanted(a.pointee.name) else {
                attribute = a.pointee.next
                continue
            }
            let local = name(a.pointee.name)
            var value = ""
            var child = a.pointee.children
            while let c = child {
                if let content = c.pointee.content { value += String(cString: content) }
                child = c.pointee.next
            }
            let ns = a.pointee.ns
            out.append(
                MarkupAttribute(
                    name: local,
                    prefix: ns.flatMap { $0.pointee.prefix.map { name($0) } },
                    namespace: ns.flatMap { $0.pointee.href.map { name($0) } },
                    value: value))
            attribute = a.pointee.next
        }
        return out
    }

    mutating func copy(_ document: xmlDocPtr) throws(MarkupParseError) {
        // Walk libxml2's tree by its own links: no recursion, whatever the depth.
        var current: xmlNodePtr? = document.pointee.children
        var parent: Int32 = 0
        var depth = 1
        // Per level descended: whether it made a tree node (the new parent) or was
        // flattened away.
        var levels: [Bool] = []
        outer: while let node = current {
            var descendAs: Bool?
            let type = node.pointee.type
            if type == XML_ELEMENT_NODE {
                if depth <= options.maxDepth {
                    let ns = node.pointee.ns
                    let element = MarkupTree.Node(
                        kind: .element, name: name(node.pointee.name),
                        prefix: ns.flatMap { $0.pointee.prefix.map { name($0) } },
                        namespaceID: namespaceID(ns),
                        text: "", attributes: attributes(of: node))
                    let index = try append(element, under: parent)
                    if node.pointee.children != nil {
                        parent = index
                        descendAs = true
                    }
                } else {
                    tree.depthExceeded = true
                    if options.deepNodes == .flatten, node.pointee.children != nil { descendAs = false }
                }
            } else if type == XML_TEXT_NODE || type == XML_CDATA_SECTION_NODE {
                if let content = node.pointee.content, content.pointee != 0 {
                    let text = MarkupTree.Node(kind: .text, name: "", prefix: nil, namespaceID: -1, text: String(cString: content), attributes: [])
                    _ = try append(text, under: parent)
                }
            }
            if let made = descendAs, let child = node.pointee.children {
                levels.append(made)
                depth += 1
                current = child
                continue
            }
            var at = node
            while true {
                if let next = at.pointee.next {
                    current = next
                    continue outer
                }
                guard let made = levels.popLast(), let up = at.pointee.parent else { break outer }
                depth -= 1
                if made { parent = tree.nodes[Int(parent)].parentIndex }
                at = up
            }
        }
    }
}
