import GongkaiCore
import GongkaiReport

/// Everything the inbox pipeline can be told. The executable fills it from options and
/// an optional config file; tests fill it directly.
public struct InboxConfiguration: Sendable {
    /// The data root holding `inbox/`, `work/`, `accepted/` and `rejected/`.
    public var root: String
    /// The policy verdicts are given under.
    public var policy: Policy = .standard
    /// Files larger than this are rejected without being read.
    public var maxBytes: Int64 = 20 * 1024 * 1024
    /// Quiet period after IN_CLOSE_WRITE (IN_MODIFY restarts it), in milliseconds.
    public var settleMilliseconds: Int = 200
    /// For files seen without a close (IN_CREATE only, or found by a scan): how old their
    /// modification time must be, in milliseconds.
    public var settleNoCloseMilliseconds: Int = 3000
    /// How long an empty file may stay empty before it is rejected, in milliseconds.
    public var emptyGraceMilliseconds: Int = 30_000
    /// How long an empty file whose writer has not closed it yet (IN_CREATE without
    /// IN_CLOSE_WRITE) is left alone before it is judged anyway, in milliseconds: a slow
    /// upload that has not written its first byte is not an empty file.
    public var emptyOpenCapMilliseconds: Int = 600_000
    /// Time budget of one file's read and evaluation, in seconds. An evaluation still
    /// running after it is abandoned and its file rejected (FILE_OVER_BUDGET), so one
    /// pathological file cannot stall the inbox or trip the watchdog.
    public var evaluationBudgetSeconds: Double = 120
    /// The executable that reads PDF, DOCX and HTML files in a child process (see
    /// ``ReaderProcess``): the daemon passes `/proc/self/exe`. nil reads them in this
    /// process (unit tests, tools).
    public var readerExecutable: String?
    /// Wall-clock deadline of one child read, in seconds.
    public var readerDeadlineSeconds: Double = 60
    /// The safety rescan period, in seconds (0 turns it off).
    public var rescanSeconds: Double = 60
    /// Poll the inbox instead of using inotify (forced, or chosen for network filesystems).
    public var forcePoll: Bool = false
    /// Scan period in poll mode (and when the inbox is missing), in milliseconds.
    public var pollMilliseconds: Int = 1000
    /// Parallel parse+validate workers (default: one per core).
    public var workers: Int = 2
    /// Claimed files not yet stored and moved, at most (bounds memory during a burst).
    public var maxInFlight: Int = 256
    /// Reports stored per transaction, at most, when a backlog builds.
    public var maxBatch: Int = 256
    /// Keep `ROOT/report.html` current (see ``ReportPageRefresher``).
    public var reportPage: Bool = true

    public init(root: String) {
        self.root = root
    }

    var settleNanos: UInt64 { UInt64(max(0, settleMilliseconds)) * 1_000_000 }
    var settleNoCloseNanos: UInt64 { UInt64(max(0, settleNoCloseMilliseconds)) * 1_000_000 }
    var emptyGraceNanos: UInt64 { UInt64(max(0, emptyGraceMilliseconds)) * 1_000_000 }
    var emptyOpenCapNanos: UInt64 { UInt64(max(0, emptyOpenCapMilliseconds)) * 1_000_000 }
    var evaluationBudgetNanos: UInt64 { UInt64(max(0.001, evaluationBudgetSeconds) * 1e9) }
}
