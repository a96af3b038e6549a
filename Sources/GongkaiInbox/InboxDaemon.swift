@preconcurrency import Dispatch
import GongkaiCore
import GongkaiReport
import GongkaiStore
import Logging

#if canImport(Glibc)
import Glibc
#endif

/// The inbox daemon's core: watches `inbox/`, settles arrivals, claims them, evaluates
/// them on parallel workers, and hands them to the single ``Writer``.
///
/// Data flows one way: event → tracker (settle) → ready queue → claim → read, hash,
/// evaluate (workers) → store, move, mark done (writer). All bookkeeping (tracker, ready
/// queue, counters, watches) lives on one serial `control` queue, so it needs no locks;
/// the heavy work runs on a concurrent queue, bounded by `workers` (CPU) and
/// `maxInFlight` (memory).
///
/// Confinement is checked, not just claimed: every method that touches a `var` below
/// begins with ``assertOnControl()`` (`dispatchPrecondition`, debug builds only), and is
/// reached only from blocks run on `control` (its timer, its inotify source, and the
/// `control.sync`/`control.async` blocks of the public methods and the workers). The
/// configuration is a `let` copy taken at init: nothing changes it after start; only the
/// policy can change, through ``LivePolicy`` (a mutex).
public final class InboxDaemon: @unchecked Sendable {
    // @unchecked: every `var` below is confined to `control` (see above; checked in debug
    // builds); every `let` is immutable and Sendable, or a queue. The compiler cannot see
    // a queue's confinement, hence the attribute.
    public let configuration: InboxConfiguration
    public let layout: InboxLayout
    let store: Store
    let logger: Logger

    let control = DispatchQueue(label: "gongkaid.control")
    let workQueue = DispatchQueue(label: "gongkaid.work", attributes: .concurrent)
    let claimer: Claimer
    let processor: FileProcessor
    /// The verdict policy; ``setPolicy(_:)`` changes it while running (reload).
    let policy: LivePolicy
    let mover: Mover
    let writer: Writer
    /// Keeps `ROOT/report.html` current (nil when the configuration turns it off).
    let pageRefresher: ReportPageRefresher?

    private var tracker: ArrivalTracker
    private var ready: [FileName] = []
    private var readyHead = 0
    private var claims: [Claim] = []
    private var evaluating = 0
    private var inFlight = 0
    private var stopping = false
    private var stopCompletion: (@Sendable () -> Void)?

    private var watcher: InotifyWatcher?
    private var inboxWD: Int32 = -1
    private var rootWD: Int32 = -1
    private var inboxIdentity: (UInt64, UInt64)?
    private var polling = false
    private var timer: DispatchSourceTimer?
    private var nextScan: UInt64 = 0
    private var nextRewatch: UInt64 = 0
    /// Claims being read and evaluated, with the time each started (for the time budget).
    private var evaluations: [String: (claim: Claim, started: UInt64)] = [:]
    /// Evaluations abandoned over budget whose worker has not returned (their files are
    /// already rejected); their results are dropped when they do return.
    private var abandoned: Set<String> = []
    /// Every claim taken and not yet stored and moved, by claim id (named in the log when a
    /// stop is cut short).
    private var inHand: [String: FileName] = [:]
    private var throttle = LogThrottle()

    private var statusValue = InboxStatus()
    private var lastPublished = InboxStatus()
    private var lastPublishTime: UInt64 = 0

    /// Called on the control queue with a fresh status, at most once a second (for
    /// systemd's STATUS= or a status file). Fixed at init: nothing outside reaches in.
    private let statusHandler: (@Sendable (InboxStatus) -> Void)?
    /// Called when the daemon cannot go on in this process (evaluations stuck beyond their
    /// budget hold every worker); the owner exits non-zero so the service manager restarts it.
    private let fatalHandler: @Sendable (String) -> Void

