#if canImport(Glibc)
import Glibc
#endif

/// ISO 8601 UTC timestamps with milliseconds ("2026-11-23T10:59:01.123Z"), the form
/// stored in the database: sortable as text and readable by clerks and SQL alike.
public enum Timestamp {
    public static func now() -> String { format(nanos: SystemClock.wallNanos()) }

    public static func format(nanos: Int64) -> String {
        var seconds = time_t(nanos / 1_000_000_000)
        let millis = Int((nanos / 1_000_000) % 1000)
        var parts = tm()
        gmtime_r(&seconds, &parts)
        func pad(_ n: Int32, _ width: Int) -> String {
            let s = String(n)
            return String(repeating: "0", count: max(0, width - s.count)) + s
        }
        return "\(pad(parts.tm_year + 1900, 4))-\(pad(parts.tm_mon + 1, 2))-\(pad(parts.tm_mday, 2))T"
            + "\(pad(parts.tm_hour, 2)):\(pad(parts.tm_min, 2)):\(pad(parts.tm_sec, 2)).\(pad(Int32(millis), 3))Z"
    }
}
