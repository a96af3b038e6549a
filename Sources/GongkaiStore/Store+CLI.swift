import GongkaiCore
import Foundation
import GRDB

// Read-only queries for the operator CLI (`gongkai list/show/stats/export/status`).
// Nothing here writes; every helper runs in one read transaction of the pool.

/// Which reports a listing or an export selects. Every field narrows the selection.
public struct ReportQuery: Sendable, Hashable {
    /// "accepted" or "rejected".
    public var verdict: String?
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

    public init(verdict: String? = nil, year: Int? = nil, agency: String? = nil, code: String? = nil, since: String? = nil,
                currentOnly: Bool = false, ids: [Int64]? = nil, limit: Int? = nil) {
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
    /// No gongkai migrations table: not a gongkai database (or an empty file).
    case notGongkai
    /// Written by a newer gongkaid: migrations this build does not know.
    case newer([String])
}

/// A finding with its report and its position, for exports.
public struct NumberedFinding: Sendable, Hashable {
    public var reportID: Int64
    public var seq: Int
    public var finding: FindingInput
}

/// `gongkai stats`.
public struct StoreStatistics: Sendable, Hashable {
    public struct Count: Sendable, Hashable {
        public var key: String
        public var accepted: Int
        public var rejected: Int
    }
    public struct CodeCount: Sendable, Hashable {
        public var code: String
        public var severity: String
        public var findings: Int
        public var reports: Int
    }
    /// Table 3 总计 column of rows 一 (new), 二 (carried) and （七） (total), per year, over current reports.
    public struct Table3Year: Sendable, Hashable {
        public var year: Int?
        public var reports: Int
        public var newApplications: Int
        public var carriedOver: Int
        public var processed: Int
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
        try reader.read { db in
            guard try db.tableExists("grdb_migrations") else { return .notGongkai }
            let applied = try String.fetchAll(db, sql: "SELECT identifier FROM grdb_migrations")
            let known = Set(StoreSchema.migrator.migrations)
            let unknown = applied.filter { !known.contains($0) }
            if !unknown.isEmpty { return .newer(unknown) }
            return applied.isEmpty ? .notGongkai : .known
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
        if query.currentOnly { clauses.append("verdict = 'accepted' AND superseded_by IS NULL") }
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
        return try reader.read { db in
            try Row.fetchAll(db, sql: sql, arguments: statementArguments).map(Self.summary)
        }
    }

    /// Reports a user's reference names: an id, a SHA-256 (or a prefix of at least 8 hex
    /// digits), or a file name (as received, as stored, or `accepted/NAME`). Newest first.
    public func resolve(_ reference: String) throws -> [ReportSummary] {
        try reader.read { db in
            if let id = Int64(reference), reference.allSatisfy(\.isASCII) {
                return try Row.fetchAll(db, sql: "SELECT \(Self.summaryColumns) FROM reports WHERE id = ?", arguments: [id]).map(Self.summary)
            }
            let lower = reference.lowercased()
            if lower.count >= 8, lower.count <= 64, lower.allSatisfy({ $0.isHexDigit }) {
                let found = try Row.fetchAll(db, sql: "SELECT \(Self.summaryColumns) FROM reports WHERE substr(sha256, 1, ?) = ? ORDER BY id DESC",
                                             arguments: [lower.count, lower]).map(Self.summary)
                if !found.isEmpty { return found }
            }
            let base = (reference as NSString).lastPathComponent
            return try Row.fetchAll(db, sql: """
                SELECT \(Self.summaryColumns) FROM reports
                WHERE final_path = ? OR file_name = ? OR final_path IN ('accepted/' || ?, 'rejected/' || ?)
                ORDER BY id DESC
                """, arguments: [reference, base, base, base]).map(Self.summary)
        }
    }

