import Foundation
internal import GRDB
import GongkaiCore

// Agencies and the checks across their consecutive years, inside the store's transactions
// (pure SQL and Swift on stored cells: no file-system call).

extension Store {
    /// The group key of an agency key: the key it was merged into, or itself.
    static func agencyGroup(_ db: Database, key: String) throws -> String {
        var current = key
        for _ in 0..<16 {
            guard let next = try String.fetchOne(db.cachedStatement(sql: "SELECT merged_into FROM agencies WHERE key = ?"), arguments: [current]),
                next != current
            else { return current }
            current = next
        }
        return current
    }

    /// Records a key and the name it was written as (one more report).
    static func noteAgency(_ db: Database, key: String, name: String, at time: String) throws {
        try db.cachedStatement(sql: "INSERT INTO agencies (key) VALUES (?) ON CONFLICT (key) DO NOTHING").execute(arguments: [key])
        try db.cachedStatement(
            sql: """
                INSERT INTO agency_names (key, name, reports, first_seen, last_seen) VALUES (?, ?, 1, ?, ?)
                ON CONFLICT (key, name) DO UPDATE SET reports = reports + 1, last_seen = excluded.last_seen
                """
        ).execute(arguments: [key, name, time, time])
    }

    /// The current version (accepted, not superseded; the newest if the group holds two)
    /// of a group's year, with its cells.
    static func currentSide(_ db: Database, group: String, year: Int) throws -> CrossYearCheck.Side? {
        guard let row = try currentRow(db, group: group, year: year) else { return nil }
        return try side(db, row)
    }

    /// The current version's row (id, year, template, file name) without its cells: most
    /// reports have no stored neighbour, and cells are read only for a pair.
    static func currentRow(_ db: Database, group: String, year: Int) throws -> Row? {
        try Row.fetchOne(
            db.cachedStatement(
                sql: """
                    SELECT id, year, template, file_name FROM reports INDEXED BY reports_agency_group_year
                    WHERE verdict = 'accepted' AND agency_group = ? AND year = ? AND superseded_by IS NULL
                    ORDER BY id DESC LIMIT 1
                    """), arguments: [group, year])
    }

    static func side(_ db: Database, _ row: Row) throws -> CrossYearCheck.Side {
        let id: Int64 = row["id"]
        return CrossYearCheck.Side(
            id: id, year: row["year"], template: row["template"], fileName: row["file_name"],
            cells: try crossYearCells(db, reportID: id))
    }

    /// The cells the checks read: Table 3's carried rows and Table 2.
    static func crossYearCells(_ db: Database, reportID: Int64) throws -> [CellInput] {
        try Decoded<CellInput>.fetchAll(
            db.cachedStatement(
                sql: """
                    SELECT tbl, row_index, row_key, row_label, column_index, column_label, value, raw, inferred FROM cells
                    WHERE report_id = ? AND (tbl = 't2' OR (tbl = 't3' AND row_key IN (?, ?)))
                    """), arguments: [reportID, Table3RowKey.carried, Table3RowKey.carriedForward]
        ).map(\.value)
    }

    /// The cells of an input the checks read.
    static func crossYearCells(_ input: ReportInput) -> [CellInput] {
        input.cells.filter { $0.table == .t2 || ($0.table == .t3 && ($0.rowKey == Table3RowKey.carried || $0.rowKey == Table3RowKey.carriedForward)) }
    }

    /// The findings an arriving report gets from its stored neighbours (Y−1 and Y+1).
    static func arrivalFindings(_ db: Database, group: String, side: CrossYearCheck.Side, severity: Severity) throws -> [FindingInput] {
        var findings: [FindingInput] = []
        if let previous = try currentSide(db, group: group, year: side.year - 1) {
            findings += CrossYearCheck.compare(previous: previous, next: side, severity: severity).onNext
        }
        if let next = try currentSide(db, group: group, year: side.year + 1) {
            findings += CrossYearCheck.compare(previous: side, next: next, severity: severity).onPrevious
        }
        return findings
    }

    /// Runs the checks again for the pairs around `year` of a group (Y−1/Y and Y/Y+1), on
    /// the current versions, replacing the cross-year findings those reports had about
    /// those years. Returns the findings written, by report.
    @discardableResult
    static func recheckAround(_ db: Database, group: String, year: Int) throws -> [Int64: [FindingInput]] {
        var written: [Int64: [FindingInput]] = [:]
        for (before, after) in [(year - 1, year), (year, year + 1)] {
            guard let previousRow = try currentRow(db, group: group, year: before),
                let nextRow = try currentRow(db, group: group, year: after)
            else { continue }
            let previous = try side(db, previousRow)
            let next = try side(db, nextRow)
            let found = CrossYearCheck.compare(previous: previous, next: next, severity: .warning)
            try replaceCrossYearFindings(db, reportID: previous.id, group: group, aboutYear: after, with: found.onPrevious)
            try replaceCrossYearFindings(db, reportID: next.id, group: group, aboutYear: before, with: found.onNext)
            written[previous.id, default: []] += found.onPrevious
            written[next.id, default: []] += found.onNext
        }
        return written
    }

