import ArgumentParser
import Foundation
import GongkaiCore
import GongkaiStore

/// `gongkai list`: one line per stored report, newest first.
struct List: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "List the reports in the daemon's database, newest first.",
        discussion: "Filters combine (AND). The database is opened read-only: safe while gongkaid runs.")

    @OptionGroup var store: StoreOptions
    @OptionGroup var filters: FilterOptions

    @Option(help: "At most this many reports (default: all).")
    var limit: Int?

    @Flag(help: "Print a JSON array of report objects.")
    var json = false

    func validate() throws {
        if let limit, limit < 0 { throw ValidationError("--limit must not be negative") }
    }

    func run() throws {
        let db = try store.openStore()
        let reports = try db.reports(matching: try filters.query(limit: limit))
        if json {
            emit(JSONValue.array(reports.map(ReportJSON.summary)).rendered + "\n")
            return
        }
        if reports.isEmpty {
            emit("no reports match\n")
            return
        }
        var table = TextTable(header: ["ID", "VERDICT", "YEAR", "TEMPLATE", "ERR/WARN", "RECEIVED", "AGENCY", "FILE", "NOTE"], rightAligned: [0, 2])
        for r in reports {
            table.add([
                "\(r.id)", r.verdict.rawValue, r.year.map(String.init) ?? "-", r.template ?? "-", "\(r.errorCount)/\(r.warningCount)",
                ReportJSON.shortTime(r.receivedAt), r.agency ?? "-", r.fileName, ReportJSON.note(r),
            ])
        }
        table.indent = ""
        emit(table.render())
    }
}

/// Shared renderings of a stored report.
enum ReportJSON {
    static func summary(_ r: ReportSummary) -> JSONValue {
        .object([
            ("id", .int(Int(r.id))),
            ("file", .string(r.fileName)),
            ("final_path", .string(r.finalPath)),
            ("sha256", .from(r.sha256)),
            ("size", .from(r.size)),
            ("verdict", .from(r.verdict)),
            ("rejection", .from(r.rejection)),
            ("policy", .from(r.policy)),
            ("template", .from(r.template)),
            ("year", .from(r.year)),
            ("agency", .from(r.agency)),
            ("errors", .int(r.errorCount)),
            ("warnings", .int(r.warningCount)),
            ("received_at", .string(r.receivedAt)),
            ("processed_at", .string(r.processedAt)),
            ("duplicate_of", .from(r.duplicateOf)),
            ("supersedes", .from(r.supersedes)),
            ("superseded_by", .from(r.supersededBy)),
            ("current", .bool(r.isCurrent)),
            ("state", .from(r.state)),
        ])
    }

    static func finding(_ f: FindingInput) -> JSONValue {
        .object([
            ("code", .string(f.code)), ("severity", .from(f.severity)), ("table", .from(f.table)), ("row", .from(f.row)),
            ("column", .from(f.column)), ("line", .from(f.line)), ("page", .from(f.page)), ("expected", .from(f.expected)), ("actual", .from(f.actual)),
            ("message_zh", .string(f.messageZH)), ("message_en", .string(f.messageEN)),
        ])
    }

    /// "2024-03-01T08:30:12.345Z" → "2024-03-01 08:30:12".
    static func shortTime(_ iso: String) -> String {
        String(iso.prefix(19)).replacingOccurrences(of: "T", with: " ")
    }

    static func note(_ r: ReportSummary) -> String {
        var notes: [String] = []
        if let d = r.duplicateOf { notes.append("duplicate of #\(d)") }
        if let s = r.supersededBy { notes.append("superseded by #\(s)") }
        if let s = r.supersedes { notes.append("supersedes #\(s)") }
        if r.state != .done { notes.append("not yet moved") }
        return notes.joined(separator: ", ")
    }

    static func number(_ value: CellInput.Value?) -> JSONValue {
        switch value {
        case .integer(let i): return .int(i)
        case .real(let d): return .double(d)
        case nil: return .null
        }
    }

    static func text(_ value: CellInput.Value?) -> String? {
        switch value {
        case .integer(let i): return String(i)
        case .real(let d): return d == d.rounded() && abs(d) < 1e15 ? String(Int(d)) : String(d)
        case nil: return nil
        }
    }
}