    /// Prepares the folders (may throw ``InboxLayout/ConfigurationError``); starts nothing yet.
    public init(
        configuration: InboxConfiguration, store: Store, logger: Logger,
        onStatus: (@Sendable (InboxStatus) -> Void)? = nil,
        onFatal: @escaping @Sendable (String) -> Void = { _ in }
    ) throws {
        self.statusHandler = onStatus
        self.fatalHandler = onFatal
        self.configuration = configuration
        self.layout = try InboxLayout(root: configuration.root)
        self.store = store
        self.logger = logger
        self.claimer = Claimer(layout: layout)
        self.policy = LivePolicy(configuration.policy)
        self.processor = FileProcessor(layout: layout, configuration: configuration, policy: policy)
        self.mover = Mover(layout: layout)
        self.tracker = ArrivalTracker(
            settings: .init(
                settle: configuration.settleNanos,
                settleNoClose: configuration.settleNoCloseNanos,
                emptyGrace: configuration.emptyGraceNanos,
                emptyOpenCap: configuration.emptyOpenCapNanos))
        self.pageRefresher = configuration.reportPage ? ReportPageRefresher(store: store, rootFD: layout.rootFD, logger: logger) : nil
        let relay = Relay()
        self.writer = Writer(
            store: store, mover: mover, logger: logger, maxBatch: configuration.maxBatch,
            onFault: { fault in
                relay.daemon?.control.async { relay.daemon?.writerFault(fault) }
            },
            onFinished: { finished in
                relay.daemon?.control.async { relay.daemon?.writerFinished(finished) }
            })
        relay.daemon = self
    }

    /// Starts: watch first, then recover, then scan (files already in the inbox are not missed,
    /// and nothing new is claimed before recovery is done). Returns once the daemon is ready
    /// (the moment for systemd's READY=1); the backlog is processed afterwards.
    public func start() throws {
        assertNotOnControl()
        let counts = try store.verdictCounts()
        try control.sync {
            statusValue.accepted = counts.accepted
            statusValue.rejected = counts.rejected
            statusValue.inboxPath = layout.inboxPath
            setUpWatching()
            let recovery = Recovery(layout: layout, store: store, mover: mover, claimer: claimer, logger: logger)
            let result = try recovery.run()
            if result.finishedMoves > 0 || result.removedFolders > 0 {
                logger.notice(
                    "recovery: finished interrupted moves and removed empty claim folders",
                    metadata: [
                        LogKey.event: "\(GongkaiEvent.recovered)", LogKey.moved: "\(result.finishedMoves)",
                        LogKey.removed: "\(result.removedFolders)",
                    ])
            }
            claims = result.reprocess
            if result.finishedMoves > 0 {
                let counts = try store.verdictCounts()
                statusValue.accepted = counts.accepted
                statusValue.rejected = counts.rejected
            }
            // The page shows what the database holds now (recovery may have added rows).
            pageRefresher?.reportsStored()
            fullScan(reason: "start")
            startTimer()
            pump()
            publishStatus(force: true)
        }
    }

    /// Stops claiming, lets the files in hand finish (stored and moved), then calls
    /// `completion`. Files still in the inbox stay there for the next start.
    public func stop(completion: @escaping @Sendable () -> Void) {
        control.async {
            self.stopping = true
            self.stopCompletion = completion
            self.timer?.cancel()
            self.timer = nil
            self.watcher?.cancel()
            self.watcher = nil
            self.checkStopped()
        }
    }

    /// Judges files claimed from now on under `newPolicy` (files already evaluated keep
    /// the verdict they got).
    public func setPolicy(_ newPolicy: Policy) {
        policy.set(newPolicy)
    }

    /// The policy verdicts are given under now.
    public var currentPolicy: Policy { policy.current }

    /// The current status.
    public func status() -> InboxStatus {
        assertNotOnControl()
        return control.sync { currentStatus() }
    }

    /// The names of the files claimed and not yet stored and moved (what a stop cut short
    /// leaves in `work/` for the next start's recovery).
    public func filesInHand() -> [String] {
        assertNotOnControl()
        return control.sync { inHand.values.map(\.display).sorted() }
    }

    // MARK: - Confinement

    /// Traps (debug builds) unless running on `control`: the entry check of every method
    /// that touches the confined state. Release builds pay nothing.
    @inline(__always)
    private func assertOnControl() {
        #if DEBUG
        dispatchPrecondition(condition: .onQueue(control))
        #endif
    }

    /// Traps (debug builds) when running on `control`: a `control.sync` from there would
    /// deadlock.
    @inline(__always)
    private func assertNotOnControl() {
        #if DEBUG
        dispatchPrecondition(condition: .notOnQueue(control))
        #endif
    }

    // MARK: - Watching

