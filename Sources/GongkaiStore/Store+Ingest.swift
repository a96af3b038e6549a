import Foundation
internal import GRDB
internal import GRDBSQLite
import GongkaiCore

extension Store {
    /// Decides about a batch without writing: for each report in order, whether it is a
    /// duplicate (the same SHA-256 as an accepted report, stored or earlier in the batch)
    /// and which stored report it would supersede. One read transaction; the writer then
    /// chooses the final names (a file-system matter) and calls ``commit(_:processedAt:)``.
    public func decide(_ items: [ReportInput]) throws -> [IngestDecision] {
        try pool.read { db in
            var acceptedInBatch: Set<String> = []
            // Earlier accepted reports of the batch, by group and year: neighbours the
            // database does not hold yet.
            var batchSides: [String: CrossYearCheck.Side] = [:]
            return try items.enumerated().map { index, item in
                var decision = IngestDecision(verdict: item.verdict)
                if let sha = item.sha256 {
                    if let original = try Self.acceptedReport(db, sha256: sha) {
                        decision.verdict = .rejected
                        decision.duplicateOf = original
                    } else if acceptedInBatch.contains(sha) {
                        decision.verdict = .rejected
                    }
                }
                if decision.verdict == .accepted, crossYearSeverity == .error, let key = item.agencyKey, !key.isEmpty, let year = item.year {
                    let group = try Self.agencyGroup(db, key: key)
                    let side = CrossYearCheck.Side(
                        id: -1 - Int64(index), year: year, template: item.template, fileName: item.fileName,
                        cells: Self.crossYearCells(item))
                    var findings: [FindingInput] = []
                    if let previous = try batchSides["\(group)|\(year - 1)"] ?? Self.currentSide(db, group: group, year: year - 1) {
                        findings += CrossYearCheck.compare(previous: previous, next: side, severity: .error).onNext
                    }
                    if let next = try batchSides["\(group)|\(year + 1)"] ?? Self.currentSide(db, group: group, year: year + 1) {
                        findings += CrossYearCheck.compare(previous: side, next: next, severity: .error).onPrevious
                    }
                    if findings.isEmpty { batchSides["\(group)|\(year)"] = side } else { decision.verdict = .rejected }
                }
                // Which report it supersedes does not change its name: the commit finds it.
                if decision.verdict == .accepted, let sha = item.sha256 { acceptedInBatch.insert(sha) }
                return decision
            }
        }
    }