    /// One report with the fields `show` and `requeue` need.
    public func detail(id: Int64) throws -> ReportDetail? {
        try reader.read { db in
            guard let row = try Row.fetchOne(db, sql: """
                SELECT \(Self.summaryColumns), final_name_raw, file_name_raw, signature_date, encoding, moved_at FROM reports WHERE id = ?
                """, arguments: [id]) else { return nil }
            let finalName: Data = row["final_name_raw"]
            let fileName: Data = row["file_name_raw"]
            var detail = ReportDetail(summary: Self.summary(row), finalNameRaw: [UInt8](finalName), fileNameRaw: [UInt8](fileName),
                                      signatureDate: row["signature_date"], encoding: row["encoding"], movedAt: row["moved_at"])
            // The column exists from schema v2 on; a database not yet migrated by a newer daemon lacks it.
            if try db.columns(in: "reports").contains(where: { $0.name == "reason_name_raw" }),
               let extra = try Row.fetchOne(db, sql: "SELECT reason_name_raw, format FROM reports WHERE id = ?", arguments: [id]) {
                let reason: Data? = extra["reason_name_raw"]
                detail.reasonNameRaw = reason.map { [UInt8]($0) }
                detail.format = extra["format"]
            }
            return detail
        }
    }

    /// The cells of one table for many reports, keyed by report id, in row/column order.
    public func cells(table: String, reportIDs: [Int64]) throws -> [Int64: [CellInput]] {
        var result: [Int64: [CellInput]] = [:]
        for chunk in stride(from: 0, to: reportIDs.count, by: 500).map({ Array(reportIDs[$0..<min($0 + 500, reportIDs.count)]) }) {
            let marks = chunk.map { _ in "?" }.joined(separator: ",")
            let arguments = StatementArguments([table as (any DatabaseValueConvertible)?] + chunk.map { $0 as (any DatabaseValueConvertible)? })
            try reader.read { db in
                let rows = try Row.fetchAll(db, sql: """
                    SELECT report_id, tbl, row_index, row_key, row_label, column_index, column_label, value, raw, inferred
                    FROM cells WHERE tbl = ? AND report_id IN (\(marks)) ORDER BY report_id, row_index, column_index
                    """, arguments: arguments)
                for row in rows {
                    let id: Int64 = row["report_id"]
                    result[id, default: []].append(Self.cell(row))
                }
            }
        }
        return result
    }

    static func cell(_ row: Row) -> CellInput {
        let dbValue: DatabaseValue = row["value"]
        let value: CellInput.Value?
        switch dbValue.storage {
        case .int64(let i): value = .integer(Int(i))
        case .double(let d): value = .real(d)
        default: value = nil
        }
        return CellInput(table: row["tbl"], rowIndex: row["row_index"], rowKey: row["row_key"], rowLabel: row["row_label"],
                         columnIndex: row["column_index"], columnLabel: row["column_label"], value: value,
                         raw: row["raw"], inferred: row["inferred"])
    }

    /// The findings of many reports, keyed by report id, in stored order.
    public func findings(reportIDs: [Int64]) throws -> [Int64: [NumberedFinding]] {
        var result: [Int64: [NumberedFinding]] = [:]
        for chunk in stride(from: 0, to: reportIDs.count, by: 500).map({ Array(reportIDs[$0..<min($0 + 500, reportIDs.count)]) }) {
            let marks = chunk.map { _ in "?" }.joined(separator: ",")
            let arguments = StatementArguments(chunk.map { $0 as (any DatabaseValueConvertible)? })
            try reader.read { db in
                let rows = try Row.fetchAll(db, sql: """
                    SELECT * FROM findings WHERE report_id IN (\(marks)) ORDER BY report_id, seq
                    """, arguments: arguments)
                for row in rows {
                    let id: Int64 = row["report_id"]
                    let finding = FindingInput(code: row["code"], severity: row["severity"], table: row["tbl"], row: row["row_label"],
                                               column: row["column_label"], line: row["line"], page: row["page"], expected: row["expected"], actual: row["actual"],
                                               messageZH: row["message_zh"], messageEN: row["message_en"])
                    result[id, default: []].append(NumberedFinding(reportID: id, seq: row["seq"], finding: finding))
                }
            }
        }
        return result
    }

    /// The ids of reports having a finding with `code`.
    public func reportIDs(withFinding code: String) throws -> Set<Int64> {
        try reader.read { db in
            Set(try Int64.fetchAll(db, sql: "SELECT DISTINCT report_id FROM findings WHERE code = ?", arguments: [code]))
        }
    }