    private func setUpWatching() {
        assertOnControl()
        let inboxFD = FileSystem.openDirectory(layout.inboxPath)
        var networkFS: String?
        if inboxFD >= 0 {
            networkFS = Self.networkFilesystem(magic: FileSystem.filesystemMagic(inboxFD))
            close(inboxFD)
        }
        if configuration.forcePoll {
            startPolling(reason: "--poll")
            return
        }
        if let networkFS {
            startPolling(reason: "inbox is on \(networkFS): inotify sees no remote writes")
            return
        }
        do {
            let watcher = try InotifyWatcher(queue: control) { [weak self] events in self?.handle(events) }
            self.watcher = watcher
            switch watcher.addWatch(path: layout.root, mask: InotifyWatcher.rootMask) {
            case .success(let wd): rootWD = wd
            case .failure(let e):
                logger.warning(
                    "cannot watch the data root for the inbox being replaced",
                    metadata: [
                        LogKey.path: .string(layout.root), LogKey.error: "\(e)", LogKey.errno: "\(e.code)",
                    ])
            }
            polling = false
            statusValue.mode = "inotify"
            rewatchInbox(scan: false)
            logger.notice(
                "watching the inbox with inotify",
                metadata: [
                    LogKey.path: .string(layout.inboxPath), LogKey.settleMs: "\(configuration.settleMilliseconds)",
                    LogKey.rescanSeconds: "\(configuration.rescanSeconds)",
                ])
        } catch {
            logger.error("inotify unavailable; polling instead", metadata: [LogKey.error: "\(error)"])
            startPolling(reason: "inotify unavailable")
        }
    }

    private func startPolling(reason: String) {
        assertOnControl()
        polling = true
        statusValue.mode = "polling, \(reason)"
        logger.notice(
            "polling the inbox",
            metadata: [
                LogKey.event: "\(GongkaiEvent.polling)", LogKey.path: .string(layout.inboxPath),
                LogKey.intervalMs: "\(configuration.pollMilliseconds)", LogKey.reason: .string(reason),
            ])
    }

    static func networkFilesystem(magic: Int?) -> String? {
        switch magic.map({ UInt32(truncatingIfNeeded: $0) }) {
        case 0x6969: "NFS"
        case 0xFF53_4D42: "CIFS"
        case 0xFE53_4D42: "SMB2"
        case 0x517B: "SMB"
        case 0x6573_5546: "FUSE"
        default: nil
        }
    }

    /// (Re-)adds the inbox watch; on success records the inbox identity and rescans.
    private func rewatchInbox(scan: Bool = true) {
        assertOnControl()
        guard let watcher else { return }
        if inboxWD >= 0 { watcher.removeWatch(inboxWD) }
        inboxWD = -1
        switch watcher.addWatch(path: layout.inboxPath, mask: InotifyWatcher.inboxMask) {
        case .success(let wd):
            inboxWD = wd
            inboxIdentity = Self.identity(layout.inboxPath)
            if statusValue.inboxMissing {
                logger.notice(
                    "inbox back; watching it again and rescanning",
                    metadata: [
                        LogKey.event: "\(GongkaiEvent.inboxBack)", LogKey.path: .string(layout.inboxPath),
                    ])
            }
            statusValue.inboxMissing = false
            if scan { fullScan(reason: "re-watch") }
        case .failure(let e):
            if !statusValue.inboxMissing {
                logger.error(
                    "inbox missing or unusable; waiting for it to come back",
                    metadata: [
                        LogKey.event: "\(GongkaiEvent.inboxMissing)", LogKey.path: .string(layout.inboxPath),
                        LogKey.error: "\(e)", LogKey.errno: "\(e.code)",
                    ])
            }
            statusValue.inboxMissing = true
            inboxIdentity = nil
            nextRewatch = SystemClock.monotonicNanos() + UInt64(max(configuration.pollMilliseconds, 100)) * 1_000_000
        }
    }

    static func identity(_ path: String) -> (UInt64, UInt64)? {
        var st = stat()
        guard stat(path, &st) == 0 else { return nil }
        return (UInt64(st.st_dev), UInt64(st.st_ino))
    }

