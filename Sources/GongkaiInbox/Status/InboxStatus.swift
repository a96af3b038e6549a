import GongkaiCore

/// A snapshot of what the daemon is doing, for a status line (systemd STATUS=, a CLI).
///
/// Published through ``InboxDaemon/statusHandler`` at most once a second, and readable
/// at any time with ``InboxDaemon/status()``.
public struct InboxStatus: Sendable, Equatable {
    /// "inotify", or "polling (…reason…)".
    public var mode: String = "starting"
    public var inboxPath: String = ""
    public var accepted: Int = 0
    public var rejected: Int = 0
    /// Names seen in the inbox and not yet finished (settling, queued or being processed).
    public var backlog: Int = 0
    /// Files claimed and not yet stored and moved.
    public var inFlight: Int = 0
    public var lastFile: String?
    public var lastVerdict: Verdict?
    /// inotify queue overflows since start.
    public var overflows: Int = 0
    public var inboxMissing: Bool = false
    /// A persistent fault the daemon is riding out (database writes failing, …), shown first.
    public var fault: String?

    public init() {}

    /// One human line, e.g.
    /// `watching /srv/gongkai/inbox (inotify) · 1203 accepted · 17 rejected · backlog 0 · last: 某局2023年报.txt accepted`.
    public var line: String {
        var parts = [
            inboxMissing ? "inbox missing: \(inboxPath) (\(mode))" : "watching \(inboxPath) (\(mode))",
            "\(accepted) accepted", "\(rejected) rejected", "backlog \(backlog)",
        ]
        if overflows > 0 { parts.append("\(overflows) overflows") }
        if let fault { parts.insert("FAULT: \(fault), files stay claimed and are retried", at: 0) }
        if let lastFile, let lastVerdict { parts.append("last: \(lastFile) \(lastVerdict.rawValue)") }
        return parts.joined(separator: " · ")
    }
}
