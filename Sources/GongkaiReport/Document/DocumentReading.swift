/// What every format reader promises about untrusted input: bounded work, and a clear
/// failure instead of a crash or a guess.
public struct ReadLimits: Sendable, Hashable {
    /// Bytes a reader may expand the file into (zip entries, decompressed streams): a zip
    /// bomb stops here.
    public var maxExpandedBytes: Int
    /// Pages read from a PDF at most.
    public var maxPages: Int
    /// Element nesting depth at most (HTML, XML).
    public var maxDepth: Int
    /// Table cells and paragraphs at most, all tables together.
    public var maxBlocks: Int

    public init(maxExpandedBytes: Int = 256 << 20, maxPages: Int = 300, maxDepth: Int = 512, maxBlocks: Int = 500_000) {
        self.maxExpandedBytes = maxExpandedBytes
        self.maxPages = maxPages
        self.maxDepth = maxDepth
        self.maxBlocks = maxBlocks
    }

    public static let standard = ReadLimits()
}

/// Why a reader could not make a document of a file. Each case becomes a finding that
/// tells the clerk what to send instead.
public enum DocumentReadError: Error, Sendable, Hashable, Codable, CustomStringConvertible {
    /// Password-protected (a PDF with a user password, an encrypted Office file).
    case encrypted
    /// A PDF whose pages are pictures: no text layer (a scan).
    case imageOnly(pages: Int)
    /// The file is damaged or truncated; `detail` says where, for the log.
    case broken(String)
    /// A limit of ``ReadLimits`` was exceeded (a zip bomb, millions of objects, deep nesting).
    case overLimit(String)

    public var description: String {
        switch self {
        case .encrypted: "the file is encrypted"
        case .imageOnly(let pages): "no text layer on \(pages) page(s): a scan"
        case .broken(let detail): "damaged: \(detail)"
        case .overLimit(let detail): "over a reading limit: \(detail)"
        }
    }
}
