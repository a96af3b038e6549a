import GongkaiCore
import Testing

@testable import GongkaiInbox

/// A failure repeating every few hundred milliseconds is logged once per interval.
struct LogThrottleTests {
    static let second: UInt64 = 1_000_000_000

    @Test func repeatsWithinTheIntervalAreCountedNotLogged() {
        var throttle = LogThrottle(intervalNanos: 30 * Self.second)
        var logged = 0
        var reportedSuppressed = 0
        // A move retried every 200 ms for 20 s (the field report: 525 lines in 20 s).
        for step in 0..<100 {
            let admitted = throttle.admit("move 28", now: UInt64(step) * Self.second / 5)
            if admitted.log {
                logged += 1
                reportedSuppressed += admitted.suppressed
            }
        }
        #expect(logged == 1)
        let later = throttle.admit("move 28", now: 31 * Self.second)
        #expect(later.log && later.suppressed == 99)
        #expect(reportedSuppressed == 0)
    }

    @Test func distinctProblemsAndClearedOnesAreLoggedAtOnce() {
        var throttle = LogThrottle(intervalNanos: 30 * Self.second)
        let first = throttle.admit("commit", now: 0).log
        let other = throttle.admit("move 28", now: 1).log
        let repeated = throttle.admit("commit", now: 2).log
        let cleared = throttle.clear("commit")
        let clearedAgain = throttle.clear("commit")
        let afterClear = throttle.admit("commit", now: 3).log
        throttle.clear(prefix: "move ")
        let afterPrefixClear = throttle.admit("move 28", now: 4).log
        #expect(first && other && !repeated)
        #expect(cleared && !clearedAgain)
        #expect(afterClear && afterPrefixClear)
    }
}