    /// Counts, the frequent finding codes and the Table 3 totals of current reports.
    public func statistics(topCodes: Int = 10) throws -> StoreStatistics {
        try reader.read { db in
            func counts(_ column: String) throws -> [StoreStatistics.Count] {
                try Row.fetchAll(db, sql: """
                    SELECT CAST(\(column) AS TEXT) AS k, sum(verdict = 'accepted') AS a, sum(verdict = 'rejected') AS r
                    FROM reports GROUP BY \(column) ORDER BY \(column) IS NULL, \(column)
                    """).map { StoreStatistics.Count(key: $0["k"] ?? "?", accepted: $0["a"], rejected: $0["r"]) }
            }
            let accepted = try Int.fetchOne(db, sql: "SELECT count(*) FROM reports WHERE verdict = 'accepted'") ?? 0
            let rejected = try Int.fetchOne(db, sql: "SELECT count(*) FROM reports WHERE verdict = 'rejected'") ?? 0
            let current = try Int.fetchOne(db, sql: "SELECT count(*) FROM reports WHERE verdict = 'accepted' AND superseded_by IS NULL") ?? 0
            let superseded = try Int.fetchOne(db, sql: "SELECT count(*) FROM reports WHERE superseded_by IS NOT NULL") ?? 0
            let duplicates = try Int.fetchOne(db, sql: "SELECT count(*) FROM reports WHERE duplicate_of IS NOT NULL") ?? 0
            let codes = try Row.fetchAll(db, sql: """
                SELECT code, max(severity) AS severity, count(*) AS n, count(DISTINCT report_id) AS reports
                FROM findings GROUP BY code ORDER BY n DESC, code LIMIT ?
                """, arguments: [topCodes]).map {
                StoreStatistics.CodeCount(code: $0["code"], severity: $0["severity"], findings: $0["n"], reports: $0["reports"])
            }
            let totals = try Row.fetchAll(db, sql: """
                SELECT r.year AS year, count(DISTINCT r.id) AS reports,
                       coalesce(sum(CASE WHEN c.row_key = 'new' THEN c.value END), 0) AS new,
                       coalesce(sum(CASE WHEN c.row_key = 'carried' THEN c.value END), 0) AS carried,
                       coalesce(sum(CASE WHEN c.row_key = 'total' THEN c.value END), 0) AS processed
                FROM reports r JOIN cells c ON c.report_id = r.id
                WHERE r.verdict = 'accepted' AND r.superseded_by IS NULL
                  AND c.tbl = 't3' AND c.column_label = '总计' AND c.row_key IN ('new', 'carried', 'total')
                GROUP BY r.year ORDER BY r.year IS NULL, r.year
                """).map {
                StoreStatistics.Table3Year(year: $0["year"], reports: $0["reports"], newApplications: $0["new"],
                                           carriedOver: $0["carried"], processed: $0["processed"])
            }
            return StoreStatistics(accepted: accepted, rejected: rejected, current: current, superseded: superseded, duplicates: duplicates,
                                   byYear: try counts("year"), byTemplate: try counts("template"), topCodes: codes, table3ByYear: totals)
        }
    }

    /// What the daemon has done, from the database alone. `now` is an ISO 8601 UTC time.
    public func activity(now: Date = Date()) throws -> StoreActivity {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        let hourAgo = formatter.string(from: now.addingTimeInterval(-3600))
        let dayAgo = formatter.string(from: now.addingTimeInterval(-86400))
        return try reader.read { db in
            let accepted = try Int.fetchOne(db, sql: "SELECT count(*) FROM reports WHERE verdict = 'accepted'") ?? 0
            let rejected = try Int.fetchOne(db, sql: "SELECT count(*) FROM reports WHERE verdict = 'rejected'") ?? 0
            let pending = try Int.fetchOne(db, sql: "SELECT count(*) FROM reports WHERE state <> 'done'") ?? 0
            let first = try String.fetchOne(db, sql: "SELECT min(received_at) FROM reports")
            let last = try Row.fetchOne(db, sql: "SELECT \(Self.summaryColumns) FROM reports ORDER BY processed_at DESC, id DESC LIMIT 1").map(Self.summary)
            let hour = try Int.fetchOne(db, sql: "SELECT count(*) FROM reports WHERE processed_at >= ?", arguments: [hourAgo]) ?? 0
            let day = try Int.fetchOne(db, sql: "SELECT count(*) FROM reports WHERE processed_at >= ?", arguments: [dayAgo]) ?? 0
            return StoreActivity(accepted: accepted, rejected: rejected, pendingMoves: pending, firstReceived: first, lastProcessed: last,
                                 processedLastHour: hour, processedLastDay: day)
        }
    }
}