    private func handle(_ events: [InotifyEvent]) {
        assertOnControl()
        guard !stopping else { return }
        var overflow = false
        var inboxChanged = false
        let now = SystemClock.monotonicNanos()
        for event in events {
            if event.has(IN_Q_OVERFLOW) { overflow = true; continue }
            if event.wd == rootWD {
                if event.name == Array(DataFolder.inbox.rawValue.utf8) { inboxChanged = true }
                continue
            }
            guard event.wd == inboxWD else { continue }
            if event.has(IN_DELETE_SELF) || event.has(IN_MOVE_SELF) || event.has(IN_IGNORED) || event.has(IN_UNMOUNT) {
                inboxChanged = true
                continue
            }
            guard !event.name.isEmpty else { continue }
            let name = FileName(bytes: event.name)
            if name.isIgnored { continue }
            // A directory is an arrival like a file (rejected with a reason, not left in
            // the inbox); it settles by the no-close rule, since nobody "closes" a folder.
            let signal: ArrivalTracker.Signal
            if event.has(IN_MOVED_TO) { signal = .moved } else if event.has(IN_CLOSE_WRITE) { signal = .closed } else { signal = .open }
            if tracker.note(name, signal, now: now) { enqueue(name) }
        }
        if inboxChanged {
            // While the inbox is missing, a change under the root is its coming back (or not
            // yet): watching it again says which, without calling it lost a second time.
            if statusValue.inboxMissing { rewatchInbox() } else { inboxLost(reason: "deleted, moved or replaced") }
        }
        if overflow {
            statusValue.overflows += 1
            logger.warning(
                "inotify queue overflow; rescanning the inbox",
                metadata: [
                    LogKey.event: "\(GongkaiEvent.overflow)", LogKey.count: "\(statusValue.overflows)",
                ])
            fullScan(reason: "overflow")
        }
        pump()
    }

    /// The inbox watch is lost (the folder was deleted, moved or replaced): watch the
    /// inbox path again (which rescans it, or waits for the folder to come back).
    private func inboxLost(reason: String) {
        assertOnControl()
        logger.warning(
            "inbox lost; watching it again",
            metadata: [
                LogKey.event: "\(GongkaiEvent.inboxLost)", LogKey.path: .string(layout.inboxPath), LogKey.reason: .string(reason),
            ])
        rewatchInbox()
    }

    /// Lists the inbox and tracks every candidate name not already tracked.
    private func fullScan(reason: String) {
        assertOnControl()
        let fd = FileSystem.openDirectory(layout.inboxPath)
        guard fd >= 0 else {
            let e = Errno(errno)
            if !statusValue.inboxMissing {
                logger.error(
                    "cannot open the inbox for a scan",
                    metadata: [
                        LogKey.event: "\(GongkaiEvent.inboxMissing)", LogKey.path: .string(layout.inboxPath),
                        LogKey.error: "\(e)", LogKey.errno: "\(e.code)",
                    ])
            }
            if polling { statusValue.inboxMissing = true }
            return
        }
        if polling && statusValue.inboxMissing {
            statusValue.inboxMissing = false
            logger.notice("inbox back", metadata: [LogKey.event: "\(GongkaiEvent.inboxBack)", LogKey.path: .string(layout.inboxPath)])
        }
        defer { close(fd) }
        guard case .success(let entries) = FileSystem.listDirectory(fd) else { return }
        let now = SystemClock.monotonicNanos()
        var found = 0
        for entry in entries {
            let name = FileName(bytes: entry.name)
            if name.isIgnored || tracker.isTracked(name) { continue }
            _ = tracker.note(name, .scanned, now: now)
            found += 1
        }
        if found > 0 && reason != "poll" {
            logger.info("scan found new names in the inbox", metadata: [LogKey.reason: .string(reason), LogKey.count: "\(found)"])
        }
    }

    private func startTimer() {
        assertOnControl()
        let tickMs = max(10, min(50, configuration.settleMilliseconds / 4))
        let timer = DispatchSource.makeTimerSource(queue: control)
        timer.schedule(deadline: .now() + .milliseconds(tickMs), repeating: .milliseconds(tickMs), leeway: .milliseconds(5))
        timer.setEventHandler { [weak self] in self?.tick() }
        timer.resume()
        self.timer = timer
        let now = SystemClock.monotonicNanos()
        nextScan = now + scanPeriod
    }

    private var scanPeriod: UInt64 {
        assertOnControl()
        if polling { return UInt64(max(configuration.pollMilliseconds, 10)) * 1_000_000 }
        return configuration.rescanSeconds > 0 ? UInt64(configuration.rescanSeconds * 1e9) : UInt64.max / 2
    }

    private func tick() {
        assertOnControl()
        guard !stopping else { return }
        let now = SystemClock.monotonicNanos()
        if statusValue.inboxMissing && !polling && now >= nextRewatch {
            rewatchInbox()
        }
        if now >= nextScan {
            nextScan = now + scanPeriod
            if !polling, let known = inboxIdentity, let current = Self.identity(layout.inboxPath), known != current {
                inboxLost(reason: "replaced (its device or inode changed)")
            }
            fullScan(reason: polling ? "poll" : "periodic")
        }
        if !tracker.settling.isEmpty {
            let rootFD = layout.rootFD
            let checks = tracker.due(now: now, wallNow: SystemClock.wallNanos()) { name in
                FileSystem.lstat(rootFD, InboxLayout.inboxPrefix + name.bytes).map(StatSample.init)
            }
            for name in checks { enqueue(name) }
            pump()
        }
        abandonOverBudget(now: now)
        publishStatus(force: false)
    }

