import GongkaiCore
import Foundation
import GRDB

/// A report row without its raw text, cells and findings: what a listing shows.
public struct ReportSummary: Sendable, Hashable {
    public var id: Int64
    public var claimID: String
    public var fileName: String
    public var finalPath: String
    public var sha256: String?
    public var size: Int64?
    public var verdict: String
    public var rejection: String?
    public var policy: String
    public var template: String?
    public var year: Int?
    public var agency: String?
    public var errorCount: Int
    public var warningCount: Int
    public var receivedAt: String
    public var processedAt: String
    public var duplicateOf: Int64?
    public var supersedes: Int64?
    public var supersededBy: Int64?
    public var state: String
}

extension Store {
    static let summaryColumns = """
        id, claim_id, file_name, final_path, sha256, size, verdict, rejection, policy, template, year, agency,
        error_count, warning_count, received_at, processed_at, duplicate_of, supersedes, superseded_by, state
        """

    static func summary(_ row: Row) -> ReportSummary {
        ReportSummary(id: row["id"], claimID: row["claim_id"], fileName: row["file_name"], finalPath: row["final_path"],
                      sha256: row["sha256"], size: row["size"], verdict: row["verdict"], rejection: row["rejection"],
                      policy: row["policy"], template: row["template"], year: row["year"], agency: row["agency"],
                      errorCount: row["error_count"], warningCount: row["warning_count"], receivedAt: row["received_at"],
                      processedAt: row["processed_at"], duplicateOf: row["duplicate_of"], supersedes: row["supersedes"],
                      supersededBy: row["superseded_by"], state: row["state"])
    }

    /// Report rows, newest first, optionally of one verdict.
    public func reports(verdict: String? = nil, limit: Int = 100) throws -> [ReportSummary] {
        try reader.read { db in
            if let verdict {
                return try Row.fetchAll(db, sql: "SELECT \(Self.summaryColumns) FROM reports WHERE verdict = ? ORDER BY id DESC LIMIT ?",
                                        arguments: [verdict, limit]).map(Self.summary)
            }
            return try Row.fetchAll(db, sql: "SELECT \(Self.summaryColumns) FROM reports ORDER BY id DESC LIMIT ?",
                                    arguments: [limit]).map(Self.summary)
        }
    }

    /// One report row.
    public func report(id: Int64) throws -> ReportSummary? {
        try reader.read { db in
            try Row.fetchOne(db, sql: "SELECT \(Self.summaryColumns) FROM reports WHERE id = ?", arguments: [id]).map(Self.summary)
        }
    }

    /// The rows stored for one SHA-256, oldest first.
    public func reports(sha256: String) throws -> [ReportSummary] {
        try reader.read { db in
            try Row.fetchAll(db, sql: "SELECT \(Self.summaryColumns) FROM reports WHERE sha256 = ? ORDER BY id", arguments: [sha256]).map(Self.summary)
        }
    }

    /// The cells of one report, in table/row/column order.
    public func cells(reportID: Int64) throws -> [CellInput] {
        try reader.read { db in
            try Row.fetchAll(db, sql: """
                SELECT tbl, row_index, row_key, row_label, column_index, column_label, value, raw, inferred
                FROM cells WHERE report_id = ? ORDER BY tbl, row_index, column_index
                """, arguments: [reportID]).map(Self.cell)
        }
    }

    /// The findings of one report, in stored order.
    public func findings(reportID: Int64) throws -> [FindingInput] {
        try reader.read { db in
            try Self.findings(db, reportID: reportID)
        }
    }

    static func findings(_ db: Database, reportID: Int64) throws -> [FindingInput] {
        try Row.fetchAll(db, sql: """
            SELECT * FROM findings WHERE report_id = ? ORDER BY seq
            """, arguments: [reportID]).map { row in
            // `page` exists from schema v2 on; `SELECT *` reads older databases too.
            FindingInput(code: row["code"], severity: row["severity"], table: row["tbl"], row: row["row_label"], column: row["column_label"],
                         line: row["line"], page: row["page"], expected: row["expected"], actual: row["actual"],
                         messageZH: row["message_zh"], messageEN: row["message_en"])
        }
    }

    /// Counts by verdict, for status lines.
    public func verdictCounts() throws -> (accepted: Int, rejected: Int) {
        try reader.read { db in
            let accepted = try Int.fetchOne(db, sql: "SELECT count(*) FROM reports WHERE verdict = 'accepted'") ?? 0
            let rejected = try Int.fetchOne(db, sql: "SELECT count(*) FROM reports WHERE verdict = 'rejected'") ?? 0
            return (accepted, rejected)
        }
    }

    /// Rows committed but not yet confirmed moved: what start-up recovery must finish.
    public func pendingMoves() throws -> [PendingMove] {
        try reader.read { db in
            try Row.fetchAll(db, sql: """
                SELECT id, claim_id, file_name_raw, file_name, verdict, final_name_raw, sha256, processed_at
                FROM reports WHERE state <> 'done' ORDER BY id
                """).map { row in
                let rawName: Data = row["file_name_raw"]
                let finalName: Data = row["final_name_raw"]
                return PendingMove(id: row["id"], claimID: row["claim_id"], fileNameRaw: [UInt8](rawName), fileName: row["file_name"],
                                   verdict: row["verdict"], finalNameRaw: [UInt8](finalName), sha256: row["sha256"], processedAt: row["processed_at"])
            }
        }
    }

    /// The state of the rows of these claims ("stored" or "done"); claims without a row are absent.
    public func claimStates(_ claimIDs: [String]) throws -> [String: String] {
        try reader.read { db in
            var states: [String: String] = [:]
            let statement = try db.cachedStatement(sql: "SELECT state FROM reports WHERE claim_id = ?")
            for claim in claimIDs {
                if let state = try String.fetchOne(statement, arguments: [claim]) { states[claim] = state }
            }
            return states
        }
    }
}
