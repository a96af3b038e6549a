import Dispatch
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
    // @unchecked: every mutable property is only touched on `queue`.
    struct Item: Sendable {
        var claim: Claim
        var input: ReportInput
    }

    /// What the coordinator learns when items are finished.
    struct Finished: Sendable {
        var name: String
        var verdict: String
    }

    let queue = DispatchQueue(label: "gongkaid.writer")
    private let store: Store
    private let mover: Mover
    private let logger: Logger
    private let maxBatch: Int
    private let onFinished: @Sendable ([Finished]) -> Void

    private var pending: [Item] = []
    private var pendingHead = 0
    private var moveRetries: [(item: Item, outcome: IngestOutcome)] = []
    private var undone: [Int64] = []
    private var running = false
    private var backoff: Double = 0.05

    init(store: Store, mover: Mover, logger: Logger, maxBatch: Int, onFinished: @escaping @Sendable ([Finished]) -> Void) {
        self.store = store
        self.mover = mover
        self.logger = logger
        self.maxBatch = max(1, maxBatch)
        self.onFinished = onFinished
    }

    /// Queues a decided report for storing.
    func submit(_ item: Item) {
        queue.async {
            self.pending.append(item)
            self.startIfIdle()
        }
    }

    private func startIfIdle() {
        guard !running else { return }
        running = true
        queue.async { self.runBatch() }
    }

    private var pendingCount: Int { pending.count - pendingHead }

    private func runBatch() {
        if !moveRetries.isEmpty {
            retryMoves()
        }
        guard pendingCount > 0 else {
            running = false
            return
        }
        let end = min(pending.count, pendingHead + maxBatch)
        let batch = Array(pending[pendingHead..<end])
        let t0 = Sys.monotonicNanos()
        mover.syncWork()
        var reserved: [String: Set<[UInt8]>] = [:]
        let processedAt = Timestamp.now()
        let outcomes: [IngestOutcome]
        do {
            outcomes = try store.ingest(batch.map(\.input), processedAt: processedAt) { input, decision in
                let chosen = mover.freeName(for: FileName(bytes: input.fileNameRaw), verdict: decision.verdict,
                                            reserved: reserved[decision.verdict] ?? [])
                reserved[decision.verdict, default: []].insert(chosen.bytes)
                if decision.verdict != "accepted" {
                    reserved[decision.verdict, default: []].insert(chosen.reasonFileName.bytes)
                }
                return chosen.bytes
            }
        } catch {
            let transient = Store.isTransient(error)
            logger.error("database write failed (\(transient ? "transient" : "unexpected")), retrying in \(Int(backoff * 1000)) ms: \(error)")
            scheduleRetry()
            return
        }
        backoff = 0.05
        let t1 = Sys.monotonicNanos()
        // Drop the stored items now: each holds a whole report (text, cells), and only
        // the few still waiting (at most maxInFlight) are moved down.
        pending.removeFirst(end)
        pendingHead = 0
        finish(Array(zip(batch, outcomes)), processedAt: processedAt)
        let t2 = Sys.monotonicNanos()
        logger.debug("batch of \(batch.count): store \((t1 - t0) / 1_000_000) ms, move+done \((t2 - t1) / 1_000_000) ms, \(pendingCount) waiting")
        queue.async { self.runBatch() }
    }

    private func scheduleRetry() {
        let delay = backoff
        backoff = min(backoff * 2, 5)
        queue.asyncAfter(deadline: .now() + delay) { self.runBatch() }
    }

    /// Moves the files of stored rows and marks them done.
    private func finish(_ items: [(item: Item, outcome: IngestOutcome)], processedAt: String) {
        var done: [Int64] = []
        var renamed: [Int64: (raw: [UInt8], path: String)] = [:]
        var finished: [Finished] = []
        var failed: [(item: Item, outcome: IngestOutcome)] = []
        for (item, outcome) in items {
            let reason = outcome.verdict == "accepted" ? nil : ReasonText.render(
                fileName: item.input.fileName, verdict: outcome.verdict, policy: item.input.policy,
                processedAt: processedAt, sha256: item.input.sha256, findings: outcome.findings)
            let planned = FileName(bytes: outcome.finalNameRaw)
            switch mover.place(claimID: item.claim.id, name: item.claim.name, verdict: outcome.verdict, finalName: planned, reason: reason) {
            case .moved(let actual):
                if actual != planned {
                    renamed[outcome.id] = (actual.bytes, "\(outcome.verdict)/\(actual.display)")
                }
                done.append(outcome.id)
                finished.append(Finished(name: item.claim.name.display, verdict: outcome.verdict))
                log(item, outcome, finalName: actual)
            case .alreadyThere, .lost:
                done.append(outcome.id)
                finished.append(Finished(name: item.claim.name.display, verdict: outcome.verdict))
            case .failed(let e):
                logger.error("cannot move \(item.claim.name.display) to \(outcome.verdict)/ (\(e)); it stays claimed, retrying")
                failed.append((item, outcome))
            }
        }
        mover.syncFolders()
        done += undone
        undone = []
        do {
            try store.markDone(done, movedAt: Timestamp.now(), renamed: renamed)
        } catch {
            logger.error("cannot mark \(done.count) rows done (\(error)); will retry")
            undone = done
        }
        if !failed.isEmpty {
            moveRetries += failed
            let delay = backoff
            backoff = min(backoff * 2, 5)
            queue.asyncAfter(deadline: .now() + delay) { self.startIfIdle() }
        }
        if !finished.isEmpty { onFinished(finished) }
    }

    private func retryMoves() {
        let retries = moveRetries
        moveRetries = []
        finish(retries, processedAt: Timestamp.now())
    }

    private func log(_ item: Item, _ outcome: IngestOutcome, finalName: FileName) {
        let ms = Double(Sys.monotonicNanos() &- item.claim.startedAt) / 1_000_000
        let duration = ms < 10 ? String(Double(Int(ms * 100)) / 100) : String(Int(ms))
        var line = "\(outcome.verdict) \(item.claim.name.display) → \(outcome.verdict)/\(finalName.display) in \(duration) ms"
        if let original = outcome.duplicateOf {
            line += " (duplicate of \(original.fileName), #\(original.id))"
        } else if outcome.verdict != "accepted" {
            let codes = outcome.findings.filter { $0.severity == "error" }.map(\.code)
            line += " (" + codes.prefix(4).joined(separator: ", ") + (codes.count > 4 ? ", …" : "") + ")"
        }
        if let old = outcome.supersedes {
            line += " supersedes #\(old.id) \(old.fileName)"
        }
        let event = outcome.duplicateOf != nil ? "duplicate" : outcome.verdict
        var metadata: Logger.Metadata = [
            "event": .string(event), "file": .string(item.claim.name.display), "verdict": .string(outcome.verdict),
            "report_id": "\(outcome.id)", "claim": "\(item.claim.id)", "duration_ms": .string(duration),
            "errors": "\(outcome.findings.filter { $0.severity == "error" }.count)",
            "warnings": "\(outcome.findings.filter { $0.severity == "warning" }.count)",
            "destination": .string("\(outcome.verdict)/\(finalName.display)"),
        ]
        if let sha = item.input.sha256 { metadata["sha256"] = .string(sha) }
        if let agency = item.input.agency { metadata["agency"] = .string(agency) }
        if let year = item.input.year { metadata["year"] = "\(year)" }
        if let template = item.input.template { metadata["template"] = .string(template) }
        logger.log(level: outcome.verdict == "accepted" ? .info : .notice, "\(line)", metadata: metadata)
    }

    /// Whether nothing is queued, committing or waiting for a retry.
    func isIdle() -> Bool {
        queue.sync { !running && pendingCount == 0 && moveRetries.isEmpty }
    }
}
