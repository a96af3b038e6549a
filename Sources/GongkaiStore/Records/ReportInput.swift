import GongkaiCore

/// Everything the daemon decided about one file, ready to be stored in one transaction.
///
/// Plain values only, so that the store knows nothing of the engine's types and a later
/// tool (requeue, import) can build one too.
public struct ReportInput: Sendable {
    /// The claim this file was processed under (unique; ties the row to `work/<claim>/`).
    public var claimID: String
    /// The file name as received, exact bytes (Linux names need not be UTF-8).
    public var fileNameRaw: [UInt8]
    /// The file name for display (lossy UTF-8).
    public var fileName: String
    /// SHA-256 of the content, nil when the file was never read (symlink, FIFO, oversize, …).
    public var sha256: String?
    public var size: Int64?
    /// ISO 8601 UTC time the file was claimed.
    public var receivedAt: String
    public var verdict: String
    /// Why a rejection happened when it is not the content ("duplicate", "not_regular", …); nil for content verdicts.
    public var rejection: String?
    public var policy: String
    public var template: String?
    public var year: Int?
    public var agency: String?
    public var signatureDate: String?
    public var encoding: String?
    /// The detected file format ("pdf", "docx", "html", "text", …).
    public var format: String?
    /// The text the engine read: the decoded file, or the text extracted from a document.
    public var rawText: String?
    public var cells: [CellInput]
    public var findings: [FindingInput]

    public init(claimID: String, fileNameRaw: [UInt8], fileName: String, sha256: String?, size: Int64?, receivedAt: String,
                verdict: String, rejection: String?, policy: String, template: String? = nil, year: Int? = nil, agency: String? = nil,
                signatureDate: String? = nil, encoding: String? = nil, format: String? = nil, rawText: String? = nil,
                cells: [CellInput] = [], findings: [FindingInput] = []) {
        self.claimID = claimID
        self.fileNameRaw = fileNameRaw
        self.fileName = fileName
        self.sha256 = sha256
        self.size = size
        self.receivedAt = receivedAt
        self.verdict = verdict
        self.rejection = rejection
        self.policy = policy
        self.template = template
        self.year = year
        self.agency = agency
        self.signatureDate = signatureDate
        self.encoding = encoding
        self.format = format
        self.rawText = rawText
        self.cells = cells
        self.findings = findings
    }

    public var errorCount: Int { findings.filter { $0.severity == "error" }.count }
    public var warningCount: Int { findings.filter { $0.severity == "warning" }.count }
}

/// One table cell as stored: what the text said next to what the engine concluded.
public struct CellInput: Sendable, Hashable {
    /// Numeric values keep their kind: Table 3/4 counts are integers, Table 2 may hold money.
    public enum Value: Sendable, Hashable {
        case integer(Int)
        case real(Double)
    }
    public var table: String
    public var rowIndex: Int
    public var rowKey: String?
    public var rowLabel: String
    public var columnIndex: Int
    public var columnLabel: String
    public var value: Value?
    public var raw: String?
    public var inferred: Bool

    public init(table: String, rowIndex: Int, rowKey: String?, rowLabel: String, columnIndex: Int, columnLabel: String,
                value: Value?, raw: String?, inferred: Bool) {
        self.table = table
        self.rowIndex = rowIndex
        self.rowKey = rowKey
        self.rowLabel = rowLabel
        self.columnIndex = columnIndex
        self.columnLabel = columnLabel
        self.value = value
        self.raw = raw
        self.inferred = inferred
    }
}

/// One finding as stored, and as rendered into a reason file.
public struct FindingInput: Sendable, Hashable {
    public var code: String
    public var severity: String
    public var table: String?
    public var row: String?
    public var column: String?
    public var line: Int?
    /// The page of the file the finding points to (PDF), when known.
    public var page: Int?
    public var expected: String?
    public var actual: String?
    public var messageZH: String
    public var messageEN: String

    public init(code: String, severity: String, table: String? = nil, row: String? = nil, column: String? = nil, line: Int? = nil,
                page: Int? = nil, expected: String? = nil, actual: String? = nil, messageZH: String, messageEN: String) {
        self.page = page
        self.code = code
        self.severity = severity
        self.table = table
        self.row = row
        self.column = column
        self.line = line
        self.expected = expected
        self.actual = actual
        self.messageZH = messageZH
        self.messageEN = messageEN
    }
}
