import Dispatch
import GongkaiCore
import GongkaiPages
import GongkaiStore
import Logging

/// The single writer: stores decided reports, moves their files, marks them done.
///
/// All database writes go through this one serial queue, so the duplicate and
/// supersession checks see every earlier report. When files arrive faster than one
/// commit takes, they pile up in `pending` and the next transaction takes them all (up to
/// `maxBatch`): one fsync of the WAL per batch keeps commits durable at burst rates.
///
/// Per batch: fsync `work/` (the claims are durable before their rows), one transaction
/// (rows, cells, findings, final names; state 'stored'), the moves and reason files, fsync
/// of the three folders, then one transaction marking the rows 'done'. A failed commit
/// (busy, disk full) is retried with backoff and never turns into a rejection.
final class Writer: @unchecked Sendable {
    // @unchecked: every mutable property is only touched on `queue`, which each method
    // that touches one checks in debug builds (``assertOnQueue()``); the lets are Sendable.
    struct Item: Sendable {
        var claim: Claim
        var input: ReportInput
    }

    /// What the coordinator learns when items are finished.
    struct Finished: Sendable {
        var claimID: String
        var name: String
        var verdict: Verdict
    }

    let queue = DispatchQueue(label: "gongkaid.writer")
    private let store: any ReportStore
    private let mover: Mover
    private let logger: Logger
    private let maxBatch: Int
    private let onFinished: @Sendable ([Finished]) -> Void
    /// Told when writes start failing persistently (a one-line description) and when they
    /// work again (nil), for STATUS= and the status file.
    private let onFault: @Sendable (String?) -> Void

    private var pending: [Item] = []
    private var pendingHead = 0
    private var moveRetries: [(item: Item, outcome: IngestOutcome)] = []
    private var undone: [Int64] = []
    private var running = false
    private var backoff: Double = 0.05
    private var moveBackoff: Double = 0.05
    /// Commits that failed in a row (0 when the last one worked).
    private var failedCommits = 0
    private var lastReopen: UInt64 = 0
    private var throttle = LogThrottle()

    /// Longest wait between two retries of a failed commit or move.
    static let maxBackoff: Double = 5
    /// A failing commit triggers a reconnect after this many failures in a row, and then at
    /// most every `reopenIntervalNanos`.
    static let reopenAfterFailures = 3
    static let reopenIntervalNanos: UInt64 = 5_000_000_000

    init(
        store: any ReportStore, mover: Mover, logger: Logger, maxBatch: Int,
        onFault: @escaping @Sendable (String?) -> Void = { _ in },
        onFinished: @escaping @Sendable ([Finished]) -> Void
    ) {
        self.store = store
        self.mover = mover
        self.logger = logger
        self.maxBatch = max(1, maxBatch)
        self.onFault = onFault
        self.onFinished = onFinished
    }

    /// Queues a decided report for storing.
    func submit(_ item: Item) {
        queue.async {
            self.pending.append(item)
            self.startIfIdle()
        }
    }

    /// Stops a debug build when state confined to `queue` is reached from elsewhere.
    @inline(__always)
    private func assertOnQueue() {
        #if DEBUG
        dispatchPrecondition(condition: .onQueue(queue))
        #endif
    }

    private func startIfIdle() {
        assertOnQueue()
        guard !running else { return }
        running = true
        queue.async { self.runBatch() }
    }

    private var pendingCount: Int { pending.count - pendingHead }

