/// A parsed XML or HTML document as plain Swift values: elements and text in document
/// order, linked by index, so that nothing of libxml2 leaks out of this module.
///
/// The tree is flat (one array of nodes linked by parent, first-child and next-sibling
/// indices): building, walking and freeing it never recurses, whatever the nesting.
/// Node 0 is the document node; its children are the top-level elements.
///
/// Comments, processing instructions and DTD nodes are not kept. CDATA sections become
/// text nodes.
public struct MarkupTree: Sendable {
    /// One node of the tree.
    public struct Node: Sendable {
        /// What a node is.
        public enum Kind: UInt8, Sendable, Hashable {
            /// The document itself (node 0 only).
            case document
            case element
            case text
        }

        public let kind: Kind
        /// An element's local name ("p", "tbl"); HTML names are lowercase ("td", "o:p"
        /// for Word's `<o:p>`, which the HTML parser keeps whole). Empty for text.
        public let name: String
        /// The namespace prefix as written in the file ("w"), nil when there is none.
        public let prefix: String?
        /// The namespace of an XML element as an index into ``MarkupTree/namespaces``
        /// (-1: none; always -1 for HTML). Compared as a number, a node copies cheaply.
        public let namespaceID: Int32
        /// The text of a text node (entities and character references resolved); empty
        /// for elements.
        public let text: String
        /// An element's attributes, in document order.
        public let attributes: [MarkupAttribute]

        var parentIndex: Int32 = -1
        var firstChildIndex: Int32 = -1
        var nextSiblingIndex: Int32 = -1

        /// The parent's index (nil for the document node).
        public var parent: Int? { parentIndex < 0 ? nil : Int(parentIndex) }
        /// The first child's index.
        public var firstChild: Int? { firstChildIndex < 0 ? nil : Int(firstChildIndex) }
        /// The next sibling's index.
        public var nextSibling: Int? { nextSiblingIndex < 0 ? nil : Int(nextSiblingIndex) }

        /// `prefix:name` as written ("w:p"), or the name alone.
        public var qualifiedName: String {
            if let prefix { return prefix + ":" + name }
            return name
        }

        init(kind: Kind, name: String, prefix: String?, namespaceID: Int32, text: String, attributes: [MarkupAttribute]) {
            self.kind = kind
            self.name = name
            self.prefix = prefix
            self.namespaceID = namespaceID
            self.text = text
            self.attributes = attributes
        }
    }

    /// All nodes; index 0 is the document node.
    public internal(set) var nodes: [Node]
    /// The namespace URIs of the elements, each once (see ``Node/namespaceID``).
    public internal(set) var namespaces: [String] = []
    /// Whether elements nested deeper than the parse's `maxDepth` were left out (with
    /// ``MarkupParseOptions/DeepNodes/cut``) or dissolved into their ancestor (with
    /// ``MarkupParseOptions/DeepNodes/flatten``).
    public internal(set) var depthExceeded: Bool = false

    init() {
        nodes = [Node(kind: .document, name: "", prefix: nil, namespaceID: -1, text: "", attributes: [])]
    }

    /// The document node's index.
    public var documentIndex: Int { 0 }

    public subscript(index: Int) -> Node { nodes[index] }

    /// The children of a node, in document order.
    public func children(of index: Int) -> Children {
        Children(tree: self, first: nodes[index].firstChildIndex)
    }

    /// The namespace URI of a node, nil when none.
    public func namespace(of index: Int) -> String? {
        let id = Int(nodes[index].namespaceID)
        return id >= 0 && id < namespaces.count ? namespaces[id] : nil
    }

    /// The ID elements of this namespace carry, nil when no element does.
    public func namespaceID(_ uri: String) -> Int32? {
        namespaces.firstIndex(of: uri).map { Int32($0) }
    }

    /// The value of the first attribute whose local name is `name` (and whose namespace
    /// is `namespace`, when given).
    public func attribute(_ name: String, of index: Int, namespace: String? = nil) -> String? {
        for attribute in nodes[index].attributes where attribute.name == name {
            if namespace == nil || attribute.namespace == namespace { return attribute.value }
        }
        return nil
    }

    /// The first child element with this local name (and namespace, when given).
    public func firstChildElement(of index: Int, named name: String, namespace: String? = nil) -> Int? {
        for child in children(of: index) {
            let node = nodes[child]
            if node.kind == .element, node.name == name, namespace == nil || self.namespace(of: child) == namespace { return child }
        }
        return nil
    }

    /// All text below a node, concatenated in document order.
    public func textContent(of index: Int) -> String {
        var out = ""
        walk(from: index) { step in
            if case .enter(let i) = step, nodes[i].kind == .text { out += nodes[i].text }
            return true
        }
        return out
    }

    /// A step of ``walk(from:_:)``.
    public enum WalkStep: Sendable, Hashable {
        /// Entering a node; return false from the visitor to skip its children (and its
        /// `exit`).
        case enter(Int)
        /// Leaving a node the visitor entered with true, after its children.
        case exit(Int)
    }

