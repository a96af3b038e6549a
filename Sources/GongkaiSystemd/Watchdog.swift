@preconcurrency import Dispatch
import GongkaiCore
import Logging

/// What the watchdog needs to know about the pipeline at one instant.
public struct PipelineProgress: Sendable, Equatable {
    /// Files finished since start (accepted + rejected); any increase is progress.
    public var completed: Int
    /// Files claimed and not yet finished (in flight). Zero means idle.
    public var pending: Int

    public init(completed: Int, pending: Int) {
        self.completed = completed
        self.pending = pending
    }
}

/// Decides whether the pipeline deserves a `WATCHDOG=1`: yes while it is idle or making
/// progress; no once work has been pending for longer than `stallLimit` with nothing
/// finished, so a stuck pipeline lets systemd's watchdog fire (and restart it; recovery
/// then redoes the interrupted step).
public struct ProgressGate: Sendable {
    public let stallLimitNanos: UInt64
    private var lastCompleted: Int?
    private var lastProgressAt: UInt64 = 0
    private var wasIdle = true

    public init(stallLimitNanos: UInt64) {
        self.stallLimitNanos = stallLimitNanos
    }

    /// Feeds one observation; returns whether to ping.
    public mutating func isHealthy(_ progress: PipelineProgress, now: UInt64) -> Bool {
        defer { lastCompleted = progress.completed }
        if progress.pending <= 0 {
            wasIdle = true
            lastProgressAt = now
            return true
        }
        if wasIdle || lastCompleted != progress.completed {
            // Work just started, or something finished since the last look.
            wasIdle = false
            lastProgressAt = now
            return true
        }
        return now &- lastProgressAt <= stallLimitNanos
    }

    /// How long the pipeline has been without progress while busy, in ns (0 when idle).
    public func stalledFor(now: UInt64) -> UInt64 {
        wasIdle ? 0 : now &- lastProgressAt
    }
}

/// Sends `WATCHDOG=1` every half of `WATCHDOG_USEC`, but only while ``ProgressGate`` says
/// the pipeline is healthy. The probe runs on the watchdog's own queue; if the probe itself
/// blocks (a deadlocked control queue), no ping is sent and the watchdog fires, as it should.
public final class SystemdWatchdog: @unchecked Sendable {
    // @unchecked: the `var`s (`gate`, `withholding`, `timer`) are only touched on `queue`:
    // in `queue.async`/`queue.sync` blocks and in `tick()`, the timer's handler on `queue`,
    // which checks it in debug builds. Everything else is an immutable `let` of a Sendable
    // type (the logger, the notifier, the `@Sendable` probe).
    public let intervalUsec: UInt64
    private let notifier: SystemdNotifier
    private let logger: Logger?
    private let probe: @Sendable () -> PipelineProgress?
    private let queue = DispatchQueue(label: "gongkaid.watchdog")
    private var gate: ProgressGate
    private var withholding = false
    private var timer: DispatchSourceTimer?

    /// - Parameters:
    ///   - intervalUsec: `WATCHDOG_USEC` (see ``SystemdNotifier/watchdogIntervalUsec()``).
    ///   - stallLimitNanos: how long work may be pending without any file finishing.
    ///   - probe: the pipeline's state; nil means "unhealthy" (e.g. an invariant broke).
    public init(
        intervalUsec: UInt64, stallLimitNanos: UInt64, notifier: SystemdNotifier = SystemdNotifier(),
        logger: Logger? = nil, probe: @escaping @Sendable () -> PipelineProgress?
    ) {
        self.intervalUsec = intervalUsec
        self.notifier = notifier
        self.logger = logger
        self.probe = probe
        self.gate = ProgressGate(stallLimitNanos: stallLimitNanos)
    }

    /// Starts the watchdog if systemd asked for one (`WATCHDOG_USEC` set for this pid).
    /// Returns nil when it did not.
    public static func startIfEnabled(
        stallLimitNanos: UInt64, notifier: SystemdNotifier = SystemdNotifier(),
        logger: Logger? = nil,
        probe: @escaping @Sendable () -> PipelineProgress?
    ) -> SystemdWatchdog? {
        guard let usec = SystemdNotifier.watchdogIntervalUsec() else { return nil }
        let watchdog = SystemdWatchdog(
            intervalUsec: usec, stallLimitNanos: stallLimitNanos,
            notifier: notifier, logger: logger, probe: probe)
        watchdog.start()
        return watchdog
    }

    /// The ping period: half the interval (at least 10 ms).
    public var periodNanos: UInt64 { max(intervalUsec * 500, 10_000_000) }

    /// Pings once now (if healthy), then every half interval.
    public func start() {
        queue.async {
            guard self.timer == nil else { return }
            let timer = DispatchSource.makeTimerSource(queue: self.queue)
            let period = DispatchTimeInterval.nanoseconds(Int(clamping: self.periodNanos))
            timer.schedule(deadline: .now(), repeating: period, leeway: .milliseconds(10))
            timer.setEventHandler { [weak self] in self?.tick() }
            timer.resume()
            self.timer = timer
        }
    }

    /// Stops pinging (on stop: the unit's TimeoutStopSec governs from here).
    public func cancel() {
        #if DEBUG
        dispatchPrecondition(condition: .notOnQueue(queue))
        #endif
        queue.sync {
            timer?.cancel()
            timer = nil
        }
    }

    private func tick() {
        #if DEBUG
        dispatchPrecondition(condition: .onQueue(queue))
        #endif
        let now = SystemdNotifier.monotonicNanos()
        let healthy: Bool
        if let progress = probe() {
            healthy = gate.isHealthy(progress, now: now)
            if !healthy && !withholding {
                logger?.critical(
                    "pipeline stalled; withholding WATCHDOG=1 so systemd restarts the daemon",
                    metadata: [
                        LogKey.event: "\(GongkaiEvent.watchdogWithheld)", LogKey.count: "\(progress.pending)",
                        LogKey.seconds: "\(gate.stalledFor(now: now) / 1_000_000_000)",
                    ])
            }
        } else {
            healthy = false
            if !withholding {
                logger?.critical(
                    "pipeline unhealthy; withholding WATCHDOG=1 so systemd restarts the daemon",
                    metadata: [LogKey.event: "\(GongkaiEvent.watchdogWithheld)"])
            }
        }
        if healthy {
            if withholding {
                logger?.notice("pipeline moving again; resuming WATCHDOG=1", metadata: [LogKey.event: "\(GongkaiEvent.watchdogResumed)"])
            }
            notifier.watchdog()
        }
        withholding = !healthy
    }
}
