import Dispatch
import GongkaiCore
import GongkaiPages
import GongkaiStore
import Logging

/// Keeps `ROOT/report.html` (the page `gongkai report --html` writes) current while the
/// daemon runs, without slowing the inbox down.
///
/// The writer calls ``reportsStored()`` after each batch. The page is written once the
/// inbox has been quiet for ``Timing/quiet`` (a burst gives one page at its end), or at the
/// latest ``Timing/maxDelay`` after the first report it does not show yet (a long burst still
/// updates it). Between two pages it waits at least ``Timing/coolDownFactor`` times as long
/// as the last one took, so the page costs at most about a tenth of one core however large
/// the store grows. It reads through the store's read-only connections on a utility-QoS
/// queue of its own (WAL: the writer is never blocked) and replaces the file whole
/// (``FileSystem/replaceFile(_:_:_:mode:)``), so a browser never sees half a page.
final class ReportPageRefresher: @unchecked Sendable {
    // @unchecked: every `var` is confined to `queue` (checked in debug builds); the lets
    // are Sendable or immutable descriptors.

    /// When a page is written.
    struct Timing: Sendable {
        /// Quiet time after the last stored batch.
        var quiet: UInt64 = 2_000_000_000
        /// Longest wait after the first report the page does not show yet.
        var maxDelay: UInt64 = 60_000_000_000
        /// A page waits at least this many times the last page's duration after it.
        var coolDownFactor: UInt64 = 10
    }

    /// The page's file name in the data root.
    static let fileName = "report.html"

    let queue = DispatchQueue(label: "gongkaid.report-page", qos: .utility)
    private let store: Store
    private let rootFD: Int32
    private let logger: Logger
    private let timing: Timing

    /// When the last batch the page does not show yet was stored (monotonic ns); nil: the
    /// page is current.
    private var lastChange: UInt64?
    private var firstChange: UInt64?
    private var lastPageEnded: UInt64 = 0
    private var lastPageDuration: UInt64 = 0
    private var timerArmed = false
    private var stopped = false
    /// Pages written, and attempts that failed.
    private var written = 0
    private var failed = 0

    init(store: Store, rootFD: Int32, logger: Logger, timing: Timing = Timing()) {
        self.store = store
        self.rootFD = rootFD
        self.logger = logger
        self.timing = timing
    }

    /// Reports were stored: the page is due (see the type's description for when).
    func reportsStored() {
        let now = SystemClock.monotonicNanos()
        queue.async {
            guard !self.stopped else { return }
            self.lastChange = now
            if self.firstChange == nil { self.firstChange = now }
            self.arm()
        }
    }

    /// No page after this one returns (a page being written is finished).
    func stop() {
        queue.sync { stopped = true }
    }

    /// How many pages were written.
    var pagesWritten: Int { queue.sync { written } }

    /// How many attempts failed.
    var failures: Int { queue.sync { failed } }

    @inline(__always)
    private func assertOnQueue() {
        #if DEBUG
        dispatchPrecondition(condition: .onQueue(queue))
        #endif
    }

    /// When the next page may be written, given the pending change.
    private func due() -> UInt64? {
        assertOnQueue()
        return Self.due(
            firstChange: firstChange, lastChange: lastChange, lastPageEnded: lastPageEnded, lastPageDuration: lastPageDuration,
            timing: timing)
    }

    /// The rule, on monotonic nanoseconds: quiet for `quiet` after the last change, or
    /// `maxDelay` after the first change the page does not show, whichever comes first; but
    /// not before `coolDownFactor` × the last page's duration has passed since it ended.
    /// nil: the page is current.
    static func due(firstChange: UInt64?, lastChange: UInt64?, lastPageEnded: UInt64, lastPageDuration: UInt64, timing: Timing) -> UInt64? {
        guard let last = lastChange, let first = firstChange else { return nil }
        let settled = min(last &+ timing.quiet, first &+ timing.maxDelay)
        let cooled = lastPageEnded &+ lastPageDuration &* timing.coolDownFactor
        return max(settled, cooled)
    }

    private func arm() {
        assertOnQueue()
        guard !timerArmed, let due = due() else { return }
        timerArmed = true
        let now = SystemClock.monotonicNanos()
        queue.asyncAfter(deadline: .now() + .nanoseconds(Int(clamping: due > now ? due - now : 0))) {
            self.timerArmed = false
            self.fire()
        }
    }

    private func fire() {
        assertOnQueue()
        guard !stopped, let due = due() else { return }
        // A later batch moved the due time: wait again.
        guard SystemClock.monotonicNanos() >= due else { return arm() }
        lastChange = nil
        firstChange = nil
        write()
    }

    private func write() {
        assertOnQueue()
        writePage()
        // A page of 10,000 reports reads and renders a few hundred megabytes, freed by now;
        // give them back rather than let the daemon's resident size keep its peak.
        FreedMemory.release()
    }

    private func writePage() {
        let started = SystemClock.monotonicNanos()
        do {
            let input = try ReportPage.input(from: store, tables: nil, generatedAt: Timestamp.now())
            let page = ReportPage.render(input)
            let bytes = page.utf8.count
            let error = FileSystem.replaceFile(rootFD, Array(Self.fileName.utf8), utf8: page)
            guard error == 0 else { throw Errno(error) }
            let ended = SystemClock.monotonicNanos()
            lastPageEnded = ended
            lastPageDuration = ended - started
            written += 1
            logger.info(
                "report page written",
                metadata: [
                    LogKey.event: "\(GongkaiEvent.reportPage)", LogKey.file: "\(Self.fileName)", LogKey.count: "\(input.reports.count)",
                    LogKey.tables: "\(input.tables.rawValue)", LogKey.bytes: "\(bytes)", LogKey.durationMs: "\((ended - started) / 1_000_000)",
                ])
        } catch {
            let ended = SystemClock.monotonicNanos()
            lastPageEnded = ended
            // A failing page waits as long as a slow one would before it is tried again.
            lastPageDuration = max(ended - started, 1_000_000_000)
            failed += 1
            logger.warning(
                "cannot write the report page; the reports are stored",
                metadata: [LogKey.event: "\(GongkaiEvent.reportPageFailed)", LogKey.file: "\(Self.fileName)", LogKey.error: "\(error)"])
        }
    }
}
