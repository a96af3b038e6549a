import CSystemd
import GongkaiCore
import Logging

#if canImport(Glibc)
import Glibc
#endif

/// Builds journald entries (the native protocol's `FIELD=value` items) from swift-log events.
public enum JournalFields {
    /// journald's limit on field-name length.
    public static let maxNameLength = 64

    /// syslog priority (0 emerg … 7 debug) for a swift-log level.
    public static func priority(_ level: Logger.Level) -> Int {
        switch level {
        case .trace, .debug: 7
        case .info: 6
        case .notice: 5
        case .warning: 4
        case .error: 3
        case .critical: 2
        }
    }

    /// Uppercases `key` and maps every character outside `[A-Z0-9_]` to `_`, then drops
    /// leading underscores (journald reserves them for trusted fields). Returns nil if
    /// nothing is left.
    public static func sanitize(_ key: String) -> String? {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(key.utf8.count)
        for scalar in key.unicodeScalars {
            switch scalar.value {
            case 0x61...0x7A: bytes.append(UInt8(scalar.value - 0x20))  // a-z
            case 0x41...0x5A, 0x30...0x39, 0x5F: bytes.append(UInt8(scalar.value))
            default: bytes.append(0x5F)
            }
        }
        let trimmed = bytes.drop { $0 == 0x5F }
        guard !trimmed.isEmpty else { return nil }
        return String(decoding: trimmed.prefix(maxNameLength), as: UTF8.self)
    }

    /// The journal field for a metadata key: `file` → `GONGKAI_FILE`, `report_id` →
    /// `GONGKAI_REPORT_ID`, `GONGKAI_SHA256` stays as is, `errno` → the standard `ERRNO`.
    /// Nil for keys that sanitise to nothing.
    public static func fieldName(forMetadataKey key: String, prefix: String = "GONGKAI_") -> String? {
        guard let name = sanitize(key) else { return nil }
        if name == "ERRNO" { return name }
        if name.hasPrefix(prefix) { return name }
        let full = String((prefix + name).prefix(maxNameLength))
        // A field name must not start with a digit either.
        if let first = full.utf8.first, (0x30...0x39).contains(first) { return nil }
        return full
    }

    /// The fields of one entry, in order: MESSAGE, PRIORITY, SYSLOG_IDENTIFIER, MESSAGE_ID
    /// and GONGKAI_EVENT (when the metadata names a ``GongkaiEvent``), CODE_FILE, CODE_LINE,
    /// CODE_FUNC, then the metadata sorted by field name (on a name clash the later key in
    /// that order wins). Values may contain newlines: sd_journal_sendv sends those in the
    /// protocol's length-prefixed binary form.
    public static func make(
        level: Logger.Level, message: String, metadata: Logger.Metadata,
        identifier: String, prefix: String = "GONGKAI_",
        file: String? = nil, line: UInt? = nil, function: String? = nil,
        error: (any Error)? = nil
    ) -> [String] {
        var fields = [
            "MESSAGE=" + message,
            "PRIORITY=" + String(priority(level)),
            "SYSLOG_IDENTIFIER=" + identifier,
        ]
        var named: [String: String] = [:]
        for key in metadata.keys.sorted() {
            guard let value = metadata[key] else { continue }
            if key == LogKey.event, let event = GongkaiEvent(rawValue: "\(value)") {
                fields.append("MESSAGE_ID=" + event.messageID)
            }
            guard let name = fieldName(forMetadataKey: key, prefix: prefix) else { continue }
            named[name] = "\(value)"
        }
        if let file { fields.append("CODE_FILE=" + file) }
        if let line { fields.append("CODE_LINE=" + String(line)) }
        if let function { fields.append("CODE_FUNC=" + function) }
        if let error, named[prefix + "ERROR"] == nil { named[prefix + "ERROR"] = String(describing: error) }
        for name in named.keys.sorted() {
            if let value = named[name] { fields.append(name + "=" + value) }
        }
        return fields
    }

    /// The fields of `record`'s entry: MESSAGE is ``LogRecord/text`` (message and
    /// ` [key=value …]` summary), every metadata key is a field as well.
    public static func make(_ record: LogRecord, identifier: String, prefix: String = "GONGKAI_") -> [String] {
        make(
            level: record.level, message: record.text, metadata: record.metadata, identifier: identifier,
            prefix: prefix, file: record.file, line: record.line, function: record.function)
    }

