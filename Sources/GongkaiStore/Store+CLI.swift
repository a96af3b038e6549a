import Foundation
internal import GRDB
import GongkaiCore

// Read-only queries for the operator CLI (`gongkai list/show/stats/export/status`).
// Nothing here writes; every helper runs in one read transaction of the pool.

/// Which reports a listing or an export selects. Every field narrows the selection.
public struct ReportQuery: Sendable, Hashable {
    public var verdict: Verdict?
    public var year: Int?
    /// Substring of the agency name.
    public var agency: String?
    /// Has at least one finding with this code.
    public var code: String?
    /// Received at or after this ISO 8601 UTC prefix ("2024-03-01" or "2024-03-01T08:00").
    public var since: String?
    /// Only current versions: accepted and not superseded.
    public var currentOnly: Bool
    /// These ids only.
    public var ids: [Int64]?
    public var limit: Int?

    public init(
        verdict: Verdict? = nil, year: Int? = nil, agency: String? = nil, code: String? = nil, since: String? = nil,
        currentOnly: Bool = false, ids: [Int64]? = nil, limit: Int? = nil
    ) {
        self.verdict = verdict
        self.year = year
        self.agency = agency
        self.code = code
        self.since = since
        self.currentOnly = currentOnly
        self.ids = ids
        self.limit = limit
    }
}

/// What `show` needs beyond a summary.
public struct ReportDetail: Sendable, Hashable {
    public var summary: ReportSummary
    public var finalNameRaw: [UInt8]
    public var fileNameRaw: [UInt8]
    public var signatureDate: String?
    public var encoding: String?
    public var movedAt: String?
    /// The reason file's exact name in `rejected/` (recorded since schema v2; nil for older
    /// rows, whose reason file is `NAME.reason.txt` shortened to NAME_MAX).
    public var reasonNameRaw: [UInt8]? = nil
    /// The detected file format (schema v2; nil for older rows).
    public var format: String? = nil
}

/// Whether the database is one this build can read.
public enum SchemaCheck: Sendable, Hashable {
    case known
    /// No gongkai migrations: not a gongkai database (or an empty file).
    case notGongkai
    /// Written by a newer gongkaid: it has migrations this build does not know.
    case newer
}

/// A finding with its report and its position, for exports.
public struct NumberedFinding: Sendable, Hashable {
    public var reportID: Int64
    public var seq: Int
    public var finding: FindingInput
}

/// `gongkai stats`.
public struct StoreStatistics: Sendable, Hashable {
    public struct Count: Sendable, Hashable, Decodable {
        public var key: String
        public var accepted: Int
        public var rejected: Int

        enum CodingKeys: String, CodingKey {
            case key = "k"
            case accepted = "a"
            case rejected = "r"
        }

        public init(from decoder: any Decoder) throws {
            let c = try decoder.container(keyedBy: CodingKeys.self)
            key = try c.decodeIfPresent(String.self, forKey: .key) ?? "?"
            accepted = try c.decode(Int.self, forKey: .accepted)
            rejected = try c.decode(Int.self, forKey: .rejected)
        }
    }
    public struct CodeCount: Sendable, Hashable, Decodable {
        public var code: String
        public var severity: Severity
        public var findings: Int
        public var reports: Int

        enum CodingKeys: String, CodingKey {
            case code, severity
            case findings = "n"
            case reports
        }
    }
    /// Table 3 总计 column of rows 一 (new), 二 (carried) and （七） (total), per year, over current reports.
    public struct Table3Year: Sendable, Hashable, Decodable {
        public var year: Int?
        public var reports: Int
        public var newApplications: Int
        public var carriedOver: Int
        public var processed: Int

        enum CodingKeys: String, CodingKey {
            case year, reports
            case newApplications = "new"
            case carriedOver = "carried"
            case processed
        }
    }
    public var accepted: Int
    public var rejected: Int
    public var current: Int
    public var superseded: Int
    public var duplicates: Int
    public var byYear: [Count]
    public var byTemplate: [Count]
    public var topCodes: [CodeCount]
    public var table3ByYear: [Table3Year]
}

