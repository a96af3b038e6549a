import Foundation
internal import GRDB
import GongkaiCore

/// A report row without its raw text, cells and findings: what a listing shows.
public struct ReportSummary: Sendable, Hashable, Decodable {
    public var id: Int64
    public var claimID: String
    public var fileName: String
    public var finalPath: String
    public var sha256: String?
    public var size: Int64?
    public var verdict: Verdict
    public var rejection: RejectionCause?
    public var policy: Policy
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
    public var state: ReportState

    /// Whether this is the current version of its agency and year: accepted, not superseded.
    public var isCurrent: Bool { verdict == .accepted && supersededBy == nil }

    /// The columns of `reports` it is read from, by name.
    enum CodingKeys: String, CodingKey {
        case id
        case claimID = "claim_id"
        case fileName = "file_name"
        case finalPath = "final_path"
        case sha256, size, verdict, rejection, policy
        case template, year, agency
        case errorCount = "error_count"
        case warningCount = "warning_count"
        case receivedAt = "received_at"
        case processedAt = "processed_at"
        case duplicateOf = "duplicate_of"
        case supersedes
        case supersededBy = "superseded_by"
        case state
    }
}

extension Store {
    static let summaryColumns = """
        id, claim_id, file_name, final_path, sha256, size, verdict, rejection, policy, template, year, agency,
        error_count, warning_count, received_at, processed_at, duplicate_of, supersedes, superseded_by, state
        """

    /// Summaries of the rows an SQL query selects (it must select ``summaryColumns``).
    static func summaries(_ db: Database, sql: String, arguments: StatementArguments = StatementArguments()) throws -> [ReportSummary] {
        try Decoded<ReportSummary>.fetchAll(db, sql: sql, arguments: arguments).map(\.value)
    }

    /// Report rows, newest first, optionally of one verdict.
    public func reports(verdict: Verdict? = nil, limit: Int = 100) throws -> [ReportSummary] {
        try pool.read { db in
            if let verdict {
                return try Self.summaries(
                    db, sql: "SELECT \(Self.summaryColumns) FROM reports WHERE verdict = ? ORDER BY id DESC LIMIT ?",
                    arguments: [verdict, limit])
            }
            return try Self.summaries(db, sql: "SELECT \(Self.summaryColumns) FROM reports ORDER BY id DESC LIMIT ?", arguments: [limit])
        }
    }

    /// One report row.
    public func report(id: Int64) throws -> ReportSummary? {
        try pool.read { db in
            try Self.summaries(db, sql: "SELECT \(Self.summaryColumns) FROM reports WHERE id = ?", arguments: [id]).first
        }
    }

    /// The rows stored for one SHA-256, oldest first.
    public func reports(sha256: String) throws -> [ReportSummary] {
        try pool.read { db in
            try Self.summaries(db, sql: "SELECT \(Self.summaryColumns) FROM reports WHERE sha256 = ? ORDER BY id", arguments: [sha256])
        }
    }

    /// The cells of one report, in table/row/column order.
    public func cells(reportID: Int64) throws -> [CellInput] {
        try pool.read { db in
            try Decoded<CellInput>.fetchAll(
                db,
                sql: """
                    SELECT tbl, row_index, row_key, row_label, column_index, column_label, value, raw, inferred
                    FROM cells WHERE report_id = ? ORDER BY tbl, row_index, column_index
                    """, arguments: [reportID]
            ).map(\.value)
        }
    }

    /// The findings of one report, in stored order.
    public func findings(reportID: Int64) throws -> [FindingInput] {
        try pool.read { db in
            // `page` exists from schema v2 on; `SELECT *` reads older databases too.
            try Decoded<FindingInput>.fetchAll(db, sql: "SELECT * FROM findings WHERE report_id = ? ORDER BY seq", arguments: [reportID])
                .map(\.value)
        }
    }

    /// Counts by verdict, for status lines.
    public func verdictCounts() throws -> (accepted: Int, rejected: Int) {
        try pool.read { db in try Self.verdictCounts(db) }
    }

    static func verdictCounts(_ db: Database) throws -> (accepted: Int, rejected: Int) {
        let count = "SELECT count(*) FROM reports WHERE verdict = ?"
        let accepted = try Int.fetchOne(db, sql: count, arguments: [Verdict.accepted]) ?? 0
        let rejected = try Int.fetchOne(db, sql: count, arguments: [Verdict.rejected]) ?? 0
        return (accepted, rejected)
    }

    /// Rows committed but not yet confirmed moved: what start-up recovery must finish.
    public func pendingMoves() throws -> [PendingMove] {
        try pool.read { db in
            try Decoded<PendingMove>.fetchAll(
                db,
                sql: """
                    SELECT id, claim_id, file_name_raw, file_name, verdict, final_name_raw, sha256, processed_at
                    FROM reports WHERE state <> ? ORDER BY id
                    """, arguments: [ReportState.done]
            ).map(\.value)
        }
    }

    /// The state of the rows of these claims; claims without a row are absent.
    public func claimStates(_ claimIDs: [String]) throws -> [String: ReportState] {
        try pool.read { db in
            var states: [String: ReportState] = [:]
            let statement = try db.cachedStatement(sql: "SELECT state FROM reports WHERE claim_id = ?")
            for claim in claimIDs {
                if let state = try ReportState.fetchOne(statement, arguments: [claim]) { states[claim] = state }
            }
            return states
        }
    }
}
