import Foundation
import GongkaiCore
import GongkaiPages
import GongkaiStore

/// Real stored reports: `gongkai show --json` of the 14 files a main-8003ca1 daemon
/// processed (the five seeds in several formats, the crawled 平潭 page, duplicates, an
/// empty file, a file name that is not UTF-8, unsupported formats).
struct ShowReport: Decodable {
    var id: Int64
    var file: String
    var finalPath: String?
    var sha256: String?
    var verdict: Verdict
    var rejection: RejectionCause?
    var policy: Policy
    var template: String?
    var year: Int?
    var agency: String?
    var processedAt: String
    var current: Bool
    var tables: [String: [TableRow]]
    var findings: [Finding]

    struct TableRow: Decodable {
        var rowIndex: Int
        var rowKey: String?
        var rowLabel: String
        var cells: [Cell]
        enum CodingKeys: String, CodingKey {
            case rowIndex = "row_index"
            case rowKey = "row_key"
            case rowLabel = "row_label"
            case cells
        }
    }

    struct Cell: Decodable {
        var columnIndex: Int
        var columnLabel: String
        var value: Double?
        var raw: String?
        var inferred: Bool
        enum CodingKeys: String, CodingKey {
            case columnIndex = "column_index"
            case columnLabel = "column_label"
            case value, raw, inferred
        }
    }

    struct Finding: Decodable {
        var code: String
        var severity: Severity
        var table: ReportTable?
        var row: String?
        var column: String?
        var line: Int?
        var page: Int?
        var expected: String?
        var actual: String?
        var messageZH: String
        var messageEN: String
        enum CodingKeys: String, CodingKey {
            case code, severity, table, row, column, line, page, expected, actual
            case messageZH = "message_zh"
            case messageEN = "message_en"
        }
    }

    enum CodingKeys: String, CodingKey {
        case id, file
        case finalPath = "final_path"
        case sha256, verdict, rejection, policy, template, year, agency
        case processedAt = "processed_at"
        case current, tables, findings
    }

    /// The cells as the store gives them (`Store.cells(reportID:)`).
    var cellInputs: [CellInput] {
        var out: [CellInput] = []
        for (name, rows) in tables.sorted(by: { $0.key < $1.key }) {
            guard let table = ReportTable(rawValue: name) else { continue }
            for row in rows {
                for c in row.cells {
                    // As the store decodes its NUMERIC column: whole numbers are integers.
                    let value: CellInput.Value? = c.value.map { v in v.rounded() == v ? .integer(Int(v)) : .real(v) }
                    out.append(
                        CellInput(
                            table: table, rowIndex: row.rowIndex, rowKey: row.rowKey, rowLabel: row.rowLabel,
                            columnIndex: c.columnIndex, columnLabel: c.columnLabel, value: value, raw: c.raw,
                            inferred: c.inferred))
                }
            }
        }
        return out
    }

    /// The findings as the store gives them (`Store.findings(reportID:)`), in stored order.
    var findingInputs: [FindingInput] {
        findings.map {
            FindingInput(
                code: $0.code, severity: $0.severity, table: $0.table, row: $0.row, column: $0.column, line: $0.line,
                page: $0.page, expected: $0.expected, actual: $0.actual, messageZH: $0.messageZH, messageEN: $0.messageEN)
        }
    }

    /// The findings numbered as the pages number them: errors first, then warnings, each in
    /// stored order (the numbers of the reason text file).
    var numberedFindings: [(number: Int, finding: FindingInput)] {
        let all = findingInputs
        let ordered = all.filter { $0.severity == .error } + all.filter { $0.severity != .error }
        return ordered.enumerated().map { ($0.offset + 1, $0.element) }
    }

    func reasonPage() -> String {
        ReasonPage.render(
            fileName: file, verdict: verdict, policy: policy, processedAt: processedAt, sha256: sha256,
            findings: findingInputs, cells: cellInputs, template: template, year: year, agency: agency)
    }

    /// The report page's entry; the agency key is the name without spaces (what the
    /// agencies issue's key does for these names).
    var pageReport: ReportPage.Report {
        ReportPage.Report(
            id: id, fileName: file, verdict: verdict, rejection: rejection, policy: policy, template: template, year: year,
            agencyKey: agency.map { String($0.filter { !$0.isWhitespace }) }, agencyName: agency,
            processedAt: processedAt, sha256: sha256, finalPath: finalPath, isCurrent: current,
            cells: cellInputs, findings: findingInputs)
    }
}

enum ShowFixtures {
    static let directory: URL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fixtures/main-8003ca1")

    /// All 14 reports, by id.
    static let all: [ShowReport] = {
        var out: [ShowReport] = []
        for id in 1...14 {
            let url = directory.appendingPathComponent("show-\(id).json")
            do {
                out.append(try JSONDecoder().decode(ShowReport.self, from: Data(contentsOf: url)))
            } catch {
                fatalError("cannot read \(url.path): \(error)")
            }
        }
        return out
    }()

    static func report(file: String) -> ShowReport {
        guard let r = all.first(where: { $0.file == file }) else { fatalError("no fixture report \(file)") }
        return r
    }
}