/// `gongkai status`: what the database says the daemon has done.
public struct StoreActivity: Sendable, Hashable {
    public var accepted: Int
    public var rejected: Int
    public var pendingMoves: Int
    public var firstReceived: String?
    public var lastProcessed: ReportSummary?
    public var processedLastHour: Int
    public var processedLastDay: Int
}

extension Store {
    /// Compares the applied migrations with the ones this build knows.
    public func schemaCheck() throws -> SchemaCheck {
        try pool.read { db in
            let migrator = StoreSchema.migrator
            if try migrator.hasBeenSuperseded(db) { return .newer }
            return try migrator.appliedIdentifiers(db).isEmpty ? .notGongkai : .known
        }
    }

    /// Reports matching a query, newest (highest id) first.
    public func reports(matching query: ReportQuery) throws -> [ReportSummary] {
        var clauses: [String] = []
        var arguments: [(any DatabaseValueConvertible)?] = []
        if let verdict = query.verdict { clauses.append("verdict = ?"); arguments.append(verdict) }
        if let year = query.year { clauses.append("year = ?"); arguments.append(year) }
        if let agency = query.agency, !agency.isEmpty { clauses.append("instr(agency, ?) > 0"); arguments.append(agency) }
        if let code = query.code {
            clauses.append("EXISTS (SELECT 1 FROM findings f WHERE f.report_id = reports.id AND f.code = ?)")
            arguments.append(code)
        }
        if let since = query.since { clauses.append("received_at >= ?"); arguments.append(since) }
        if query.currentOnly { clauses.append("verdict = ? AND superseded_by IS NULL"); arguments.append(Verdict.accepted) }
        if let ids = query.ids {
            if ids.isEmpty { return [] }
            clauses.append("id IN (\(ids.map { _ in "?" }.joined(separator: ",")))")
            arguments.append(contentsOf: ids)
        }
        var sql = "SELECT \(Self.summaryColumns) FROM reports"
        if !clauses.isEmpty { sql += " WHERE " + clauses.joined(separator: " AND ") }
        sql += " ORDER BY id DESC"
        if let limit = query.limit { sql += " LIMIT ?"; arguments.append(limit) }
        let statementArguments = StatementArguments(arguments)
        return try pool.read { db in
            try Self.summaries(db, sql: sql, arguments: statementArguments)
        }
    }

    /// Reports a user's reference names: an id, a SHA-256 (or a prefix of at least 8 hex
    /// digits), or a file name (as received, as stored, or `accepted/NAME`). Newest first.
    public func resolve(_ reference: String) throws -> [ReportSummary] {
        try pool.read { db in
            if let id = Int64(reference), reference.allSatisfy(\.isASCII) {
                return try Self.summaries(db, sql: "SELECT \(Self.summaryColumns) FROM reports WHERE id = ?", arguments: [id])
            }
            let lower = reference.lowercased()
            if lower.count >= 8, lower.count <= 64, lower.allSatisfy({ $0.isHexDigit }) {
                let found = try Self.summaries(
                    db, sql: "SELECT \(Self.summaryColumns) FROM reports WHERE substr(sha256, 1, ?) = ? ORDER BY id DESC",
                    arguments: [lower.count, lower])
                if !found.isEmpty { return found }
            }
            let base = (reference as NSString).lastPathComponent
            return try Self.summaries(
                db,
                sql: """
                    SELECT \(Self.summaryColumns) FROM reports
                    WHERE final_path = ? OR file_name = ? OR final_path IN (? || ?, ? || ?)
                    ORDER BY id DESC
                    """, arguments: [reference, base, DataFolder.accepted.rawValue + "/", base, DataFolder.rejected.rawValue + "/", base])
        }
    }

    /// One report with the fields `show` and `requeue` need.
    public func detail(id: Int64) throws -> ReportDetail? {
        try pool.read { db in
            guard let summary = try Self.summaries(db, sql: "SELECT \(Self.summaryColumns) FROM reports WHERE id = ?", arguments: [id]).first,
                let extra = try Decoded<DetailColumns>.fetchOne(db, sql: "SELECT * FROM reports WHERE id = ?", arguments: [id])?.value
            else { return nil }
            return ReportDetail(
                summary: summary, finalNameRaw: extra.finalNameRaw.bytes, fileNameRaw: extra.fileNameRaw.bytes,
                signatureDate: extra.signatureDate, encoding: extra.encoding, movedAt: extra.movedAt,
                reasonNameRaw: extra.reasonNameRaw?.bytes, format: extra.format)
        }
    }

