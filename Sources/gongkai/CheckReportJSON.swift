import GongkaiCore
import GongkaiReaders
import GongkaiReport

/// The JSON form of one checked file (one line of `gongkai check --json`).
///
/// Field names are a public interface: scripts and the daemon's tests read them.
/// Optional fields are written as `null`, never left out, so every key is always there.
struct CheckReportJSON: Codable {
    struct FindingJSON: Codable {
        var code: String
        var severity: String
        var table: String?
        var row: String?
        var column: String?
        var line: Int?
        var page: Int?
        var expected: String?
        var actual: String?
        var message_zh: String
        var message_en: String

        func encode(to encoder: any Encoder) throws {
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encode(code, forKey: .code)
            try c.encode(severity, forKey: .severity)
            try c.encode(table, forKey: .table)
            try c.encode(row, forKey: .row)
            try c.encode(column, forKey: .column)
            try c.encode(line, forKey: .line)
            try c.encode(page, forKey: .page)
            try c.encode(expected, forKey: .expected)
            try c.encode(actual, forKey: .actual)
            try c.encode(message_zh, forKey: .message_zh)
            try c.encode(message_en, forKey: .message_en)
        }
    }
    struct Table2JSON: Codable {
        var block: String
        var label: String
        var columns: [String]
        var values: [Double?]
        var raw: [String?]
        var unit: String?

        func encode(to encoder: any Encoder) throws {
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encode(block, forKey: .block)
            try c.encode(label, forKey: .label)
            try c.encode(columns, forKey: .columns)
            try c.encode(values, forKey: .values)
            try c.encode(raw, forKey: .raw)
            try c.encode(unit, forKey: .unit)
        }
    }
    struct Table3RowJSON: Codable {
        var label: String
        var values: [Int?]
        var inferred: [Bool]
    }
    struct Table4JSON: Codable {
        var values: [Int?]
        var inferred: [Bool]
    }
    struct Tables: Codable {
        var t2: [Table2JSON]
        var t3: [Table3RowJSON]
        var t4: Table4JSON?

        func encode(to encoder: any Encoder) throws {
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encode(t2, forKey: .t2)
            try c.encode(t3, forKey: .t3)
            try c.encode(t4, forKey: .t4)
        }
    }
    struct SectionJSON: Codable {
        var number: Int
        var heading: String?
        var found: Bool

        func encode(to encoder: any Encoder) throws {
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encode(number, forKey: .number)
            try c.encode(heading, forKey: .heading)
            try c.encode(found, forKey: .found)
        }
    }

    var file: String
    var sha256: String
    var size: Int
    var format: String
    var encoding: String?
    var verdict: String
    var policy: String
    var template: String?
    var year: Int?
    var agency: String?
    var signature_date: String?
    var errors: Int
    var warnings: Int
    var sections: [SectionJSON]
    var findings: [FindingJSON]
    var tables: Tables

    func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(file, forKey: .file)
        try c.encode(sha256, forKey: .sha256)
        try c.encode(size, forKey: .size)
        try c.encode(format, forKey: .format)
        try c.encode(encoding, forKey: .encoding)
        try c.encode(verdict, forKey: .verdict)
        try c.encode(policy, forKey: .policy)
        try c.encode(template, forKey: .template)
        try c.encode(year, forKey: .year)
        try c.encode(agency, forKey: .agency)
        try c.encode(signature_date, forKey: .signature_date)
        try c.encode(errors, forKey: .errors)
        try c.encode(warnings, forKey: .warnings)
        try c.encode(sections, forKey: .sections)
        try c.encode(findings, forKey: .findings)
        try c.encode(tables, forKey: .tables)
    }

    init(file: String, sha256: String, size: Int, outcome: DocumentEvaluator.Outcome, policy: Policy) {
        let evaluation = outcome.evaluation
        let report = evaluation.report
        self.file = file
        self.sha256 = sha256
        self.size = size
        self.format = outcome.format.rawValue
        self.encoding = report.encoding?.rawValue
        self.verdict = evaluation.verdict(under: policy).rawValue
        self.policy = policy.rawValue
        self.template = report.template?.rawValue
        self.year = report.year
        self.agency = report.agency
        self.signature_date = report.signatureDate?.description
        self.errors = evaluation.errorCount
        self.warnings = evaluation.warningCount
        self.sections = report.sections.map { SectionJSON(number: $0.number, heading: $0.heading, found: $0.found) }
        self.findings = evaluation.findings.map { f in
            FindingJSON(
                code: f.code.rawValue, severity: f.severity.rawValue, table: f.location.table, row: f.location.row,
                column: f.location.column, line: f.location.line, page: outcome.page(of: f), expected: f.expected, actual: f.actual,
                message_zh: f.messageZH, message_en: f.messageEN)
        }
        self.tables = Tables(
            t2: report.table2.map {
                Table2JSON(block: $0.block, label: $0.label, columns: $0.columns, values: $0.cells.map(\.value), raw: $0.cells.map(\.raw), unit: $0.unit)
            },
            t3: report.table3?.rows.map { Table3RowJSON(label: $0.label, values: $0.cells.map(\.value), inferred: $0.cells.map(\.inferred)) } ?? [],
            t4: report.table4.map { Table4JSON(values: $0.cells.map(\.value), inferred: $0.cells.map(\.inferred)) }
        )
    }
}
