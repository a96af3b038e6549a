import GongkaiCore
import Logging
import Synchronization

/// A log level shared by all handlers made by ``SystemdLogging`` and changeable at run time
/// (e.g. on SIGHUP after the configuration's `logLevel` changed).
public final class LogLevelControl: Sendable {
    private let value: Mutex<Logger.Level>

    public init(_ level: Logger.Level) {
        value = Mutex(level)
    }

    public var level: Logger.Level {
        get { value.withLock { $0 } }
        set { value.withLock { $0 = newValue } }
    }
}

/// One log call as the daemon's handlers see it: the level, the constant message, the
/// metadata merged the way swift-log's handlers do (the handler's, then the provider's, then
/// the call's; an `Error` passed to the call goes under ``LogKey/error`` unless the call set
/// that key) and where the call was made.
///
/// Both handlers print the same ``text``: the journal handler as MESSAGE (and every key
/// again as a `GONGKAI_*` field), the stderr handler as its line. So `journalctl -o cat`,
/// which shows MESSAGE only, reads like the daemon's stderr in a terminal.
public struct LogRecord: Sendable {
    public let level: Logger.Level
    public let message: String
    public let metadata: Logger.Metadata
    public let file: String
    public let function: String
    public let line: UInt

    public init(
        level: Logger.Level, message: String, metadata: Logger.Metadata,
        file: String = #fileID, function: String = #function, line: UInt = #line
    ) {
        self.level = level
        self.message = message
        self.metadata = metadata
        self.file = file
        self.function = function
        self.line = line
    }

    /// The record of `event` logged through a handler holding `base`.
    init(_ event: LogEvent, base: LogHandlerBase) {
        var merged = base.metadata
        if let provided = base.metadataProvider?.get(), !provided.isEmpty {
            merged.merge(provided) { _, new in new }
        }
        if let called = event.metadata, !called.isEmpty {
            merged.merge(called) { _, new in new }
        }
        if let error = event.error, merged[LogKey.error] == nil {
            merged[LogKey.error] = .string(String(describing: error))
        }
        self.init(
            level: event.level, message: event.message.description, metadata: merged,
            file: event.file, function: event.function, line: event.line)
    }

    /// The message, then the metadata as ` [key=value …]` sorted by key:
    /// `report rejected [event=rejected file=a.txt verdict=rejected]`.
    public var text: String {
        guard !metadata.isEmpty else { return message }
        let pairs = metadata.keys.sorted().compactMap { key in metadata[key].map { "\(key)=\($0)" } }
        return message + " [" + pairs.joined(separator: " ") + "]"
    }

    /// ``text`` as one entry of a byte stream (a terminal, a file, journald's stream
    /// transport): continuation lines of multi-line messages and values are indented by
    /// four spaces, so a reader sees where the entry ends.
    public var streamText: String {
        text.replacingOccurrences(of: "\n", with: "\n    ")
    }

    /// ``streamText`` behind the `<N>` syslog priority prefix journald's stream transport
    /// understands (stderr connected to the journal).
    public var journalStreamLine: String {
        "<\(JournalFields.priority(level))>" + streamText
    }
}

/// What the journal and the stderr handler share: the level (the process-wide
/// ``LogLevelControl`` unless set on the handler itself) and the handler's metadata.
public struct LogHandlerBase: Sendable {
    public var metadata: Logger.Metadata = [:]
    public var metadataProvider: Logger.MetadataProvider?
    let levelControl: LogLevelControl
    var localLevel: Logger.Level?

    public init(levelControl: LogLevelControl, metadataProvider: Logger.MetadataProvider? = nil) {
        self.levelControl = levelControl
        self.metadataProvider = metadataProvider
    }
}

/// A swift-log handler that only says where a ``LogRecord`` goes; level control, the
/// metadata subscript and the merge are implemented once, in this protocol's extension.
public protocol RecordLogHandler: LogHandler {
    var base: LogHandlerBase { get set }
    /// Sends one record (already merged, at or above the level) to its destination.
    func write(_ record: LogRecord)
}

extension RecordLogHandler {
    public var metadata: Logger.Metadata {
        get { base.metadata }
        set { base.metadata = newValue }
    }

    public var metadataProvider: Logger.MetadataProvider? {
        get { base.metadataProvider }
        set { base.metadataProvider = newValue }
    }

    public var logLevel: Logger.Level {
        get { base.localLevel ?? base.levelControl.level }
        set { base.localLevel = newValue }
    }

    public subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { base.metadata[key] }
        set { base.metadata[key] = newValue }
    }

    public func log(event: LogEvent) {
        write(LogRecord(event, base: base))
    }
}
