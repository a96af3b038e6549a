#if canImport(Glibc)
import Glibc
#endif
import Foundation
import Logging

/// A log level shared by all handlers made by ``SystemdLogging`` and changeable at run time
/// (e.g. on SIGHUP after the configuration's `logLevel` changed).
public final class LogLevelControl: @unchecked Sendable {
    // @unchecked: `value` is guarded by `lock`.
    private let lock = NSLock()
    private var value: Logger.Level

    public init(_ level: Logger.Level) {
        value = level
    }

    public var level: Logger.Level {
        get { lock.withLock { value } }
        set { lock.withLock { value = newValue } }
    }
}

/// Readable log lines on stderr, for a terminal or a file (when stderr is not the journal):
/// `2026-11-23 11:24:37.123 notice gongkaid: accepted a.txt → accepted/a.txt [file=a.txt verdict=accepted]`.
/// Each entry is written with one write(2), so lines from several threads do not interleave.
public struct StderrLogHandler: LogHandler {
    public enum Style: Sendable {
        /// Timestamp, level, label, message, metadata.
        case readable
        /// Message and metadata only (journald adds the time; callers add a `<N>` prefix).
        case journalStream
    }

    public let label: String
    public let style: Style
    public let fd: Int32
    public var metadata: Logger.Metadata = [:]
    public var metadataProvider: Logger.MetadataProvider?
    private let levelControl: LogLevelControl
    private var localLevel: Logger.Level?

    public init(label: String, style: Style = .readable, fd: Int32 = 2,
                levelControl: LogLevelControl = LogLevelControl(.info),
                metadataProvider: Logger.MetadataProvider? = nil) {
        self.label = label
        self.style = style
        self.fd = fd
        self.levelControl = levelControl
        self.metadataProvider = metadataProvider
    }

    public var logLevel: Logger.Level {
        get { localLevel ?? levelControl.level }
        set { localLevel = newValue }
    }

    public subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    public func log(event: LogEvent) {
        let merged = mergedMetadata(handler: metadata, provider: metadataProvider, event: event.metadata)
        var text = Self.render(message: event.message.description, metadata: merged, style: style)
        if let error = event.error { text += " (error: \(error))" }
        switch style {
        case .readable:
            Self.write("\(Self.timestamp()) \(event.level) \(label): \(text)", fd: fd)
        case .journalStream:
            Self.write("<\(JournalFields.priority(event.level))>\(text)", fd: fd)
        }
    }

    /// The message, then the metadata as ` [key=value …]` sorted by key. Continuation lines
    /// of multi-line messages and values are indented by four spaces.
    public static func render(message: String, metadata: Logger.Metadata, style: Style) -> String {
        var text = message
        if !metadata.isEmpty {
            let pairs = metadata.keys.sorted().compactMap { key in metadata[key].map { "\(key)=\($0)" } }
            text += " [" + pairs.joined(separator: " ") + "]"
        }
        return text.replacingOccurrences(of: "\n", with: "\n    ")
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
    public static func makeHandler(label: String, identifier: String, target: Target,
                                   levelControl: LogLevelControl) -> any LogHandler {
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
    public static func bootstrap(identifier: String = "gongkaid", target: Target = .automatic,
                                 levelControl: LogLevelControl) -> Target {
        let resolved = resolve(target)
        LoggingSystem.bootstrap { label in
            makeHandler(label: label, identifier: identifier, target: resolved, levelControl: levelControl)
        }
        return resolved
    }
}