    /// Every consecutive pair of a group's current versions, checked again (after a merge
    /// or a split).
    static func recheckGroup(_ db: Database, group: String) throws {
        let years = try Int.fetchAll(
            db,
            sql: """
                SELECT DISTINCT year FROM reports WHERE verdict = 'accepted' AND agency_group = ? AND superseded_by IS NULL AND year IS NOT NULL
                ORDER BY year
                """, arguments: [group])
        for year in years { try recheckAround(db, group: group, year: year) }
        // Findings about a report that left the group (a split): a neighbour year now empty.
        try db.execute(
            sql: """
                DELETE FROM findings WHERE code IN (?, ?) AND related_report_id IS NOT NULL
                  AND (SELECT coalesce(agency_group, '') FROM reports WHERE id = findings.report_id)
                   <> (SELECT coalesce(agency_group, '') FROM reports WHERE id = findings.related_report_id)
                """, arguments: [DaemonFindingCode.crossYearCarryMismatch.rawValue, DaemonFindingCode.crossYearStockMismatch.rawValue])
    }

    /// Replaces what `reportID` had to say about its neighbour year `aboutYear` in `group`.
    static func replaceCrossYearFindings(_ db: Database, reportID: Int64, group: String, aboutYear: Int, with findings: [FindingInput]) throws {
        try db.execute(
            sql: """
                DELETE FROM findings WHERE report_id = ? AND code IN (?, ?)
                  AND related_report_id IN (SELECT id FROM reports WHERE agency_group = ? AND year = ?)
                """,
            arguments: [
                reportID, DaemonFindingCode.crossYearCarryMismatch.rawValue, DaemonFindingCode.crossYearStockMismatch.rawValue,
                group, aboutYear,
            ])
        try appendFindings(db, reportID: reportID, findings)
        try recount(db, reportID: reportID)
    }

    /// Appends findings after a report's existing ones.
    static func appendFindings(_ db: Database, reportID: Int64, _ findings: [FindingInput]) throws {
        guard !findings.isEmpty else { return }
        var seq = try Int.fetchOne(db, sql: "SELECT coalesce(max(seq), -1) + 1 FROM findings WHERE report_id = ?", arguments: [reportID]) ?? 0
        for f in findings {
            try insertFinding(db, reportID: reportID, seq: seq, f)
            seq += 1
        }
    }

    static func insertFinding(_ db: Database, reportID: Int64, seq: Int, _ f: FindingInput) throws {
        try db.cachedStatement(
            sql: """
                INSERT INTO findings (report_id, seq, code, severity, tbl, row_label, column_label, line, page, expected, actual, message_zh,
                                      message_en, related_report_id)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """
        ).execute(arguments: [
            reportID, seq, f.code, f.severity, f.table, f.row, f.column, f.line, f.page, f.expected, f.actual,
            f.messageZH, f.messageEN, f.relatedReportID,
        ])
    }

    /// error_count and warning_count from the report's findings.
    static func recount(_ db: Database, reportID: Int64) throws {
        try db.execute(
            sql: """
                UPDATE reports SET
                  error_count = (SELECT count(*) FROM findings WHERE report_id = reports.id AND severity = 'error'),
                  warning_count = (SELECT count(*) FROM findings WHERE report_id = reports.id AND severity = 'warning')
                WHERE id = ?
                """, arguments: [reportID])
    }
}

/// One agency key as `gongkai agencies` lists it.
public struct AgencyListing: Sendable, Hashable {
    public var key: String
    /// The key whose group this one joined, if merged.
    public var mergedInto: String?
    /// The names it was written as, most used first, with their report counts.
    public var names: [(name: String, reports: Int)]
    /// The years of its accepted, current reports (its group's years when merged).
    public var years: [Int]

    public static func == (a: AgencyListing, b: AgencyListing) -> Bool {
        a.key == b.key && a.mergedInto == b.mergedInto && a.years == b.years && a.names.map(\.name) == b.names.map(\.name)
            && a.names.map(\.reports) == b.names.map(\.reports)
    }

    public func hash(into hasher: inout Hasher) { hasher.combine(key) }
}

