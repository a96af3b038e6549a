import GongkaiCore
import GongkaiPages
import GongkaiReport
import GongkaiStore
import Logging

#if canImport(Glibc)
import Glibc
#endif

/// Start-up recovery: finishes or redoes whatever a crash (kill -9, power cut) interrupted,
/// before anything new is claimed. Idempotent: running it twice changes nothing more.
///
/// The database commit is the point of truth:
/// - a row still 'stored' had its commit; its move may or may not have happened. If the
///   file is still in its claim folder it is moved now (with its reason file); if it is
///   already at its final place only the reason file is checked; then the row is 'done';
/// - a claim folder in `work/` without a row never reached its commit: the file is
///   processed again from the start (parsing is deterministic, so nothing is duplicated);
/// - an empty claim folder (crash between mkdir and rename, or after the move) is removed;
/// - a claim folder holding evaluation markers tells how often the daemon died while
///   evaluating that file: the claim carries the count, and ``FileProcessor`` rejects a
///   file that took the daemon down twice instead of taking it a third time (no poison file);
/// - a loose file directly in `work/` (put there by hand) gets a claim folder and is processed.
struct Recovery {
    let layout: InboxLayout
    let store: Store
    let mover: Mover
    let claimer: Claimer
    let logger: Logger

    struct Result {
        var finishedMoves = 0
        var reprocess: [Claim] = []
        var removedFolders = 0
    }

