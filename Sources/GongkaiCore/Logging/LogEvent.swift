/// The kinds of log event an operator filters on. Each has a fixed 128-bit journald
/// `MESSAGE_ID` (generated once, never to be changed), so
/// `journalctl -u gongkaid MESSAGE_ID=6ced99c0722d44bbbba6072884e6a1fc` lists every rejection
/// whatever the wording of the message.
///
/// Attach one to a log call with the ``LogKey/event`` metadata key. The daemon's messages
/// are constant ("report rejected", "inbox lost; watching it again"); what varies goes in
/// metadata under ``LogKey`` names:
///
///     logger.warning("inbox lost; watching it again", metadata: [
///         LogKey.event: "\(GongkaiEvent.inboxLost)", LogKey.path: .string(path),
///     ])
///
/// New events get a new random ID (`python3 -c 'import uuid;print(uuid.uuid4().hex)'`) and a
/// row in docs/operations.md.
public enum GongkaiEvent: String, CaseIterable, Sendable, CustomStringConvertible {
    /// The daemon is ready (watch armed, recovery done, first scan queued).
    case start
    /// The daemon stopped cleanly.
    case stop
    /// A stop signal came: nothing new is claimed and the files in hand are finished.
    case stopping
    /// The configuration was reloaded (SIGHUP), successfully or not.
    case reload
    /// A report was accepted.
    case accepted
    /// A file was rejected (other than a duplicate).
    case rejected
    /// A file was rejected as a duplicate of an accepted report.
    case duplicate
    /// The kernel's inotify queue overflowed: events were lost and a full rescan follows.
    case overflow
    /// The inbox folder was deleted, moved or replaced: it is watched again and rescanned.
    case inboxLost = "inbox_lost"
    /// The inbox folder is missing or unusable; the daemon waits for it to come back.
    case inboxMissing = "inbox_missing"
    /// The inbox folder is usable again after it was missing.
    case inboxBack = "inbox_back"
    /// The inbox is polled instead of watched with inotify (forced, a network file system,
    /// or inotify unavailable).
    case polling
    /// The daemon exits on an unrecoverable error, or a stop was cut short.
    case failed
    /// A database commit failed; the files stay claimed and are retried.
    case storeFailed = "store_failed"
    /// Database writes work again after failures.
    case storeRecovered = "store_recovered"
    /// The database connection was reopened after repeated failures.
    case storeReopened = "store_reopened"
    /// A decided file could not be moved to its folder; it stays claimed and is retried.
    case moveFailed = "move_failed"
    /// Moves work again after failures.
    case moveRecovered = "move_recovered"
    /// Start-up recovery found a step a stop or crash interrupted (a move, a claim) and
    /// finished it, redoes it, or leaves it for the operator.
    case recovered
    /// An evaluation ran past its time budget and the file was rejected (and, later, the
    /// abandoned evaluation returned and its result was dropped).
    case overBudget = "over_budget"
    /// A file could not be claimed yet; it stays in the inbox and is retried.
    case claimFailed = "claim_failed"
    /// A report's arrival made cross-year findings on a stored neighbour year of its agency.
    case crossYear = "cross_year"
    /// `ROOT/report.html` was written again after reports were stored.
    case reportPage = "report_page"
    /// `ROOT/report.html` could not be written (the reports themselves are stored).
    case reportPageFailed = "report_page_failed"
    /// The pipeline is stalled (or its state unreadable): `WATCHDOG=1` is withheld so that
    /// systemd's watchdog restarts the daemon.
    case watchdogWithheld = "watchdog_withheld"
    /// The pipeline moves again: `WATCHDOG=1` is sent again.
    case watchdogResumed = "watchdog_resumed"

    /// The journald MESSAGE_ID: 32 lowercase hex digits.
    public var messageID: String {
        switch self {
        case .start: "f6865a2695384da1b95b982b6be55656"
        case .stop: "10e7f9391762468e86d291db0f312895"
        case .reload: "7b6ec0fde7db4f03bc25632432a53b1b"
        case .accepted: "b01b6f86d50f46ce9a78ab71d54ef3c8"
        case .rejected: "6ced99c0722d44bbbba6072884e6a1fc"
        case .duplicate: "0cc26243f6994e3cb06b51bb89b15993"
        case .overflow: "3f6da805f2424cf49d45bb111097e453"
        case .failed: "a9f5d9ca2ef94957848f42267c7cefa3"
        case .inboxLost: "685b1a4c95614af58b2a76317285efd5"
        case .inboxBack: "aec6684b6c5d4c87b1c7d67f22a9dec8"
        case .storeFailed: "4adbf72e558644a2adb71c603cd674cb"
        case .storeRecovered: "5befbc2a24e14b0ab5780b9d8810143b"
        case .storeReopened: "19aeea69808b4cd486d778b2863bc3d9"
        case .moveFailed: "57820a27725b420da689fd52fe2c0e7b"
        case .moveRecovered: "317fd8b524f748d2a4ba91aaa59e7364"
        case .recovered: "96251b2336b246588c728a59b6ecf666"
        case .overBudget: "b9460afc9b444e98a20e4b390071c034"
        case .claimFailed: "88c297bc39f64e5795d699fd76d6a05d"
        case .crossYear: "9e46535d57a842c797ad1119dccc5422"
        case .reportPage: "ec8f221fd3f74c2da1f6919915d2ff7f"
        case .reportPageFailed: "d4301f4fedf9442baf16f1604c282eaa"
        case .stopping: "198053b06b1844e78fad0d768a64d1e8"
        case .inboxMissing: "f8d77bcc1795495cad583709cde9a40c"
        case .polling: "c3ab94e84fff47c9821df864f84f065e"
        case .watchdogWithheld: "a53ede1fa1c6415a9ae9a1b0d83f8d60"
        case .watchdogResumed: "ef078a54c2b64a7b945e0526c82ff726"
        }
    }