extension Store {
    /// The agency group of every report that has one (schema v3), by report id.
    public func agencyGroups() throws -> [Int64: String] {
        try pool.read { db in
            guard try db.columns(in: "reports").contains(where: { $0.name == "agency_group" }) else { return [:] }
            var groups: [Int64: String] = [:]
            for row in try Row.fetchAll(db, sql: "SELECT id, agency_group FROM reports WHERE agency_group IS NOT NULL") {
                groups[row["id"]] = row["agency_group"]
            }
            return groups
        }
    }

    /// Every agency key, with its names and years.
    public func agencies() throws -> [AgencyListing] {
        try pool.read { db in
            guard try db.tableExists("agencies") else { return [] }
            let keys = try Row.fetchAll(db, sql: "SELECT key, merged_into FROM agencies ORDER BY key")
            return try keys.map { row in
                let key: String = row["key"]
                let names = try Row.fetchAll(
                    db, sql: "SELECT name, reports FROM agency_names WHERE key = ? ORDER BY reports DESC, name",
                    arguments: [key]
                ).map { (name: $0["name"] as String, reports: $0["reports"] as Int) }
                let years = try Int.fetchAll(
                    db,
                    sql: """
                        SELECT DISTINCT year FROM reports WHERE agency_key = ? AND verdict = 'accepted' AND superseded_by IS NULL
                          AND year IS NOT NULL ORDER BY year
                        """, arguments: [key])
                return AgencyListing(key: key, mergedInto: row["merged_into"], names: names, years: years)
            }
        }
    }

    /// Puts `key`'s reports into `target`'s group (the rule kept two names of one agency
    /// apart) and runs the cross-year checks of the group again.
    public func mergeAgency(_ key: String, into target: String, at time: String) throws {
        try write { db in
            guard try String.fetchOne(db, sql: "SELECT key FROM agencies WHERE key = ?", arguments: [key]) != nil else {
                throw AgencyError.unknown(key)
            }
            guard try String.fetchOne(db, sql: "SELECT key FROM agencies WHERE key = ?", arguments: [target]) != nil else {
                throw AgencyError.unknown(target)
            }
            let group = try Self.agencyGroup(db, key: target)
            guard group != key else { throw AgencyError.cycle(key, target) }
            try db.execute(
                sql: "UPDATE agencies SET merged_into = ?, merged_at = ? WHERE key = ? OR merged_into = ?",
                arguments: [group, time, key, key])
            try db.execute(sql: "UPDATE reports SET agency_group = ? WHERE agency_group = ? OR agency_key = ?", arguments: [group, key, key])
            try Self.recheckGroup(db, group: group)
        }
    }

    /// Takes `key` out of the group it was merged into (the rule, or a merge, joined two
    /// agencies) and runs the checks of both groups again.
    public func splitAgency(_ key: String) throws {
        try write { db in
            guard let row = try Row.fetchOne(db, sql: "SELECT merged_into FROM agencies WHERE key = ?", arguments: [key]) else {
                throw AgencyError.unknown(key)
            }
            let old: String? = row["merged_into"]
            try db.execute(sql: "UPDATE agencies SET merged_into = NULL, merged_at = NULL WHERE key = ?", arguments: [key])
            try db.execute(sql: "UPDATE reports SET agency_group = ? WHERE agency_key = ?", arguments: [key, key])
            try Self.recheckGroup(db, group: key)
            if let old { try Self.recheckGroup(db, group: old) }
        }
    }

    /// Gives rows stored before schema v3 their agency key (computed by the caller's rule,
    /// the engine's `AgencyKey`), registers the names, and runs the cross-year checks of the
    /// groups that gained reports. Returns how many rows got a key.
    @discardableResult
    public func assignMissingAgencyKeys(_ rule: (String) -> String, at time: String) throws -> Int {
        try write { db in
            let rows = try Row.fetchAll(db, sql: "SELECT id, agency FROM reports WHERE agency IS NOT NULL AND agency_key IS NULL ORDER BY id")
            var groups: Set<String> = []
            for row in rows {
                let id: Int64 = row["id"]
                let name: String = row["agency"]
                let key = rule(name)
                guard !key.isEmpty else { continue }
                try Self.noteAgency(db, key: key, name: name, at: time)
                let group = try Self.agencyGroup(db, key: key)
                try db.execute(sql: "UPDATE reports SET agency_key = ?, agency_group = ? WHERE id = ?", arguments: [key, group, id])
                groups.insert(group)
            }
            for group in groups.sorted() { try Self.recheckGroup(db, group: group) }
            return rows.count
        }
    }
}

/// A merge or split the store refuses.
public enum AgencyError: Error, Sendable, CustomStringConvertible {
    case unknown(String)
    case cycle(String, String)

    public var description: String {
        switch self {
        case .unknown(let key): "no agency key \(key) (see gongkai agencies)"
        case .cycle(let key, let target): "\(target) is already in the group of \(key)"
        }
    }
}