    // MARK: - Pipeline

    private func enqueue(_ name: FileName) {
        assertOnControl()
        ready.append(name)
    }

    private func popReady() -> FileName? {
        assertOnControl()
        guard readyHead < ready.count else { return nil }
        let name = ready[readyHead]
        readyHead += 1
        if readyHead > 1024 && readyHead * 2 > ready.count {
            ready.removeFirst(readyHead)
            readyHead = 0
        }
        return name
    }

    /// Starts as much work as the limits allow: recovered claims first, then ready names.
    private func pump() {
        assertOnControl()
        guard !stopping else { return }
        while evaluating < max(1, configuration.workers) && inFlight < max(1, configuration.maxInFlight) {
            if !claims.isEmpty {
                let claim = claims.removeFirst()
                evaluating += 1
                inFlight += 1
                inHand[claim.id] = claim.name
                evaluations[claim.id] = (claim, SystemClock.monotonicNanos())
                workQueue.async { self.process(claim) }
            } else if let name = popReady() {
                evaluating += 1
                inFlight += 1
                workQueue.async { self.claimAndProcess(name) }
            } else {
                break
            }
        }
    }

    /// On a worker: claim the name, then process it.
    private func claimAndProcess(_ name: FileName) {
        assertNotOnControl()
        let outcome = claimer.claim(name)
        if case .claimed(let claim) = outcome {
            // Registered before the work starts, so the budget and the stop see it.
            control.sync {
                self.inHand[claim.id] = claim.name
                self.evaluations[claim.id] = (claim, claim.startedAt)
            }
        }
        control.async {
            let now = SystemClock.monotonicNanos()
            switch outcome {
            case .claimed:
                self.tracker.finished(name, now: now)
                self.throttle.clear(prefix: "claim ")
            case .vanished:
                self.tracker.finished(name, now: now)
                self.release(evaluating: 1, inFlight: 1)
            case .retry(let e):
                let admitted = self.throttle.admit("claim \(e.code)", now: now)
                if admitted.log {
                    self.logger.warning(
                        "cannot claim a file yet; it stays in the inbox and is retried every second",
                        metadata: [
                            LogKey.event: "\(GongkaiEvent.claimFailed)", LogKey.file: .string(name.display), LogKey.error: "\(e)",
                            LogKey.errno: "\(e.code)", LogKey.suppressed: "\(admitted.suppressed)",
                        ])
                }
                self.tracker.retry(name, now: now, delay: 1_000_000_000)
                self.release(evaluating: 1, inFlight: 1)
            }
        }
        if case .claimed(let claim) = outcome {
            process(claim)
        }
    }

    /// On a worker: read, hash and evaluate a claimed file, then hand it to the writer.
    private func process(_ claim: Claim) {
        assertNotOnControl()
        switch processor.process(claim) {
        case .report(let input):
            control.async {
                if self.abandoned.remove(claim.id) != nil {
                    // Over budget: its rejection was stored already and its slot released.
                    self.logger.notice(
                        "an abandoned evaluation returned; its result is dropped",
                        metadata: [
                            LogKey.event: "\(GongkaiEvent.overBudget)", LogKey.file: .string(claim.name.display), LogKey.claim: .string(claim.id),
                        ])
                    return
                }
                self.evaluations[claim.id] = nil
                self.writer.submit(Writer.Item(claim: claim, input: input))
                self.release(evaluating: 1, inFlight: 0)
            }
        case .retry(let why):
            logger.info(
                "cannot read a claimed file yet; trying again shortly",
                metadata: [
                    LogKey.file: .string(claim.name.display), LogKey.claim: .string(claim.id), LogKey.reason: .string(why),
                ])
            let delay = max(configuration.settleMilliseconds, 50)
            control.async {
                guard self.abandoned.remove(claim.id) == nil else { return }
                self.evaluations[claim.id] = nil
                self.inHand[claim.id] = nil
                self.release(evaluating: 1, inFlight: 1)
                self.control.asyncAfter(deadline: .now() + .milliseconds(delay)) {
                    guard !self.stopping else { return }
                    self.claims.append(claim)
                    self.pump()
                }
            }
        case .missing:
            logger.error(
                "a claimed file disappeared from work/",
                metadata: [
                    LogKey.file: .string(claim.name.display), LogKey.claim: .string(claim.id),
                ])
            mover.removeClaimDirectory(claim.id)
            control.async {
                guard self.abandoned.remove(claim.id) == nil else { return }
                self.evaluations[claim.id] = nil
                self.inHand[claim.id] = nil
                self.release(evaluating: 1, inFlight: 1)
            }
        }
    }

