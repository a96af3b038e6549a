import ArgumentParser
import Foundation
import GongkaiCore
import GongkaiStore

/// `gongkai export`: tidy tables for analysis, CSV or JSON.
struct Export: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Export reports, findings or table cells as CSV or JSON (one row per report and table row).",
        discussion: """
            Tables: reports (one row per report), t3 (one row per report and Table 3 row, the seven \
            applicant columns and their *_inferred flags), t4 (one row per report, fifteen columns), \
            t2 (one row per report, Table 2 row and column: its blocks have different columns), findings \
            (one row per finding). Columns are stable; empty CSV fields are NULL. Rows are ordered by \
            report id, then table row. --excel prefixes a UTF-8 BOM so Excel reads the Chinese text.
            """)

    enum Format: String, ExpressibleByArgument, CaseIterable { case csv, json }
    enum Table: String, ExpressibleByArgument, CaseIterable { case t2, t3, t4, findings, reports }

    @OptionGroup var store: StoreOptions
    @OptionGroup var filters: FilterOptions

    @Option(help: "csv or json.")
    var format: Format = .csv

    @Option(help: "t2, t3, t4, findings or reports (default: t3).")
    var table: Table = .t3

    @Flag(help: "Start the output with a UTF-8 byte order mark (for Excel).")
    var excel = false

    @Flag(help: "Same as --format json.")
    var json = false

    @Option(help: "Write to this file (atomically) instead of standard output.")
    var output: String?

    static let t3Columns = ["natural_person", "business", "research", "public_interest", "legal_service", "other", "total"]
    static let t4Columns = [
        "review_upheld", "review_corrected", "review_other", "review_pending", "review_total",
        "suit_direct_upheld", "suit_direct_corrected", "suit_direct_other", "suit_direct_pending", "suit_direct_total",
        "suit_after_review_upheld", "suit_after_review_corrected", "suit_after_review_other", "suit_after_review_pending",
        "suit_after_review_total",
    ]
    static let reportColumns = ["report_id", "file", "agency", "year", "template", "verdict", "current"]

    func run() throws {
        let db = try store.openStore()
        // Oldest first: stable and in the order reports arrived.
        let reports = try db.reports(matching: try filters.query()).sorted { $0.id < $1.id }
        let ids = reports.map(\.id)
        var header: [String] = []
        var rows: [[JSONValue]] = []
        func base(_ r: ReportSummary) -> [JSONValue] {
            [
                .int(Int(r.id)), .string(r.fileName), .from(r.agency), .from(r.year), .from(r.template), .from(r.verdict),
                .bool(r.isCurrent),
            ]
        }
        switch table {
        case .reports:
            header = [
                "report_id", "file", "final_path", "sha256", "size", "verdict", "rejection", "policy", "template", "year", "agency",
                "errors", "warnings", "received_at", "processed_at", "duplicate_of", "supersedes", "superseded_by", "current",
            ]
            for r in reports {
                rows.append([
                    .int(Int(r.id)), .string(r.fileName), .string(r.finalPath), .from(r.sha256), .from(r.size), .from(r.verdict),
                    .from(r.rejection), .from(r.policy), .from(r.template), .from(r.year), .from(r.agency), .int(r.errorCount),
                    .int(r.warningCount), .string(r.receivedAt), .string(r.processedAt), .from(r.duplicateOf), .from(r.supersedes),
                    .from(r.supersededBy), .bool(r.isCurrent),
                ])
            }
        case .findings:
            header = Self.reportColumns + ["seq", "code", "severity", "table", "row", "column", "line", "expected", "actual", "message_zh", "message_en"]
            let all = try db.findings(reportIDs: ids)
            for r in reports {
                for n in all[r.id] ?? [] {
                    let f = n.finding
                    rows.append(
                        base(r) + [
                            .int(n.seq), .string(f.code), .from(f.severity), .from(f.table), .from(f.row), .from(f.column),
                            .from(f.line), .from(f.expected), .from(f.actual), .string(f.messageZH), .string(f.messageEN),
                        ])
                }
            }
        case .t3:
            header = Self.reportColumns + ["row_index", "row_key", "row_label"] + Self.t3Columns + Self.t3Columns.map { $0 + "_inferred" }
            let all = try db.cells(table: .t3, reportIDs: ids)
            for r in reports {
                for row in Show.rows(all[r.id] ?? []) {
                    let byColumn = Dictionary(row.map { ($0.columnIndex, $0) }, uniquingKeysWith: { a, _ in a })
                    let values = Self.t3Columns.indices.map { ReportJSON.number(byColumn[$0]?.value) }
                    let inferred = Self.t3Columns.indices.map { JSONValue.bool(byColumn[$0]?.inferred ?? false) }
                    rows.append(base(r) + [.from(row.first?.rowIndex), .from(row.first?.rowKey), .from(row.first?.rowLabel)] + values + inferred)
                }
            }
        case .t4:
            header = Self.reportColumns + Self.t4Columns + Self.t4Columns.map { $0 + "_inferred" }
            let all = try db.cells(table: .t4, reportIDs: ids)
            for r in reports {
                guard let cells = all[r.id], !cells.isEmpty else { continue }
                let byColumn = Dictionary(cells.map { ($0.columnIndex, $0) }, uniquingKeysWith: { a, _ in a })
                rows.append(
                    base(r) + Self.t4Columns.indices.map { ReportJSON.number(byColumn[$0]?.value) }
                        + Self.t4Columns.indices.map { JSONValue.bool(byColumn[$0]?.inferred ?? false) })
            }
        case .t2:
            header = Self.reportColumns + ["row_index", "block", "row_label", "column_index", "column_label", "value", "raw", "inferred"]
            let all = try db.cells(table: .t2, reportIDs: ids)
            for r in reports {
                for c in all[r.id] ?? [] {
                    rows.append(
                        base(r) + [
                            .int(c.rowIndex), .from(c.rowKey), .string(c.rowLabel), .int(c.columnIndex), .string(c.columnLabel),
                            ReportJSON.number(c.value), .from(c.raw), .bool(c.inferred),
                        ])
                }
            }
        }

        var text = excel ? "\u{FEFF}" : ""
        if json || format == .json {
            text += JSONValue.array(rows.map { row in .object(Array(zip(header, row))) }).rendered + "\n"
        } else {
            text += header.map(Self.csvField).joined(separator: ",") + "\r\n"
            for row in rows { text += row.map(Self.csvValue).joined(separator: ",") + "\r\n" }
        }
        try write(Data(text.utf8))
    }

    func write(_ data: Data) throws {
        guard let output else {
            FileHandle.standardOutput.write(data)
            return
        }
        do {
            try data.write(to: URL(fileURLWithPath: output), options: .atomic)
        } catch {
            throw CLIError("cannot write \(output): \(StoreOptions.oneLine(error))")
        }
    }

    /// CSV (RFC 4180): booleans as 1/0, null as an empty field.
    static func csvValue(_ value: JSONValue) -> String {
        switch value {
        case .null: return ""
        case .bool(let b): return b ? "1" : "0"
        case .int(let i): return String(i)
        case .double: return value.rendered
        case .string(let s): return csvField(s)
        case .array, .object: return csvField(value.rendered)
        }
    }

    static func csvField(_ s: String) -> String {
        if s.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) {
            return "\"" + s.replacingOccurrences(of: "\"", with: "\"\"") + "\""
        }
        return s
    }
}
