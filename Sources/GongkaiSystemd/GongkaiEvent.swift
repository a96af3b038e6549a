import Logging

/// The kinds of log event an operator filters on. Each has a fixed 128-bit journald
/// `MESSAGE_ID` (generated once, never to be changed), so
/// `journalctl -u gongkaid MESSAGE_ID=6ced99c0722d44bbbba6072884e6a1fc` lists every rejection
/// whatever the wording of the message.
///
/// Attach one to a log call with the ``GongkaiLogKey/event`` metadata key:
/// `logger.info("…", metadata: [GongkaiLogKey.event: "\(GongkaiEvent.accepted)"])`.
public enum GongkaiEvent: String, CaseIterable, Sendable, CustomStringConvertible {
    /// The daemon is ready (watch armed, recovery done, first scan queued).
    case start
    /// The daemon stopped cleanly.
    case stop
    /// The configuration was reloaded (SIGHUP), successfully or not.
    case reload
    /// A report was accepted.
    case accepted
    /// A file was rejected (other than a duplicate).
    case rejected
    /// A file was rejected as a duplicate of an accepted report.
    case duplicate
    /// inotify overflowed or the watch was lost: a full rescan follows.
    case overflow
    /// The daemon exits on an unrecoverable error.
    case failed

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
        }
    }

    public var description: String { rawValue }

    /// The event named by a metadata value (`"accepted"`, …), if any.
    public init?(metadataValue: Logger.Metadata.Value) {
        self.init(rawValue: "\(metadataValue)")
    }
}

/// Metadata keys the daemon uses. The journal handler turns every metadata key `k` into the
/// field `GONGKAI_K` (uppercased, sanitised to `[A-Z0-9_]`), so these become `GONGKAI_FILE`,
/// `GONGKAI_SHA256`, … Plain strings work as well (GongkaiInbox does not import this module):
/// `"file"`, `"sha256"`, `"report_id"`, `"duration_ms"`.
public enum GongkaiLogKey {
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
    /// Number of error findings (or their codes).
    public static let errors = "errors"
    /// Number of warning findings.
    public static let warnings = "warnings"
    /// The database id of the stored report.
    public static let reportID = "report_id"
    /// Wall time from claim to move, in milliseconds.
    public static let durationMs = "duration_ms"
    /// The final path relative to the root (`accepted/NAME`).
    public static let destination = "destination"
    /// An errno value: sent as the standard journald field `ERRNO`.
    public static let errno = "errno"
}