    /// Rejects the files whose evaluation has run past the budget. Their workers cannot be
    /// stopped (a thread is not cancellable), so the slot is given back and the result is
    /// dropped if it ever comes; if stuck workers pile up to the worker count, the process
    /// asks its owner to exit (systemd restarts it, and the files are already rejected).
    private func abandonOverBudget(now: UInt64) {
        assertOnControl()
        let budget = configuration.evaluationBudgetNanos
        for (id, entry) in evaluations where now &- entry.started > budget {
            evaluations[id] = nil
            abandoned.insert(id)
            let seconds = Int(configuration.evaluationBudgetSeconds.rounded(.up))
            logger.error(
                "evaluation over its time budget; rejecting the file",
                metadata: [
                    LogKey.event: "\(GongkaiEvent.overBudget)", LogKey.file: .string(entry.claim.name.display),
                    LogKey.claim: .string(id), LogKey.seconds: "\(seconds)",
                ])
            let size: Int64? =
                switch FileSystem.lstat(layout.workFD, entry.claim.workRelative) {
                case .success(let st): Int64(st.st_size)
                case .failure: nil
                }
            writer.submit(Writer.Item(claim: entry.claim, input: processor.rejection(entry.claim, .overBudget(seconds), size: size)))
            release(evaluating: 1, inFlight: 0)
        }
        if !abandoned.isEmpty && abandoned.count >= max(1, configuration.workers) {
            logger.critical(
                "evaluations stuck past their budget hold every worker; exiting so the service manager restarts the daemon",
                metadata: [LogKey.event: "\(GongkaiEvent.failed)", LogKey.count: "\(abandoned.count)"])
            fatalHandler("\(abandoned.count) evaluation(s) stuck past their budget hold every worker")
        }
    }

    private func release(evaluating e: Int, inFlight f: Int) {
        assertOnControl()
        evaluating -= e
        inFlight -= f
        pump()
        checkStopped()
    }

    private func writerFault(_ fault: String?) {
        assertOnControl()
        statusValue.fault = fault
        publishStatus(force: true)
    }

    private func writerFinished(_ finished: [Writer.Finished]) {
        assertOnControl()
        for item in finished {
            inHand[item.claimID] = nil
            switch item.verdict {
            case .accepted: statusValue.accepted += 1
            case .rejected: statusValue.rejected += 1
            }
        }
        if let last = finished.last {
            statusValue.lastFile = last.name
            statusValue.lastVerdict = last.verdict
        }
        release(evaluating: 0, inFlight: finished.count)
        pageRefresher?.reportsStored()
    }

    private func checkStopped() {
        assertOnControl()
        guard stopping, evaluating == 0, inFlight == 0, let completion = stopCompletion else { return }
        stopCompletion = nil
        let pageRefresher = pageRefresher
        writer.queue.async {
            pageRefresher?.stop()
            completion()
        }
    }

    // MARK: - Status

    private func currentStatus() -> InboxStatus {
        assertOnControl()
        var s = statusValue
        s.inFlight = inFlight
        s.backlog = tracker.count + claims.count + inFlight
        return s
    }

    private func publishStatus(force: Bool) {
        assertOnControl()
        guard let handler = statusHandler else { return }
        let now = SystemClock.monotonicNanos()
        guard force || now &- lastPublishTime >= 1_000_000_000 else { return }
        let s = currentStatus()
        guard force || s != lastPublished else { return }
        lastPublished = s
        lastPublishTime = now
        handler(s)
    }
}

/// Lets the writer call back into the daemon without a reference cycle or a capture of
/// `self` before initialisation.
private final class Relay: @unchecked Sendable {
    // @unchecked: `daemon` is written once, at the end of the daemon's init, and only read
    // afterwards: by the writer's callbacks, which run on the writer's queue for items
    // submitted after init returned (the submit's `queue.async` orders the write before
    // every read). A weak reference is itself safe to read from several threads.
    weak var daemon: InboxDaemon?
}