    /// The cells of one table for many reports, keyed by report id, in row/column order.
    /// With `column`, only the cells of the column with that label (e.g. Table 3's 总计).
    public func cells(table: ReportTable, column: String? = nil, reportIDs: [Int64]) throws -> [Int64: [CellInput]] {
        var result: [Int64: [CellInput]] = [:]
        for chunk in stride(from: 0, to: reportIDs.count, by: 500).map({ Array(reportIDs[$0..<min($0 + 500, reportIDs.count)]) }) {
            let marks = chunk.map { _ in "?" }.joined(separator: ",")
            let columnClause = column == nil ? "" : "AND column_label = ?"
            let arguments = StatementArguments(
                [table as (any DatabaseValueConvertible)?] + (column.map { [$0 as (any DatabaseValueConvertible)?] } ?? [])
                    + chunk.map { $0 as (any DatabaseValueConvertible)? })
            try pool.read { db in
                let rows = try Decoded<Numbered<CellInput>>.fetchAll(
                    db,
                    sql: """
                        SELECT report_id, NULL AS seq, tbl, row_index, row_key, row_label, column_index, column_label, value, raw, inferred
                        FROM cells WHERE tbl = ? \(columnClause) AND report_id IN (\(marks)) ORDER BY report_id, row_index, column_index
                        """, arguments: arguments)
                for row in rows {
                    result[row.value.reportID, default: []].append(row.value.value)
                }
            }
        }
        return result
    }

    /// The findings of many reports, keyed by report id, in stored order.
    public func findings(reportIDs: [Int64]) throws -> [Int64: [NumberedFinding]] {
        var result: [Int64: [NumberedFinding]] = [:]
        for chunk in stride(from: 0, to: reportIDs.count, by: 500).map({ Array(reportIDs[$0..<min($0 + 500, reportIDs.count)]) }) {
            let marks = chunk.map { _ in "?" }.joined(separator: ",")
            let arguments = StatementArguments(chunk.map { $0 as (any DatabaseValueConvertible)? })
            try pool.read { db in
                let rows = try Decoded<Numbered<FindingInput>>.fetchAll(
                    db,
                    sql: """
                        SELECT * FROM findings WHERE report_id IN (\(marks)) ORDER BY report_id, seq
                        """, arguments: arguments)
                for row in rows {
                    let numbered = row.value
                    result[numbered.reportID, default: []].append(
                        NumberedFinding(reportID: numbered.reportID, seq: numbered.seq ?? 0, finding: numbered.value))
                }
            }
        }
        return result
    }

    /// The ids of reports having a finding with `code`.
    public func reportIDs(withFinding code: String) throws -> Set<Int64> {
        try pool.read { db in
            Set(try Int64.fetchAll(db, sql: "SELECT DISTINCT report_id FROM findings WHERE code = ?", arguments: [code]))
        }
    }

