/// Where in the report a finding points.
public struct Location: Sendable, Hashable, Codable {
    /// "t2", "t3" or "t4"; nil for findings about the text or the whole report.
    public var table: String?
    /// The row (canonical label for tables, section heading for text), or nil.
    public var row: String?
    /// The column (canonical name), or nil.
    public var column: String?
    /// The 1-based line in the normalised text, when known.
    public var line: Int?

    public init(table: String? = nil, row: String? = nil, column: String? = nil, line: Int? = nil) {
        self.table = table
        self.row = row
        self.column = column
        self.line = line
    }

    /// A short human form, e.g. "t3 · （七）总计 · 自然人".
    public var summary: String {
        [table, row, column].compactMap { $0 }.joined(separator: " · ")
    }
}

/// One thing the engine found wrong or doubtful in a report.
public struct Finding: Sendable, Hashable {
    /// The stable code (see ``FindingCode``).
    public var code: FindingCode
    /// Where it points.
    public var location: Location
    /// What the rules expect there, as text (nil when not applicable).
    public var expected: String?
    /// What the report has there, as text ("blank" for an empty cell).
    public var actual: String?
    /// The explanation in Chinese, for clerks.
    public var messageZH: String
    /// The explanation in English.
    public var messageEN: String

    /// The code's severity.
    public var severity: Severity { code.severity }

    public init(_ code: FindingCode, _ location: Location = Location(), expected: String? = nil, actual: String? = nil, zh: String, en: String) {
        self.code = code
        self.location = location
        self.expected = expected
        self.actual = actual
        self.messageZH = zh
        self.messageEN = en
    }
}