    /// Stores a batch of decided, named reports in one transaction.
    ///
    /// Inside the transaction, for each report in order:
    /// 1. Same SHA-256 as an accepted report: it becomes a rejected duplicate (a `DUPLICATE`
    ///    finding is added). Same bytes as a *rejected* report are simply evaluated again.
    /// 2. Accepted with an agency and a year: it supersedes the newest accepted, not yet
    ///    superseded report of the same agency and year (history is kept, both rows stay).
    /// 3. The row records the final name the writer chose, with `state = 'stored'`.
    ///
    /// The checks are made again here, on the data the transaction sees; if a verdict differs
    /// from the one the name was chosen for, nothing is written and
    /// ``IngestError/decisionChanged(claimID:)`` is thrown. No file-system call runs while
    /// the write lock is held (``FileSystemGuard``). Either all reports of the batch are
    /// stored or none is (the caller retries).
    ///
    /// - Parameters:
    ///   - items: the reports in arrival order, each with its decision and final name.
    ///   - processedAt: ISO 8601 time recorded as `processed_at`.
    public func commit(_ items: [PlacedReport], processedAt: String) throws -> [IngestOutcome] {
        let known = labels.snapshot()
        var newLabels: [LabelCache.Key: Int64] = [:]
        var loadedAll = false
        let outcomes = try write { db -> [IngestOutcome] in
            newLabels = [:]
            var cache = known.ids
            var lastLabels: [(key: LabelCache.Key, id: Int64)] = []
            if !known.loaded {
                for label in try Decoded<StoredLabel>.fetchAll(db, sql: "SELECT id, tbl, row_key, row_label, column_label FROM cell_labels") {
                    cache[label.value.key] = label.value.id
                    newLabels[label.value.key] = label.value.id
                }
                loadedAll = true
            }
            var outcomes: [IngestOutcome] = []
            outcomes.reserveCapacity(items.count)
            for placed in items {
                var item = placed.input
                var decision = IngestDecision(verdict: item.verdict)
                if let sha = item.sha256, let original = try Self.acceptedReport(db, sha256: sha) {
                    decision.verdict = .rejected
                    decision.duplicateOf = original
                    item.verdict = .rejected
                    item.rejection = .duplicate
                    item.findings.insert(DuplicateFinding.make(of: original), at: 0)
                }
                var group: String?
                if let key = item.agencyKey, !key.isEmpty {
                    try Self.noteAgency(db, key: key, name: item.agency ?? key, at: processedAt)
                    group = try Self.agencyGroup(db, key: key)
                }
                // Cross-year checks as errors: a report that disagrees with a stored
                // neighbour year is rejected (the neighbour keeps its verdict).
                if item.verdict == .accepted, crossYearSeverity == .error, let group, let year = item.year {
                    let side = CrossYearCheck.Side(
                        id: 0, year: year, template: item.template, fileName: item.fileName,
                        cells: Self.crossYearCells(item))
                    let findings = try Self.arrivalFindings(db, group: group, side: side, severity: .error)
                    if !findings.isEmpty {
                        decision.verdict = .rejected
                        item.verdict = .rejected
                        item.findings += findings
                    }
                }
                guard decision.verdict == placed.decision.verdict else {
                    throw IngestError.decisionChanged(claimID: item.claimID)
                }
                if item.verdict == .accepted, let agency = item.agency, let year = item.year {
                    decision.supersedes = try Self.currentAccepted(db, agency: agency, year: year)
                }
                let id = try Self.insert(
                    db, item, finalName: placed.finalName, processedAt: processedAt, decision: decision,
                    agencyGroup: group, labels: &cache, newLabels: &newLabels, lastLabels: &lastLabels)
                if let old = decision.supersedes {
                    try db.execute(sql: "UPDATE reports SET superseded_by = ? WHERE id = ?", arguments: [id, old.id])
                }
                // Cross-year checks as warnings, on both sides: this report and its current
                // neighbours (Y−1, Y+1) get findings naming each other.
                var neighbours: [Int64: [FindingInput]] = [:]
                if item.verdict == .accepted, let group, let year = item.year {
                    neighbours = try Self.recheckAround(db, group: group, year: year)
                    item.findings += neighbours[id] ?? []
                    neighbours[id] = nil
                }
                outcomes.append(
                    IngestOutcome(
                        id: id, claimID: item.claimID, verdict: item.verdict, rejection: item.rejection,
                        finalNameRaw: placed.finalName, findings: item.findings,
                        duplicateOf: decision.duplicateOf, supersedes: decision.supersedes,
                        neighbourFindings: neighbours.filter { !$0.value.isEmpty }))
            }
            return outcomes
        }
        labels.merge(newLabels, loaded: loadedAll)
        return outcomes
    }

    /// Marks rows done: their files are at their final place. `renamed` carries the
    /// rows whose final name had to change at move time (a file appeared there meanwhile);
    /// `reasonNames` the exact name of each rejection's reason file (for long names it is
    /// shortened, so the pairing is recorded rather than recomputed by readers).
    public func markDone(
        _ ids: [Int64], movedAt: String, renamed: [Int64: (raw: [UInt8], path: String)] = [:],
        reasonNames: [Int64: [UInt8]] = [:]
    ) throws {
        guard !ids.isEmpty else { return }
        try write { db in
            try Self.markDone(db, ids, movedAt: movedAt, renamed: renamed, reasonNames: reasonNames)
        }
    }

