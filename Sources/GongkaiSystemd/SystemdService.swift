@preconcurrency import Dispatch
import Foundation
import Logging

/// The daemon's side of the systemd contract, in one place: readiness, a throttled status
/// line, reload and stop notifications, fatal errors and the gated watchdog.
///
/// All methods are no-ops outside systemd (no `NOTIFY_SOCKET`), and safe from any thread.
public final class SystemdService: @unchecked Sendable {
    // @unchecked: mutable state is guarded by `lock`.
    public let notifier: SystemdNotifier
    /// Minimum time between two STATUS= updates (systemd: "at most once a second").
    public let statusIntervalNanos: UInt64
    private let lock = NSLock()
    private let queue = DispatchQueue(label: "gongkaid.systemd.status")
    private var lastStatus: String?
    private var lastStatusAt: UInt64 = 0
    private var pendingStatus: String?
    private var flushScheduled = false
    private var watchdog: SystemdWatchdog?

    public init(notifier: SystemdNotifier = SystemdNotifier(), statusIntervalNanos: UInt64 = 1_000_000_000) {
        self.notifier = notifier
        self.statusIntervalNanos = statusIntervalNanos
    }

    /// Whether a service manager listens.
    public var isEnabled: Bool { notifier.isEnabled }

    /// `READY=1` + `STATUS=`: call once the watch is armed, recovery is done and the first
    /// scan is queued (after `InboxDaemon.start()` returns), and again after a reload.
    public func ready(status: String) {
        lock.withLock {
            noteSent(status)
            notifier.ready(status: status)
        }
    }

    /// Updates `STATUS=`: sent at once if the line changed and a second has passed since the
    /// last one, otherwise kept and sent when the second is up (so the last state always shows).
    public func status(_ line: String) {
        lock.withLock {
            guard line != lastStatus else {
                pendingStatus = nil
                return
            }
            let now = SystemdNotifier.monotonicNanos()
            if lastStatus == nil || now &- lastStatusAt >= statusIntervalNanos {
                noteSent(line)
                notifier.status(line)
                return
            }
            pendingStatus = line
            guard !flushScheduled else { return }
            flushScheduled = true
            let wait = statusIntervalNanos &- (now &- lastStatusAt)
            queue.asyncAfter(deadline: .now() + .nanoseconds(Int(clamping: wait))) { [weak self] in
                self?.flushStatus()
            }
        }
    }

    private func flushStatus() {
        lock.withLock {
            flushScheduled = false
            guard let line = pendingStatus else { return }
            pendingStatus = nil
            guard line != lastStatus else { return }
            noteSent(line)
            notifier.status(line)
        }
    }

    /// Call with `lock` held.
    private func noteSent(_ line: String) {
        lastStatus = line
        lastStatusAt = SystemdNotifier.monotonicNanos()
        pendingStatus = nil
    }

    /// SIGHUP, step 1: `RELOADING=1` + `MONOTONIC_USEC=` + `STATUS=Reloading configuration`.
    /// Then reload, then call ``ready(status:)`` (also when the reload failed: the old
    /// configuration stays in force; say so in the status line).
    public func reloading() {
        lock.withLock {
            notifier.reloading(status: "Reloading configuration")
            lastStatus = "Reloading configuration"
        }
    }

    /// SIGTERM: `STOPPING=1` (+ `STATUS=`) and stop the watchdog pings.
    public func stopping(status: String = "Stopping: finishing the files in hand") {
        watchdogCancel()
        lock.withLock {
            noteSent(status)
            notifier.stopping(status: status)
        }
    }

    /// A fatal error, just before exiting non-zero: `STATUS=Failed: <reason>` + `ERRNO=`.
    /// Use an errno-style number (`EX_CONFIG`-type exits: `EINVAL`; database: `EIO`; …).
    public func failure(errno: Int32, reason: String) {
        watchdogCancel()
        lock.withLock {
            _ = notifier.failure(errno: errno, reason: reason)
        }
    }

    /// Starts WATCHDOG=1 pings if the unit has `WatchdogSec=`; returns the interval in µs or nil.
    /// `probe` should be cheap; it runs every half interval on the watchdog's queue.
    @discardableResult
    public func startWatchdog(stallLimitNanos: UInt64 = 120_000_000_000, logger: Logger? = nil,
                              probe: @escaping @Sendable () -> PipelineProgress?) -> UInt64? {
        let started = SystemdWatchdog.startIfEnabled(stallLimitNanos: stallLimitNanos, notifier: notifier,
                                                     logger: logger, probe: probe)
        lock.withLock {
            watchdog?.cancel()
            watchdog = started
        }
        return started?.intervalUsec
    }

    private func watchdogCancel() {
        let current = lock.withLock { () -> SystemdWatchdog? in
            defer { watchdog = nil }
            return watchdog
        }
        current?.cancel()
    }
}
