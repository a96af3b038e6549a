import GongkaiCore

/// Keeps a failure that repeats from flooding the journal: the first occurrence of a
/// problem is logged at once, repeats of the same problem at most once per interval, with
/// the number of attempts in between.
///
/// A full disk makes every move and commit fail every few hundred milliseconds; the
/// operator needs one line saying so (and one when it stops), not hundreds. Not
/// thread-safe: each owner keeps its own, on its own queue.
struct LogThrottle {
    let interval: UInt64
    private var last: [String: (at: UInt64, suppressed: Int)] = [:]

    init(intervalNanos: UInt64 = 30_000_000_000) {
        interval = intervalNanos
    }

    /// Whether to log the problem `key` now; if so, how many repeats were not logged since.
    mutating func admit(_ key: String, now: UInt64) -> (log: Bool, suppressed: Int) {
        guard let seen = last[key] else {
            last[key] = (now, 0)
            return (true, 0)
        }
        if now &- seen.at >= interval {
            last[key] = (now, 0)
            return (true, seen.suppressed)
        }
        last[key] = (seen.at, seen.suppressed + 1)
        return (false, 0)
    }

    /// The problem is over: the next occurrence is logged at once again. Returns whether it
    /// had been seen (so the caller can log that it cleared).
    @discardableResult
    mutating func clear(_ key: String) -> Bool {
        last.removeValue(forKey: key) != nil
    }

    /// Forgets every problem whose key starts with `prefix`.
    mutating func clear(prefix: String) {
        last = last.filter { !$0.key.hasPrefix(prefix) }
    }
}