    func run() throws -> Result {
        var result = Result()
        // 0. Rows stored before agencies had keys (schema v3) get theirs, so the cross-year
        //    checks see every year an agency filed.
        try store.assignMissingAgencyKeys(AgencyKey.make, at: Timestamp.now())
        // 1. Rows committed but not confirmed moved.
        let pending = try store.pendingMoves()
        var done: [Int64] = []
        var reasonNames: [Int64: [UInt8]] = [:]
        for row in pending {
            let name = FileName(bytes: row.fileNameRaw)
            let finalName = FileName(bytes: row.finalNameRaw)
            var reason: Mover.Reason?
            if row.verdict == .rejected {
                let findings = try store.findings(reportID: row.id)
                let summary = try? store.report(id: row.id)
                let policy = summary?.policy ?? .standard
                reason = Mover.Reason(
                    text: ReasonText.render(
                        fileName: row.fileName, verdict: row.verdict, policy: policy,
                        processedAt: row.processedAt, sha256: row.sha256, findings: findings),
                    page: ReasonPage.render(
                        fileName: row.fileName, verdict: row.verdict, policy: policy, processedAt: row.processedAt,
                        sha256: row.sha256, findings: findings, cells: (try? store.cells(reportID: row.id)) ?? [],
                        template: summary?.template, year: summary?.year, agency: summary?.agency))
            }
            switch mover.place(claimID: row.claimID, name: name, verdict: row.verdict, finalName: finalName, reason: reason) {
            case .moved(let actual):
                if actual != finalName {
                    try store.markDone(
                        [row.id], movedAt: Timestamp.now(), renamed: [row.id: (actual.bytes, "\(row.verdict.folder.rawValue)/\(actual.display)")],
                        reasonNames: reason == nil ? [:] : [row.id: actual.reasonFileName.bytes])
                } else {
                    done.append(row.id)
                    if reason != nil { reasonNames[row.id] = actual.reasonFileName.bytes }
                }
                logger.notice(
                    "recovery: moved a file whose row was committed before the stop",
                    metadata: [
                        LogKey.event: "\(GongkaiEvent.recovered)", LogKey.file: .string(name.display), LogKey.claim: .string(row.claimID),
                        LogKey.reportID: "\(row.id)", LogKey.destination: .string("\(row.verdict.folder.rawValue)/\(actual.display)"),
                    ])
            case .alreadyThere:
                done.append(row.id)
                if reason != nil { reasonNames[row.id] = finalName.reasonFileName.bytes }
            case .lost:
                logger.warning(
                    "recovery: a committed file is neither in its claim folder nor at its destination",
                    metadata: [
                        LogKey.event: "\(GongkaiEvent.recovered)", LogKey.file: .string(name.display), LogKey.claim: .string(row.claimID),
                        LogKey.reportID: "\(row.id)", LogKey.destination: .string("\(row.verdict.folder.rawValue)/\(finalName.display)"),
                    ])
                done.append(row.id)
            case .failed(let e):
                logger.error(
                    "recovery: cannot move a file yet; it stays in work/ and is retried on the next start",
                    metadata: [
                        LogKey.event: "\(GongkaiEvent.moveFailed)", LogKey.file: .string(name.display), LogKey.claim: .string(row.claimID),
                        LogKey.error: "\(e)", LogKey.errno: "\(e.code)",
                    ])
            }
            result.finishedMoves += 1
        }
        mover.syncFolders()
        try store.markDone(done, movedAt: Timestamp.now(), reasonNames: reasonNames)

        // 2. What is left in work/.
        let entries: [(name: [UInt8], type: UInt8)]
        switch FileSystem.listDirectory(layout.workFD) {
        case .success(let list): entries = list
        case .failure(let e): throw e
        }
        var folders: [String] = []
        for entry in entries {
            let name = FileName(bytes: entry.name)
            if name.bytes.first == 0x2E {
                // Our temporary reason files from a recovery write; never user data.
                if name.display.hasPrefix(".gongkaid-reason") { _ = FileSystem.unlinkOwn(layout.workFD, name.bytes) }
                continue
            }
            guard case .success(let st) = FileSystem.lstat(layout.workFD, name.bytes) else { continue }
            if FileKind(mode: UInt32(st.st_mode)) == .directory, let id = String(validating: name.bytes, as: UTF8.self) {
                folders.append(id)
            } else if let claim = claimer.adopt(workName: name) {
                logger.notice(
                    "recovery: a file was loose in work/; processing it",
                    metadata: [
                        LogKey.event: "\(GongkaiEvent.recovered)", LogKey.file: .string(name.display), LogKey.claim: .string(claim.id),
                    ])
                result.reprocess.append(claim)
            }
        }
        let states = try store.claimStates(folders)
        for id in folders {
            let dirFD = FileSystem.openDirectory(at: layout.workFD, Array(id.utf8))
            guard dirFD >= 0 else { continue }
            let inside = (try? FileSystem.listDirectory(dirFD).get()) ?? []
            close(dirFD)
            // Our own dot-files (the reason file being written, the evaluation markers) are
            // not the upload; the markers say how often the daemon died evaluating it.
            let files = inside.filter { !$0.name.starts(with: NameRules.ownPrefix) }
            let deaths = inside.filter { $0.name.starts(with: EvaluationMarker.prefix) }.count
            if files.isEmpty {
                mover.removeClaimDirectory(id)
                result.removedFolders += 1
                continue
            }
            if states[id] != nil {
                // A row exists (done) yet the file is still here: should not happen; keep it visible.
                logger.warning(
                    "recovery: a claim folder still holds a file although its row exists; left for the operator",
                    metadata: [
                        LogKey.event: "\(GongkaiEvent.recovered)", LogKey.claim: .string(id), LogKey.state: .string(states[id]?.rawValue ?? "?"),
                    ])
                continue
            }
            for file in files {
                var claim = Claim(
                    id: id, name: FileName(bytes: file.name), receivedAt: Timestamp.now(), startedAt: SystemClock.monotonicNanos(),
                    recovered: true, interruptedEvaluations: deaths)
                if files.count > 1 {
                    // One file per claim folder; anything else gets its own claim.
                    guard let adopted = adoptFrom(folder: id, name: claim.name) else { continue }
                    claim = adopted
                }
                result.reprocess.append(claim)
            }
        }
        if !result.reprocess.isEmpty {
            logger.notice(
                "recovery: claimed files had not been stored; processing them again",
                metadata: [
                    LogKey.event: "\(GongkaiEvent.recovered)", LogKey.count: "\(result.reprocess.count)",
                ])
        }
        return result
    }

    private func adoptFrom(folder: String, name: FileName) -> Claim? {
        guard case .success(let id) = claimer.makeClaimDirectory() else { return nil }
        let claim = Claim(id: id, name: name, receivedAt: Timestamp.now(), startedAt: SystemClock.monotonicNanos(), recovered: true)
        let source = Array(folder.utf8) + [0x2F] + name.bytes
        if FileSystem.renameNoReplace(layout.workFD, source, layout.workFD, claim.workRelative) == 0 { return claim }
        _ = FileSystem.rmdir(layout.workFD, claim.claimDirectory)
        return nil
    }
}