    private func runBatch() {
        assertOnQueue()
        if !moveRetries.isEmpty {
            retryMoves()
        }
        guard pendingCount > 0 else {
            running = false
            return
        }
        let end = min(pending.count, pendingHead + maxBatch)
        let batch = Array(pending[pendingHead..<end])
        let t0 = SystemClock.monotonicNanos()
        mover.syncWork()
        let processedAt = Timestamp.now()
        let outcomes: [IngestOutcome]
        do {
            // One way: the store decides (a read), the writer names the files (the file
            // system), the store commits (SQLite alone holds the write lock).
            let inputs = batch.map(\.input)
            let decisions = try store.decide(inputs)
            let names = mover.chooseNames(for: zip(inputs, decisions).map { (FileName(bytes: $0.fileNameRaw), $1.verdict) })
            let placed = zip(zip(inputs, decisions), names).map { PlacedReport(input: $0.0, decision: $0.1, finalName: $1.bytes) }
            outcomes = try store.commit(placed, processedAt: processedAt)
        } catch {
            commitFailed(error)
            return
        }
        commitWorked()
        let t1 = SystemClock.monotonicNanos()
        // Drop the stored items now: each holds a whole report (text, cells), and only
        // the few still waiting (at most maxInFlight) are moved down.
        pending.removeFirst(end)
        pendingHead = 0
        finish(Array(zip(batch, outcomes)), processedAt: processedAt)
        let t2 = SystemClock.monotonicNanos()
        logger.debug(
            "batch stored and moved",
            metadata: [
                LogKey.count: "\(batch.count)", LogKey.storeMs: "\((t1 - t0) / 1_000_000)", LogKey.moveMs: "\((t2 - t1) / 1_000_000)",
                LogKey.waiting: "\(pendingCount)",
            ])
        queue.async { self.runBatch() }
    }

    /// A commit failed: the files stay claimed and the batch is retried with backoff. The
    /// first failure is logged at once, repeats once per interval; from the third failure
    /// in a row the fault shows in STATUS=, and errors that can spoil a connection (I/O,
    /// read-only) make the writer reconnect, so the daemon heals by itself once the cause
    /// (a full disk, a read-only remount) is gone.
    private func commitFailed(_ error: any Error) {
        assertOnQueue()
        failedCommits += 1
        let now = SystemClock.monotonicNanos()
        let transient = store.isTransient(error)
        let admitted = throttle.admit("commit", now: now)
        if admitted.log {
            logger.error(
                "database write failed; the files stay claimed and are retried",
                metadata: [
                    LogKey.event: "\(GongkaiEvent.storeFailed)", LogKey.error: "\(error)", LogKey.transient: "\(transient)",
                    LogKey.attempts: "\(failedCommits)", LogKey.waiting: "\(pendingCount)",
                    LogKey.suppressed: "\(admitted.suppressed)",
                ])
        }
        if failedCommits == Self.reopenAfterFailures {
            onFault("database writes failing: \(error)")
        }
        if failedCommits >= Self.reopenAfterFailures, store.suggestsReopen(error) || !transient,
            now &- lastReopen >= Self.reopenIntervalNanos
        {
            lastReopen = now
            do {
                try store.reopen()
                logger.notice("reopened the database after repeated write failures", metadata: [LogKey.event: "\(GongkaiEvent.storeReopened)"])
            } catch {
                if throttle.admit("reopen", now: now).log {
                    logger.error(
                        "cannot reopen the database yet",
                        metadata: [LogKey.event: "\(GongkaiEvent.storeFailed)", LogKey.error: "\(error)"])
                }
            }
        }
        let delay = backoff
        backoff = min(backoff * 2, Self.maxBackoff)
        queue.asyncAfter(deadline: .now() + delay) { self.runBatch() }
    }

    private func commitWorked() {
        assertOnQueue()
        backoff = 0.05
        guard failedCommits > 0 else { return }
        logger.notice(
            "database writes work again",
            metadata: [LogKey.event: "\(GongkaiEvent.storeRecovered)", LogKey.attempts: "\(failedCommits)"])
        if failedCommits >= Self.reopenAfterFailures { onFault(nil) }
        failedCommits = 0
        throttle.clear("commit")
        throttle.clear("reopen")
    }

