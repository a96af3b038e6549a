@preconcurrency import Dispatch
import Logging
import Synchronization

/// The daemon's side of the systemd contract, in one place: readiness, a throttled status
/// line, reload and stop notifications, fatal errors and the gated watchdog.
///
/// All methods are no-ops outside systemd (no `NOTIFY_SOCKET`), and safe from any thread.
public final class SystemdService: Sendable {
    public let notifier: SystemdNotifier
    /// Minimum time between two STATUS= updates (systemd: "at most once a second").
    public let statusIntervalNanos: UInt64
    private let queue = DispatchQueue(label: "gongkaid.systemd.status")
    /// Every mutable field, behind one lock (held while a datagram is sent, so STATUS=
    /// lines leave in the order their state was recorded).
    private let state = Mutex(State())

    private struct State: ~Copyable {
        var lastStatus: String?
        var lastStatusAt: UInt64 = 0
        var pendingStatus: String?
        var flushScheduled = false
        var watchdog: SystemdWatchdog?

        mutating func noteSent(_ line: String) {
            lastStatus = line
            lastStatusAt = SystemdNotifier.monotonicNanos()
            pendingStatus = nil
        }
    }

    public init(notifier: SystemdNotifier = SystemdNotifier(), statusIntervalNanos: UInt64 = 1_000_000_000) {
        self.notifier = notifier
        self.statusIntervalNanos = statusIntervalNanos
    }

    /// Whether a service manager listens.
    public var isEnabled: Bool { notifier.isEnabled }

    /// `READY=1` + `STATUS=`: call once the watch is armed, recovery is done and the first
    /// scan is queued (after `InboxDaemon.start()` returns), and again after a reload.
    public func ready(status: String) {
        state.withLock { state in
            state.noteSent(status)
            notifier.ready(status: status)
        }
    }

    /// Updates `STATUS=`: sent at once if the line changed and a second has passed since the
    /// last one, otherwise kept and sent when the second is up (so the last state always shows).
    public func status(_ line: String) {
        state.withLock { state in
            guard line != state.lastStatus else {
                state.pendingStatus = nil
                return
            }
            let now = SystemdNotifier.monotonicNanos()
            if state.lastStatus == nil || now &- state.lastStatusAt >= statusIntervalNanos {
                state.noteSent(line)
                notifier.status(line)
                return
            }
            state.pendingStatus = line
            guard !state.flushScheduled else { return }
            state.flushScheduled = true
            let wait = statusIntervalNanos &- (now &- state.lastStatusAt)
            queue.asyncAfter(deadline: .now() + .nanoseconds(Int(clamping: wait))) { [weak self] in
                self?.flushStatus()
            }
        }
    }

    private func flushStatus() {
        state.withLock { state in
            state.flushScheduled = false
            guard let line = state.pendingStatus else { return }
            state.pendingStatus = nil
            guard line != state.lastStatus else { return }
            state.noteSent(line)
            notifier.status(line)
        }
    }

    /// SIGHUP, step 1: `RELOADING=1` + `MONOTONIC_USEC=` + `STATUS=Reloading configuration`.
    /// Then reload, then call ``ready(status:)`` (also when the reload failed: the old
    /// configuration stays in force; say so in the status line).
    public func reloading() {
        state.withLock { state in
            notifier.reloading(status: "Reloading configuration")
            state.lastStatus = "Reloading configuration"
        }
    }

    /// SIGTERM: `STOPPING=1` (+ `STATUS=`) and stop the watchdog pings.
    public func stopping(status: String = "Stopping: finishing the files in hand") {
        watchdogCancel()
        state.withLock { state in
            state.noteSent(status)
            notifier.stopping(status: status)
        }
    }

    /// A fatal error, just before exiting non-zero: `STATUS=Failed: <reason>` + `ERRNO=`.
    /// Use an errno-style number (`EX_CONFIG`-type exits: `EINVAL`; database: `EIO`; …).
    public func failure(errno: Int32, reason: String) {
        watchdogCancel()
        state.withLock { _ in
            _ = notifier.failure(errno: errno, reason: reason)
        }
    }

    /// Starts WATCHDOG=1 pings if the unit has `WatchdogSec=`; returns the interval in µs or nil.
    /// `probe` should be cheap; it runs every half interval on the watchdog's queue.
    @discardableResult
    public func startWatchdog(
        stallLimitNanos: UInt64 = 120_000_000_000, logger: Logger? = nil,
        probe: @escaping @Sendable () -> PipelineProgress?
    ) -> UInt64? {
        let started = SystemdWatchdog.startIfEnabled(
            stallLimitNanos: stallLimitNanos, notifier: notifier,
            logger: logger, probe: probe)
        let previous = state.withLock { state in
            defer { state.watchdog = started }
            return state.watchdog
        }
        previous?.cancel()
        return started?.intervalUsec
    }

    private func watchdogCancel() {
        let current = state.withLock { state in
            defer { state.watchdog = nil }
            return state.watchdog
        }
        current?.cancel()
    }
}
