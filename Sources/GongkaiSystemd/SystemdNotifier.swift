import CSystemd

#if canImport(Glibc)
import Glibc
#endif

/// One sd_notify datagram: `KEY=value` assignments separated by newlines
/// (see `sd_notify(3)`). Built here so the exact wire text is testable.
public struct NotifyMessage: Sendable, Equatable, CustomStringConvertible {
    public struct Assignment: Sendable, Equatable {
        public var key: String
        public var value: String
        public init(_ key: String, _ value: String) {
            self.key = key
            self.value = value
        }
    }

    public var assignments: [Assignment]

    public init(_ assignments: [Assignment]) {
        self.assignments = assignments
    }

    /// The datagram payload, e.g. `READY=1\nSTATUS=watching …`.
    public var text: String {
        assignments.map { "\($0.key)=\($0.value)" }.joined(separator: "\n")
    }

    public var description: String { text }

    /// `READY=1`, with an optional `STATUS=` in the same datagram (so `systemctl status`
    /// never shows a stale "starting" line after start-up).
    public static func ready(status: String? = nil) -> NotifyMessage {
        NotifyMessage([Assignment("READY", "1")] + statusAssignment(status))
    }

    /// `STATUS=` alone: one human line (newlines become spaces).
    public static func status(_ line: String) -> NotifyMessage {
        NotifyMessage(statusAssignment(line))
    }

    /// `WATCHDOG=1`: "still alive and making progress".
    public static let watchdog = NotifyMessage([Assignment("WATCHDOG", "1")])

    /// `WATCHDOG=trigger`: make systemd run the watchdog action now (an invariant broke).
    public static let watchdogTrigger = NotifyMessage([Assignment("WATCHDOG", "trigger")])

    /// `RELOADING=1` + `MONOTONIC_USEC=` (CLOCK_MONOTONIC, µs; required by Type=notify-reload
    /// from systemd 253, ignored by 252) + optional `STATUS=`. Must be followed by ``ready(status:)``.
    public static func reloading(monotonicUsec: UInt64, status: String? = "Reloading configuration") -> NotifyMessage {
        NotifyMessage(
            [Assignment("RELOADING", "1"), Assignment("MONOTONIC_USEC", String(monotonicUsec))]
                + statusAssignment(status))
    }

    /// `STOPPING=1` + optional `STATUS=`.
    public static func stopping(status: String? = nil) -> NotifyMessage {
        NotifyMessage([Assignment("STOPPING", "1")] + statusAssignment(status))
    }

    /// A fatal error: `STATUS=Failed: <reason>` and `ERRNO=<n>`, sent before exiting non-zero.
    public static func failure(errno: Int32, reason: String) -> NotifyMessage {
        NotifyMessage(statusAssignment("Failed: " + reason) + [Assignment("ERRNO", String(errno))])
    }

    /// `EXTEND_TIMEOUT_USEC=`: ask for more time during a slow start-up or stop step.
    public static func extendTimeout(usec: UInt64) -> NotifyMessage {
        NotifyMessage([Assignment("EXTEND_TIMEOUT_USEC", String(usec))])
    }

    private static func statusAssignment(_ line: String?) -> [Assignment] {
        guard let line else { return [] }
        return [Assignment("STATUS", statusLine(line))]
    }

    /// Longest STATUS= value sent, in UTF-8 bytes (systemd keeps far more; a status line is for humans).
    public static let maxStatusBytes = 1024

    /// Makes `line` a valid STATUS= value: one line (CR, LF and TAB become spaces, NUL is
    /// dropped), at most ``maxStatusBytes`` UTF-8 bytes, cut on a character boundary with "…".
    public static func statusLine(_ line: String) -> String {
        var out = ""
        var bytes = 0
        for ch in line {
            let piece: String
            switch ch {
            case "\n", "\r", "\r\n", "\t": piece = " "
            case "\0": continue
            default: piece = String(ch)
            }
            let n = piece.utf8.count
            if bytes + n > maxStatusBytes - 3 {
                out += "…"
                break
            }
            out += piece
            bytes += n
        }
        return out
    }
}

/// Sends notifications to the service manager with libsystemd's `sd_notify(3)`.
///
/// Every call is a no-op when `NOTIFY_SOCKET` is unset (not started by systemd, or
/// `Type=` is not notify), so the daemon can call it unconditionally.
public struct SystemdNotifier: Sendable {
    public init() {}

    /// Whether a service manager listens (`NOTIFY_SOCKET` is set).
    public var isEnabled: Bool {
        getenv("NOTIFY_SOCKET") != nil
    }

    /// Sends one datagram. Returns sd_notify's result: > 0 sent, 0 no NOTIFY_SOCKET, < 0 -errno.
    @discardableResult
    public func send(_ message: NotifyMessage) -> Int32 {
        let text = message.text
        guard !text.utf8.contains(0) else { return -EINVAL }
        return sd_notify(0, text)
    }

    @discardableResult public func ready(status: String? = nil) -> Int32 { send(.ready(status: status)) }
    @discardableResult public func status(_ line: String) -> Int32 { send(.status(line)) }
    @discardableResult public func watchdog() -> Int32 { send(.watchdog) }
    @discardableResult public func watchdogTrigger() -> Int32 { send(.watchdogTrigger) }
    @discardableResult public func stopping(status: String? = nil) -> Int32 { send(.stopping(status: status)) }
    @discardableResult public func failure(errno: Int32, reason: String) -> Int32 { send(.failure(errno: errno, reason: reason)) }
    @discardableResult public func extendTimeout(usec: UInt64) -> Int32 { send(.extendTimeout(usec: usec)) }
    @discardableResult
    public func reloading(status: String? = "Reloading configuration") -> Int32 {
        send(.reloading(monotonicUsec: Self.monotonicUsec(), status: status))
    }

    /// The watchdog interval (`WATCHDOG_USEC`) in µs when systemd expects pings from this
    /// process (`sd_watchdog_enabled(3)` also checks `WATCHDOG_PID`); nil otherwise.
    public static func watchdogIntervalUsec() -> UInt64? {
        var usec: UInt64 = 0
        guard sd_watchdog_enabled(0, &usec) > 0, usec > 0 else { return nil }
        return usec
    }

    /// CLOCK_MONOTONIC in µs, the clock systemd's `MONOTONIC_USEC=` refers to.
    public static func monotonicUsec() -> UInt64 {
        var ts = timespec()
        clock_gettime(CLOCK_MONOTONIC, &ts)
        return UInt64(ts.tv_sec) * 1_000_000 + UInt64(ts.tv_nsec) / 1000
    }

    /// CLOCK_MONOTONIC in ns.
    public static func monotonicNanos() -> UInt64 {
        var ts = timespec()
        clock_gettime(CLOCK_MONOTONIC, &ts)
        return UInt64(ts.tv_sec) * 1_000_000_000 + UInt64(ts.tv_nsec)
    }
}