    /// Moves the files of stored rows and marks them done.
    private func finish(_ items: [(item: Item, outcome: IngestOutcome)], processedAt: String) {
        assertOnQueue()
        var done: [Int64] = []
        var renamed: [Int64: (raw: [UInt8], path: String)] = [:]
        var reasonNames: [Int64: [UInt8]] = [:]
        var finished: [Finished] = []
        var failed: [(item: Item, outcome: IngestOutcome)] = []
        for (item, outcome) in items {
            let reason =
                outcome.verdict == .accepted
                ? nil
                : Mover.Reason(
                    text: ReasonText.render(
                        fileName: item.input.fileName, verdict: outcome.verdict, policy: item.input.policy,
                        processedAt: processedAt, sha256: item.input.sha256, findings: outcome.findings),
                    page: ReasonPage.render(
                        fileName: item.input.fileName, verdict: outcome.verdict, policy: item.input.policy,
                        processedAt: processedAt, sha256: item.input.sha256, findings: outcome.findings,
                        cells: item.input.cells, template: item.input.template, year: item.input.year,
                        agency: item.input.agency))
            let planned = FileName(bytes: outcome.finalNameRaw)
            switch mover.place(claimID: item.claim.id, name: item.claim.name, verdict: outcome.verdict, finalName: planned, reason: reason) {
            case .moved(let actual):
                if actual != planned {
                    renamed[outcome.id] = (actual.bytes, Self.destination(outcome.verdict, actual))
                }
                done.append(outcome.id)
                if reason != nil { reasonNames[outcome.id] = actual.reasonFileName.bytes }
                finished.append(Finished(claimID: item.claim.id, name: item.claim.name.display, verdict: outcome.verdict))
                log(item, outcome, finalName: actual)
            case .alreadyThere, .lost:
                done.append(outcome.id)
                if reason != nil { reasonNames[outcome.id] = planned.reasonFileName.bytes }
                finished.append(Finished(claimID: item.claim.id, name: item.claim.name.display, verdict: outcome.verdict))
            case .failed(let e):
                let admitted = throttle.admit("move \(e.code)", now: SystemClock.monotonicNanos())
                if admitted.log {
                    logger.error(
                        "cannot move a decided file; it stays claimed and is retried",
                        metadata: [
                            LogKey.event: "\(GongkaiEvent.moveFailed)", LogKey.file: "\(item.claim.name)",
                            LogKey.destination: "\(outcome.verdict.folder.rawValue)/", LogKey.error: "\(e)",
                            LogKey.errno: "\(e.code)", LogKey.suppressed: "\(admitted.suppressed)",
                        ])
                }
                failed.append((item, outcome))
            }
        }
        if failed.isEmpty && !items.isEmpty {
            if moveBackoff > 0.05 {
                logger.notice("moves work again", metadata: [LogKey.event: "\(GongkaiEvent.moveRecovered)"])
            }
            moveBackoff = 0.05
            throttle.clear(prefix: "move ")
        }
        mover.syncFolders()
        done += undone
        undone = []
        do {
            try store.markDone(done, movedAt: Timestamp.now(), renamed: renamed, reasonNames: reasonNames)
            throttle.clear("mark done")
        } catch {
            // The files are at their final place; the rows say 'stored' until this works
            // (recovery would find the files there and finish the rows too).
            if throttle.admit("mark done", now: SystemClock.monotonicNanos()).log {
                logger.error(
                    "cannot mark rows done; will retry",
                    metadata: [LogKey.event: "\(GongkaiEvent.storeFailed)", LogKey.error: "\(error)", LogKey.count: "\(done.count)"])
            }
            undone = done
        }
        if !failed.isEmpty {
            moveRetries += failed
            let delay = moveBackoff
            moveBackoff = min(moveBackoff * 2, Self.maxBackoff)
            queue.asyncAfter(deadline: .now() + delay) { self.startIfIdle() }
        }
        if !finished.isEmpty { onFinished(finished) }
    }

    /// The path of a final name relative to the root: `accepted/NAME`.
    static func destination(_ verdict: Verdict, _ name: FileName) -> String {
        "\(verdict.folder.rawValue)/\(name.display)"
    }