    public var description: String { rawValue }
}

/// Metadata keys of the daemon's log records: one set for every module that logs and for
/// the journal handler. The journal handler turns every key `k` into the field
/// `GONGKAI_K` (uppercased, sanitised to `[A-Z0-9_]`): `GONGKAI_FILE`, `GONGKAI_SHA256`, …
public enum LogKey {
    /// The event kind (``GongkaiEvent``); also sets `MESSAGE_ID`.
    public static let event = "event"
    /// The uploaded file's name, verbatim.
    public static let file = "file"
    /// Full SHA-256 of the file, 64 hex digits.
    public static let sha256 = "sha256"
    /// `accepted` or `rejected`.
    public static let verdict = "verdict"
    public static let agency = "agency"
    public static let year = "year"
    public static let template = "template"
    /// Number of error findings.
    public static let errors = "errors"
    /// Number of warning findings.
    public static let warnings = "warnings"
    /// The codes of the error findings, comma-separated.
    public static let codes = "codes"
    /// The database id of the stored report.
    public static let reportID = "report_id"
    /// The report an accepted one replaces, or a duplicate repeats.
    public static let supersedes = "supersedes"
    public static let duplicateOf = "duplicate_of"
    /// The claim (folder under work/) the file was processed in.
    public static let claim = "claim"
    /// Wall time from claim to move, in milliseconds.
    public static let durationMs = "duration_ms"
    /// Codes of the cross-year findings a report got (comma-separated).
    public static let crossYear = "cross_year"
    /// The other report a record is about (the arriving report of a cross-year finding).
    public static let relatedReport = "related_report"
    /// Milliseconds a batch spent in the database commit, and in moves and marking done.
    public static let storeMs = "store_ms"
    public static let moveMs = "move_ms"
    /// The final path relative to the root (`accepted/NAME`).
    public static let destination = "destination"
    /// An errno value: sent as the standard journald field `ERRNO`.
    public static let errno = "errno"
    /// An error's description.
    public static let error = "error"
    /// The process id (of this daemon, or of another holding the root).
    public static let pid = "pid"
    /// A path the record is about (root, inbox, database).
    public static let path = "path"
    public static let root = "root"
    public static let database = "database"
    public static let policy = "policy"
    public static let workers = "workers"
    /// How many attempts or failures in a row.
    public static let attempts = "attempts"
    /// How many files wait (claimed, not yet stored).
    public static let waiting = "waiting"
    /// How many files, rows or names a record counts.
    public static let count = "count"
    /// Bytes written (a page).
    public static let bytes = "bytes"
    /// Which report sections of a page draw their tables (all, marked, none).
    public static let tables = "tables"
    /// Failures of the same kind not logged since the last record (throttling).
    public static let suppressed = "suppressed"
    /// Why something happened, in a few words.
    public static let reason = "reason"
    /// Seconds of a budget, a grace period or an interval.
    public static let seconds = "seconds"
    /// Whether a store error is worth retrying.
    public static let transient = "transient"
    /// A signal number (15 SIGTERM, 2 SIGINT, 1 SIGHUP).
    public static let signal = "signal"
    /// File names, comma-separated (a list cut short ends in `…`).
    public static let files = "files"
    /// How many interrupted moves start-up recovery finished.
    public static let moved = "moved"
    /// How many empty claim folders start-up recovery removed.
    public static let removed = "removed"
    /// A database row's state (`stored`, `done`).
    public static let state = "state"
    /// The quiet period after a close-write, in milliseconds.
    public static let settleMs = "settle_ms"
    /// The safety rescan period, in seconds (0: off).
    public static let rescanSeconds = "rescan_s"
    /// A period in milliseconds: the poll interval, the watchdog's ping interval.
    public static let intervalMs = "interval_ms"
    /// The one-line status (systemd's STATUS=).
    public static let status = "status"
}