    /// Counts, the frequent finding codes and the Table 3 totals of current reports.
    public func statistics(topCodes: Int = 10) throws -> StoreStatistics {
        try pool.read { db in
            let accepted = Verdict.accepted.rawValue
            let rejected = Verdict.rejected.rawValue
            func counts(_ column: String) throws -> [StoreStatistics.Count] {
                try Decoded<StoreStatistics.Count>.fetchAll(
                    db,
                    sql: """
                        SELECT CAST(\(column) AS TEXT) AS k, sum(verdict = '\(accepted)') AS a, sum(verdict = '\(rejected)') AS r
                        FROM reports GROUP BY \(column) ORDER BY \(column) IS NULL, \(column)
                        """
                ).map(\.value)
            }
            func count(_ condition: String) throws -> Int {
                try Int.fetchOne(db, sql: "SELECT count(*) FROM reports WHERE \(condition)") ?? 0
            }
            let verdicts = try Self.verdictCounts(db)
            let current = try count("verdict = '\(accepted)' AND superseded_by IS NULL")
            let superseded = try count("superseded_by IS NOT NULL")
            let duplicates = try count("duplicate_of IS NOT NULL")
            let codes = try Decoded<StoreStatistics.CodeCount>.fetchAll(
                db,
                sql: """
                    SELECT code, max(severity) AS severity, count(*) AS n, count(DISTINCT report_id) AS reports
                    FROM findings GROUP BY code ORDER BY n DESC, code LIMIT ?
                    """, arguments: [topCodes]
            ).map(\.value)
            let totals = try Decoded<StoreStatistics.Table3Year>.fetchAll(
                db,
                sql: """
                    SELECT r.year AS year, count(DISTINCT r.id) AS reports,
                           coalesce(sum(CASE WHEN c.row_key = ? THEN c.value END), 0) AS new,
                           coalesce(sum(CASE WHEN c.row_key = ? THEN c.value END), 0) AS carried,
                           coalesce(sum(CASE WHEN c.row_key = ? THEN c.value END), 0) AS processed
                    FROM reports r JOIN cells c ON c.report_id = r.id
                    WHERE r.verdict = '\(accepted)' AND r.superseded_by IS NULL
                      AND c.tbl = ? AND c.column_label = ? AND c.row_key IN (?, ?, ?)
                    GROUP BY r.year ORDER BY r.year IS NULL, r.year
                    """,
                arguments: [
                    Table3RowKey.new, Table3RowKey.carried, Table3RowKey.total, ReportTable.t3, Table3Column.total,
                    Table3RowKey.new, Table3RowKey.carried, Table3RowKey.total,
                ]
            ).map(\.value)
            return StoreStatistics(
                accepted: verdicts.accepted, rejected: verdicts.rejected, current: current, superseded: superseded,
                duplicates: duplicates, byYear: try counts("year"), byTemplate: try counts("template"), topCodes: codes,
                table3ByYear: totals)
        }
    }

    /// What the daemon has done, from the database alone. `now` is an ISO 8601 UTC time.
    public func activity(now: Date = Date()) throws -> StoreActivity {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        let hourAgo = formatter.string(from: now.addingTimeInterval(-3600))
        let dayAgo = formatter.string(from: now.addingTimeInterval(-86400))
        return try pool.read { db in
            let (accepted, rejected) = try Self.verdictCounts(db)
            let pending = try Int.fetchOne(db, sql: "SELECT count(*) FROM reports WHERE state <> ?", arguments: [ReportState.done]) ?? 0
            let first = try String.fetchOne(db, sql: "SELECT min(received_at) FROM reports")
            let last = try Self.summaries(db, sql: "SELECT \(Self.summaryColumns) FROM reports ORDER BY processed_at DESC, id DESC LIMIT 1").first
            let hour = try Int.fetchOne(db, sql: "SELECT count(*) FROM reports WHERE processed_at >= ?", arguments: [hourAgo]) ?? 0
            let day = try Int.fetchOne(db, sql: "SELECT count(*) FROM reports WHERE processed_at >= ?", arguments: [dayAgo]) ?? 0
            return StoreActivity(
                accepted: accepted, rejected: rejected, pendingMoves: pending, firstReceived: first, lastProcessed: last,
                processedLastHour: hour, processedLastDay: day)
        }
    }
}

/// The columns of `reports` that `show` and `requeue` need beyond a summary. Read with
/// `SELECT *` so a database older than schema v2 (no `reason_name_raw`, `format`) reads too.
struct DetailColumns: Decodable {
    var finalNameRaw: Bytes
    var fileNameRaw: Bytes
    var signatureDate: String?
    var encoding: String?
    var movedAt: String?
    var reasonNameRaw: Bytes?
    var format: String?

    enum CodingKeys: String, CodingKey {
        case finalNameRaw = "final_name_raw"
        case fileNameRaw = "file_name_raw"
        case signatureDate = "signature_date"
        case encoding
        case movedAt = "moved_at"
        case reasonNameRaw = "reason_name_raw"
        case format
    }
}

/// A value read with the report it belongs to (and its position, for findings).
struct Numbered<Value: Decodable>: Decodable {
    var reportID: Int64
    var seq: Int?
    var value: Value

    enum CodingKeys: String, CodingKey {
        case reportID = "report_id"
        case seq
    }

    init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        reportID = try c.decode(Int64.self, forKey: .reportID)
        seq = try c.decodeIfPresent(Int.self, forKey: .seq)
        value = try Value(from: decoder)
    }
}