    private func retryMoves() {
        assertOnQueue()
        let retries = moveRetries
        moveRetries = []
        finish(retries, processedAt: Timestamp.now())
    }

    /// One record per decided file: a constant message per kind of outcome, everything
    /// else in metadata (journal fields GONGKAI_FILE, GONGKAI_VERDICT, …).
    private func log(_ item: Item, _ outcome: IngestOutcome, finalName: FileName) {
        assertOnQueue()
        logRecord(item, outcome, finalName: finalName)
        logNeighbours(outcome)
    }

    private func logRecord(_ item: Item, _ outcome: IngestOutcome, finalName: FileName) {
        let event: GongkaiEvent = outcome.duplicateOf != nil ? .duplicate : outcome.verdict == .accepted ? .accepted : .rejected
        let level: Logger.Level = event == .accepted ? .info : .notice
        // The record's metadata is a dictionary of a dozen strings: not built for a level
        // that is filtered out (accepted reports at the default level, notice).
        guard logger.logLevel <= level else { return }
        let ms = Double(SystemClock.monotonicNanos() &- item.claim.startedAt) / 1_000_000
        let duration = ms < 10 ? String(Double(Int(ms * 100)) / 100) : String(Int(ms))
        let errors = outcome.findings.filter { $0.severity == .error }
        var metadata: Logger.Metadata = [
            LogKey.event: "\(event)", LogKey.file: "\(item.claim.name)", LogKey.verdict: "\(outcome.verdict.rawValue)",
            LogKey.reportID: "\(outcome.id)", LogKey.claim: "\(item.claim.id)", LogKey.durationMs: "\(duration)",
            LogKey.errors: "\(errors.count)", LogKey.warnings: "\(outcome.findings.count - errors.count)",
            LogKey.destination: "\(Self.destination(outcome.verdict, finalName))",
        ]
        if !errors.isEmpty { metadata[LogKey.codes] = "\(errors.map(\.code).joined(separator: ","))" }
        let crossYear = outcome.findings.filter { $0.relatedReportID != nil }
        if !crossYear.isEmpty { metadata[LogKey.crossYear] = "\(Set(crossYear.map(\.code)).sorted().joined(separator: ","))" }
        if let original = outcome.duplicateOf { metadata[LogKey.duplicateOf] = "\(original.id)" }
        if let old = outcome.supersedes { metadata[LogKey.supersedes] = "\(old.id)" }
        if let sha = item.input.sha256 { metadata[LogKey.sha256] = "\(sha)" }
        if let agency = item.input.agency { metadata[LogKey.agency] = "\(agency)" }
        if let year = item.input.year { metadata[LogKey.year] = "\(year)" }
        if let template = item.input.template { metadata[LogKey.template] = "\(template)" }
        let message: Logger.Message =
            switch event {
            case .accepted: "report accepted"
            case .duplicate: "duplicate rejected"
            default: "report rejected"
            }
        logger.log(level: level, message, metadata: metadata)
    }

    /// One record per stored neighbour report that got cross-year findings from this one.
    private func logNeighbours(_ outcome: IngestOutcome) {
        for (neighbour, findings) in outcome.neighbourFindings.sorted(by: { $0.key < $1.key }) {
            logger.notice(
                "cross-year findings added to a stored report",
                metadata: [
                    LogKey.event: "\(GongkaiEvent.crossYear)", LogKey.reportID: "\(neighbour)", LogKey.relatedReport: "\(outcome.id)",
                    LogKey.crossYear: "\(Set(findings.map(\.code)).sorted().joined(separator: ","))", LogKey.count: "\(findings.count)",
                ])
        }
    }

    /// Whether nothing is queued, committing or waiting for a retry.
    func isIdle() -> Bool {
        queue.sync { !running && pendingCount == 0 && moveRetries.isEmpty }
    }
}
