import GongkaiCore

/// Everything the daemon decided about one file, ready to be stored in one transaction.
///
/// Plain values and the shared vocabulary (GongkaiCore) only, so that the store knows
/// nothing of the engine and a later tool (requeue, import) can build one too.
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
    public var verdict: Verdict
    /// Why a rejection happened when it is not the content (a duplicate, not a regular file, …); nil for content verdicts.
    public var rejection: RejectionCause?
    public var policy: Policy
    public var template: String?
    public var year: Int?
    public var agency: String?
    /// The agency's normalised key (AgencyKey), which groups its reports across years.
    public var agencyKey: String?
    public var signatureDate: String?
    public var encoding: String?
    /// The detected file format ("pdf", "docx", "html", "text", …).
    public var format: String?
    /// The text the engine read: the decoded file, or the text extracted from a document.
    public var rawText: String?
    public var cells: [CellInput]
    public var findings: [FindingInput]

    public init(
        claimID: String, fileNameRaw: [UInt8], fileName: String, sha256: String?, size: Int64?, receivedAt: String,
        verdict: Verdict, rejection: RejectionCause?, policy: Policy, template: String? = nil, year: Int? = nil, agency: String? = nil,
        signatureDate: String? = nil, encoding: String? = nil, format: String? = nil, rawText: String? = nil,
        cells: [CellInput] = [], findings: [FindingInput] = [], agencyKey: String? = nil
    ) {
        self.agencyKey = agencyKey
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

    public var errorCount: Int { findings.count { $0.severity == .error } }
    public var warningCount: Int { findings.count { $0.severity == .warning } }
}

/// One table cell as stored: what the text said next to what the engine concluded.
public struct CellInput: Sendable, Hashable, Codable {
    /// Numeric values keep their kind: Table 3/4 counts are integers, Table 2 may hold money.
    public enum Value: Sendable, Hashable, Codable {
        case integer(Int)
        case real(Double)
    }
    public var table: ReportTable
    public var rowIndex: Int
    public var rowKey: String?
    public var rowLabel: String
    public var columnIndex: Int
    public var columnLabel: String
    public var value: Value?
    public var raw: String?
    public var inferred: Bool

    public init(
        table: ReportTable, rowIndex: Int, rowKey: String?, rowLabel: String, columnIndex: Int, columnLabel: String,
        value: Value?, raw: String?, inferred: Bool
    ) {
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
public struct FindingInput: Sendable, Hashable, Codable {
    public var code: String
    public var severity: Severity
    public var table: ReportTable?
    public var row: String?
    public var column: String?
    public var line: Int?
    /// The page of the file the finding points to (PDF), when known.
    public var page: Int?
    public var expected: String?
    public var actual: String?
    public var messageZH: String
    public var messageEN: String
    /// The other report a cross-year finding compares with (nil for every other finding).
    public var relatedReportID: Int64?

    public init(
        code: String, severity: Severity, table: ReportTable? = nil, row: String? = nil, column: String? = nil, line: Int? = nil,
        page: Int? = nil, expected: String? = nil, actual: String? = nil, messageZH: String, messageEN: String,
        relatedReportID: Int64? = nil
    ) {
        self.relatedReportID = relatedReportID
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

extension FindingInput {
    /// Column names in `findings` (decoded by name, so older databases without `page` read too).
    enum CodingKeys: String, CodingKey {
        case code, severity
        case table = "tbl"
        case row = "row_label"
        case column = "column_label"
        case line, page, expected, actual
        case messageZH = "message_zh"
        case messageEN = "message_en"
        case relatedReportID = "related_report_id"
    }
}

extension CellInput {
    /// Column names in the `cells` view.
    enum CodingKeys: String, CodingKey {
        case table = "tbl"
        case rowIndex = "row_index"
        case rowKey = "row_key"
        case rowLabel = "row_label"
        case columnIndex = "column_index"
        case columnLabel = "column_label"
        case value, raw, inferred
    }
}

extension CellInput.Value {
    /// `value` is NUMERIC, so SQLite keeps a whole number as an integer (Table 3 and 4
    /// counts, and whole amounts) and money with a fraction as a real.
    public init(from decoder: any Decoder) throws {
        let number = try decoder.singleValueContainer().decode(Double.self)
        if number.rounded() == number, let integer = Int(exactly: number) {
            self = .integer(integer)
        } else {
            self = .real(number)
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.singleValueContainer()
        switch self {
        case .integer(let i): try c.encode(i)
        case .real(let d): try c.encode(d)
        }
    }
}