    private static func markDone(
        _ db: Database, _ ids: [Int64], movedAt: String, renamed: [Int64: (raw: [UInt8], path: String)],
        reasonNames: [Int64: [UInt8]]
    ) throws {
        let done = try db.cachedStatement(sql: "UPDATE reports SET state = '\(ReportState.done.rawValue)', moved_at = ? WHERE id = ?")
        for id in ids {
            try done.execute(arguments: [movedAt, id])
        }
        for (id, name) in renamed {
            try db.execute(
                sql: "UPDATE reports SET final_name_raw = ?, final_path = ? WHERE id = ?",
                arguments: [Data(name.raw), name.path, id])
        }
        let reason = try db.cachedStatement(sql: "UPDATE reports SET reason_name_raw = ? WHERE id = ?")
        for (id, name) in reasonNames {
            try reason.execute(arguments: [Data(name), id])
        }
    }

    static func acceptedReport(_ db: Database, sha256: String) throws -> StoredReference? {
        try Decoded<StoredReference>.fetchOne(
            db.cachedStatement(sql: "SELECT id, file_name, processed_at FROM reports WHERE sha256 = ? AND verdict = ? LIMIT 1"),
            arguments: [sha256, Verdict.accepted])?.value
    }

    /// INDEXED BY: without statistics the planner prefers `reports_verdict (verdict, year)`,
    /// which visits every accepted report of the year: quadratic over a burst. The verdict is
    /// a literal, not a parameter: only then may SQLite use the partial index
    /// (`WHERE verdict = 'accepted'`).
    static func currentAccepted(_ db: Database, agency: String, year: Int) throws -> StoredReference? {
        try Decoded<StoredReference>.fetchOne(
            db.cachedStatement(
                sql: """
                    SELECT id, file_name, processed_at FROM reports INDEXED BY reports_agency_year
                    WHERE verdict = 'accepted' AND agency = ? AND year = ? AND superseded_by IS NULL
                    ORDER BY id DESC LIMIT 1
                    """), arguments: [agency, year])?.value
    }