    /// Visits `start` and everything below it in document order, without recursion.
    ///
    /// The visitor gets `.enter(i)` for every node it reaches and, when it returned true
    /// for it, `.exit(i)` after that node's children; the return value for `.exit` is
    /// ignored.
    @inlinable
    public func walk<Failure: Error>(from start: Int, _ visit: (WalkStep) throws(Failure) -> Bool) throws(Failure) {
        var current = start
        while true {
            let descend = try visit(.enter(current))
            if descend, let child = nodes[current].firstChild {
                current = child
                continue
            }
            if descend { _ = try visit(.exit(current)) }
            var at = current
            while true {
                if at == start { return }
                if let next = nodes[at].nextSibling {
                    current = next
                    break
                }
                guard let parent = nodes[at].parent else { return }
                _ = try visit(.exit(parent))
                at = parent
            }
        }
    }

    /// ``walk(from:_:)`` with a visitor's ``MarkupVisitor/enter(_:)`` and
    /// ``MarkupVisitor/exit(_:)``; the first error either throws ends the walk.
    @inlinable
    public func walk<Visitor: MarkupVisitor>(from start: Int, visiting visitor: inout Visitor) throws(Visitor.Failure) {
        try walk(from: start) { (step: WalkStep) throws(Visitor.Failure) -> Bool in
            switch step {
            case .enter(let index): return try visitor.enter(index)
            case .exit(let index):
                try visitor.exit(index)
                return true
            }
        }
    }

    /// The children of a node, in order.
    public struct Children: Sequence {
        let tree: MarkupTree
        let first: Int32

        public func makeIterator() -> Iterator { Iterator(tree: tree, upcoming: first) }

        public struct Iterator: IteratorProtocol {
            let tree: MarkupTree
            var upcoming: Int32

            public mutating func next() -> Int? {
                guard upcoming >= 0 else { return nil }
                let index = Int(upcoming)
                upcoming = tree.nodes[index].nextSiblingIndex
                return index
            }
        }
    }
}

/// An attribute of an element.
public struct MarkupAttribute: Sendable, Hashable {
    /// The local name ("val", "colspan").
    public let name: String
    /// The namespace prefix as written ("w"), nil when none.
    public let prefix: String?
    /// The namespace URI, nil when none.
    public let namespace: String?
    /// The value, entities resolved.
    public let value: String
}

/// How a parse is bounded.
public struct MarkupParseOptions: Sendable, Hashable {
    /// What happens to elements nested deeper than ``maxDepth``.
    public enum DeepNodes: Sendable, Hashable {
        /// Deeper elements are left out with everything below them.
        case cut
        /// Deeper elements are dropped but their text is kept, in order, as text of the
        /// deepest kept ancestor (HTML pages nest unclosed tags absurdly deep).
        case flatten
    }

    /// Element nesting depth kept at most (the top-level element is depth 1).
    public var maxDepth: Int
    /// Nodes (elements and text) at most; more is ``MarkupParseError/tooManyNodes(_:)``.
    public var maxNodes: Int
    public var deepNodes: DeepNodes
    /// The attributes kept, by local name (nil: all). Reading only the few a reader
    /// looks at saves most of the copying out of libxml2.
    public var attributes: Set<String>?

    public init(maxDepth: Int = 512, maxNodes: Int = 2_000_000, deepNodes: DeepNodes = .cut, attributes: Set<String>? = nil) {
        self.maxDepth = maxDepth
        self.maxNodes = maxNodes
        self.deepNodes = deepNodes
        self.attributes = attributes
    }
}

/// Why a parse gave no tree.
public enum MarkupParseError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The input is not well-formed XML (libxml2's message and line).
    case malformed(String)
    /// The document declares a DTD (`<!DOCTYPE`): refused, so no entity can expand.
    case dtdRefused
    /// More nodes than ``MarkupParseOptions/maxNodes``.
    case tooManyNodes(Int)
    /// libxml2 itself refused the nesting (its own XML limit is 256 levels).
    case tooDeep(String)
    /// The input is larger than libxml2 can take in one buffer (2 GiB).
    case tooLarge(Int)

    public var description: String {
        switch self {
        case .malformed(let message): "malformed XML: \(message)"
        case .dtdRefused: "the XML declares a DTD (refused)"
        case .tooManyNodes(let limit): "more than \(limit) XML nodes"
        case .tooDeep(let message): "XML nested too deep: \(message)"
        case .tooLarge(let count): "\(count) bytes is more than one XML buffer can hold"
        }
    }
}

/// What walks a tree through ``MarkupTree/walk(from:visiting:)``: a reader that collects
/// what it meets, with an error type of its own.
public protocol MarkupVisitor {
    associatedtype Failure: Error

    /// Entering the node at `index`; false skips its children (and its `exit`).
    mutating func enter(_ index: Int) throws(Failure) -> Bool

    /// Leaving the node at `index`, after its children (only when `enter` returned true).
    mutating func exit(_ index: Int) throws(Failure)
}
