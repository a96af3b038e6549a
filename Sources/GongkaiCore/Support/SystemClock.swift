#if canImport(Glibc)
import Glibc
#endif

/// The two clocks the daemon reads: monotonic for durations and deadlines, wall for the
/// times it records.
public enum SystemClock {
    /// Monotonic clock in nanoseconds.
    public static func monotonicNanos() -> UInt64 {
        var ts = timespec()
        clock_gettime(CLOCK_MONOTONIC, &ts)
        return UInt64(ts.tv_sec) * 1_000_000_000 + UInt64(ts.tv_nsec)
    }

    /// Wall clock in nanoseconds since the epoch.
    public static func wallNanos() -> Int64 {
        var ts = timespec()
        clock_gettime(CLOCK_REALTIME, &ts)
        return Int64(ts.tv_sec) * 1_000_000_000 + Int64(ts.tv_nsec)
    }
}