    /// Sends `fields` with `sd_journal_sendv(3)` to `/run/systemd/journal/socket`. All
    /// fields live in one buffer for the duration of the call. Returns 0 on success (also
    /// when no journald listens: libsystemd then drops the entry) or a negative errno.
    @discardableResult
    public static func send(_ fields: [String]) -> Int32 {
        var storage: [UInt8] = []
        storage.reserveCapacity(fields.reduce(0) { $0 + $1.utf8.count })
        var ranges: [(start: Int, count: Int)] = []
        ranges.reserveCapacity(fields.count)
        for field in fields {
            let start = storage.count
            storage.append(contentsOf: field.utf8)
            ranges.append((start, storage.count - start))
        }
        guard !ranges.isEmpty else { return -EINVAL }
        return storage.withUnsafeMutableBytes { raw -> Int32 in
            guard let base = raw.baseAddress else { return -EINVAL }
            let iov = ranges.map { iovec(iov_base: base + $0.start, iov_len: $0.count) }
            return iov.withUnsafeBufferPointer { buffer in
                sd_journal_sendv(buffer.baseAddress, Int32(buffer.count))
            }
        }
    }
}

/// Whether stderr is connected to the journal: `JOURNAL_STREAM` (`"<dev>:<ino>"`, set by
/// systemd for StandardError=journal) must match `fstat` of the descriptor. The variable
/// alone is not enough: it is inherited by children whose stderr was redirected.
public enum JournalStream {
    /// Parses `"dev:ino"` (decimal).
    public static func parse(_ value: String) -> (device: UInt64, inode: UInt64)? {
        let parts = value.split(separator: ":", omittingEmptySubsequences: false)
        guard parts.count == 2, let device = UInt64(parts[0]), let inode = UInt64(parts[1]) else { return nil }
        return (device, inode)
    }

    /// Whether `value` names the file open on `fd`.
    public static func matches(_ value: String?, fd: Int32) -> Bool {
        guard let value, let expected = parse(value) else { return false }
        var st = stat()
        guard fstat(fd, &st) == 0 else { return false }
        return UInt64(st.st_dev) == expected.device && UInt64(st.st_ino) == expected.inode
    }

    /// Whether this process's stderr goes to the journal.
    public static func stderrIsJournal() -> Bool {
        matches(getenv("JOURNAL_STREAM").map { String(cString: $0) }, fd: 2)
    }
}

/// A swift-log handler speaking journald's native protocol: one entry per log call with
/// PRIORITY, SYSLOG_IDENTIFIER, MESSAGE_ID (per ``GongkaiEvent``), CODE_* and one
/// `GONGKAI_*` field per metadata key. MESSAGE is the record's ``LogRecord/text``, the
/// constant message followed by the ` [key=value …]` summary the stderr handler prints, so
/// `journalctl -o cat` stays readable. If a send fails, the line goes to stderr with a
/// `<N>` priority prefix instead (which journald's stream transport understands).
public struct JournalLogHandler: RecordLogHandler {
    public let label: String
    public let identifier: String
    public let prefix: String
    public var base: LogHandlerBase
    private let send: @Sendable ([String]) -> Int32
    /// Where an entry goes when `send` fails: stderr (fd 2) unless testing.
    public let fallbackFD: Int32

    /// - Parameters:
    ///   - identifier: SYSLOG_IDENTIFIER (`gongkaid`).
    ///   - levelControl: shared level, changeable at run time (SIGHUP).
    ///   - fallbackFD: the descriptor a failed send's line is written to; 2 unless testing.
    ///   - send: the transport; ``JournalFields/send(_:)`` unless testing.
    public init(
        label: String, identifier: String, prefix: String = "GONGKAI_",
        levelControl: LogLevelControl = LogLevelControl(.info),
        metadataProvider: Logger.MetadataProvider? = nil,
        fallbackFD: Int32 = 2,
        send: @escaping @Sendable ([String]) -> Int32 = JournalFields.send
    ) {
        self.label = label
        self.identifier = identifier
        self.prefix = prefix
        self.base = LogHandlerBase(levelControl: levelControl, metadataProvider: metadataProvider)
        self.fallbackFD = fallbackFD
        self.send = send
    }

    public func write(_ record: LogRecord) {
        if send(JournalFields.make(record, identifier: identifier, prefix: prefix)) < 0 {
            StderrLogHandler.write(record.journalStreamLine, fd: fallbackFD)
        }
    }
}
