import Foundation
import Logging

#if canImport(Glibc)
import Glibc
#endif

/// Readable log lines on stderr, for a terminal or a file (when stderr is not the journal):
/// `2026-11-23 11:24:37.123 info gongkaid: report accepted [destination=accepted/a.txt event=accepted file=a.txt …]`
/// (the same ``LogRecord/text`` the journal handler sends as MESSAGE). Each entry is
/// written with one write(2), so lines from several threads do not interleave.
public struct StderrLogHandler: RecordLogHandler {
    public enum Style: Sendable {
        /// Timestamp, level, label, message, metadata.
        case readable
        /// `<N>`, message and metadata (journald adds the time).
        case journalStream
    }

    public let label: String
    public let style: Style
    public let fd: Int32
    public var base: LogHandlerBase

    public init(
        label: String, style: Style = .readable, fd: Int32 = 2,
        levelControl: LogLevelControl = LogLevelControl(.info),
        metadataProvider: Logger.MetadataProvider? = nil
    ) {
        self.label = label
        self.style = style
        self.fd = fd
        self.base = LogHandlerBase(levelControl: levelControl, metadataProvider: metadataProvider)
    }

    public func write(_ record: LogRecord) {
        switch style {
        case .readable:
            Self.write("\(Self.timestamp()) \(record.level) \(label): \(record.streamText)", fd: fd)
        case .journalStream:
            Self.write(record.journalStreamLine, fd: fd)
        }
    }

    /// Local time with milliseconds, `YYYY-MM-DD HH:MM:SS.mmm`.
    static func timestamp() -> String {
        var ts = timespec()
        clock_gettime(CLOCK_REALTIME, &ts)
        var seconds = ts.tv_sec
        var parts = tm()
        localtime_r(&seconds, &parts)
        func two(_ n: Int32) -> String { n < 10 ? "0\(n)" : "\(n)" }
        let ms = Int(ts.tv_nsec / 1_000_000)
        let msText = ms < 10 ? "00\(ms)" : ms < 100 ? "0\(ms)" : "\(ms)"
        return "\(parts.tm_year + 1900)-\(two(parts.tm_mon + 1))-\(two(parts.tm_mday)) "
            + "\(two(parts.tm_hour)):\(two(parts.tm_min)):\(two(parts.tm_sec)).\(msText)"
    }

    /// Writes `line` plus a newline with as few write(2) calls as possible.
    static func write(_ line: String, fd: Int32) {
        var bytes = Array(line.utf8)
        bytes.append(0x0A)
        bytes.withUnsafeBytes { raw in
            guard let base = raw.baseAddress else { return }
            var offset = 0
            while offset < raw.count {
                let n = Glibc.write(fd, base + offset, raw.count - offset)
                if n > 0 { offset += n } else if n < 0 && errno == EINTR { continue } else { return }
            }
        }
    }
}

/// Chooses and installs the daemon's log handler.
public enum SystemdLogging {
    public enum Target: String, Sendable, CaseIterable {
        /// The journal if stderr is the journal (JOURNAL_STREAM matches fd 2), else stderr.
        case automatic = "auto"
        /// journald's native protocol.
        case journal
        /// Readable lines on stderr.
        case stderr
    }

    /// Resolves ``Target/automatic`` against this process's stderr.
    public static func resolve(_ target: Target, stderrIsJournal: Bool = JournalStream.stderrIsJournal()) -> Target {
        switch target {
        case .automatic: stderrIsJournal ? .journal : .stderr
        case .journal, .stderr: target
        }
    }

    /// A handler for `label` writing to the resolved `target`.
    public static func makeHandler(
        label: String, identifier: String, target: Target,
        levelControl: LogLevelControl
    ) -> any LogHandler {
        switch resolve(target) {
        case .journal:
            JournalLogHandler(label: label, identifier: identifier, levelControl: levelControl)
        case .stderr, .automatic:
            StderrLogHandler(label: label, levelControl: levelControl)
        }
    }

    /// Calls `LoggingSystem.bootstrap` (once per process) with handlers for `target` sharing
    /// `levelControl`. Returns the resolved target (`.journal` or `.stderr`).
    @discardableResult
    public static func bootstrap(
        identifier: String = "gongkaid", target: Target = .automatic,
        levelControl: LogLevelControl
    ) -> Target {
        let resolved = resolve(target)
        LoggingSystem.bootstrap { label in
            makeHandler(label: label, identifier: identifier, target: resolved, levelControl: levelControl)
        }
        return resolved
    }
}