    static func insert(
        _ db: Database, _ r: ReportInput, finalName: [UInt8], processedAt: String, decision: IngestDecision,
        agencyGroup: String?, labels: inout [LabelCache.Key: Int64], newLabels: inout [LabelCache.Key: Int64],
        lastLabels: inout [(key: LabelCache.Key, id: Int64)]
    ) throws -> Int64 {
        let finalPath = "\(r.verdict.folder.rawValue)/\(String(decoding: finalName, as: UTF8.self))"
        let insertReport = try db.cachedStatement(
            sql: """
                INSERT INTO reports (claim_id, file_name, file_name_raw, final_path, final_name_raw, sha256, size, received_at, processed_at,
                                     verdict, rejection, policy, template, year, agency, signature_date, encoding, error_count, warning_count,
                                     raw_text, duplicate_of, supersedes, format, state, agency_key, agency_group)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """)
        let args: [(any DatabaseValueConvertible)?] = [
            r.claimID, r.fileName, Data(r.fileNameRaw), finalPath, Data(finalName), r.sha256, r.size, r.receivedAt, processedAt,
            r.verdict, r.rejection, r.policy, r.template, r.year, r.agency, r.signatureDate, r.encoding, r.errorCount, r.warningCount,
            r.rawText, decision.duplicateOf?.id, decision.supersedes?.id, r.format, ReportState.stored,
            r.agencyKey.flatMap { $0.isEmpty ? nil : $0 }, agencyGroup,
        ]
        try insertReport.execute(arguments: StatementArguments(args))
        let id = db.lastInsertedRowID

        let insertLabel = try db.cachedStatement(sql: "INSERT INTO cell_labels (tbl, row_key, row_label, column_label) VALUES (?, ?, ?, ?)")
        let insertCell = try db.cachedStatement(
            sql: """
                INSERT INTO cell_values (report_id, tbl, row_index, column_index, label_id, value, raw, inferred)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                """)
        let cellStatement = insertCell.sqliteStatement
        var currentLabels: [(key: LabelCache.Key, id: Int64)] = []
        currentLabels.reserveCapacity(r.cells.count)
        defer { lastLabels = currentLabels }
        for (index, c) in r.cells.enumerated() {
            let key = LabelCache.Key(table: c.table.rawValue, rowKey: c.rowKey ?? "", rowLabel: c.rowLabel, columnLabel: c.columnLabel)
            let labelID: Int64
            // Reports of one template list their cells in the same order with the same label
            // strings: comparing with the previous report's cell at this position is cheaper
            // than hashing Chinese text (String hashing normalises).
            if index < lastLabels.count, lastLabels[index].key == key {
                labelID = lastLabels[index].id
            } else if let known = labels[key] {
                labelID = known
            } else {
                try insertLabel.execute(arguments: [key.table, key.rowKey, key.rowLabel, key.columnLabel])
                labelID = db.lastInsertedRowID
                labels[key] = labelID
                newLabels[key] = labelID
            }
            currentLabels.append((key, labelID))
            // About 200 cells per report: bound directly, without building StatementArguments.
            sqlite3_reset(cellStatement)
            sqlite3_bind_int64(cellStatement, 1, id)
            bindText(cellStatement, 2, c.table.rawValue)
            sqlite3_bind_int64(cellStatement, 3, Int64(c.rowIndex))
            sqlite3_bind_int64(cellStatement, 4, Int64(c.columnIndex))
            sqlite3_bind_int64(cellStatement, 5, labelID)
            switch c.value {
            case .integer(let i)?: sqlite3_bind_int64(cellStatement, 6, Int64(i))
            case .real(let d)?: sqlite3_bind_double(cellStatement, 6, d)
            case nil: sqlite3_bind_null(cellStatement, 6)
            }
            if let raw = c.raw { bindText(cellStatement, 7, raw) } else { sqlite3_bind_null(cellStatement, 7) }
            sqlite3_bind_int64(cellStatement, 8, c.inferred ? 1 : 0)
            let rc = sqlite3_step(cellStatement)
            guard rc == SQLITE_DONE else {
                let message = String(cString: sqlite3_errmsg(db.sqliteConnection))
                sqlite3_reset(cellStatement)
                throw DatabaseError(resultCode: ResultCode(rawValue: rc), message: message, sql: insertCell.sql)
            }
        }
        sqlite3_reset(cellStatement)
        sqlite3_clear_bindings(cellStatement)
        for (seq, f) in r.findings.enumerated() {
            try insertFinding(db, reportID: id, seq: seq, f)
        }
        return id
    }
}

/// The finding the store adds to a file whose bytes equal an accepted report's.
public enum DuplicateFinding {
    /// The stable code stored in `findings.code`.
    public static let code = DaemonFindingCode.duplicate.rawValue

    static func make(of original: StoredReference) -> FindingInput {
        FindingInput(
            code: code, severity: .error, expected: "new content", actual: "sha256 of report #\(original.id)",
            messageZH: "与已接收的报告“\(original.fileName)”（\(original.processedAt) 接收）内容完全相同，重复提交。",
            messageEN: "duplicate of \(original.fileName), accepted \(original.processedAt)")
    }
}

/// SQLITE_TRANSIENT: SQLite copies the text before the call returns.
private let sqliteTransient = unsafeBitCast(-1, to: sqlite3_destructor_type.self)

private func bindText(_ statement: SQLiteStatement, _ index: Int32, _ text: String) {
    var text = text
    text.withUTF8 { buffer in
        buffer.withMemoryRebound(to: CChar.self) { chars in
            if let base = chars.baseAddress {
                _ = sqlite3_bind_text(statement, index, base, Int32(chars.count), sqliteTransient)
            } else {
                _ = sqlite3_bind_text(statement, index, "", 0, sqliteTransient)
            }
        }
    }
}
