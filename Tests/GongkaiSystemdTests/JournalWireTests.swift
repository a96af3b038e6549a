import Logging
import Testing

@testable import GongkaiSystemd

#if canImport(Glibc)
import GongkaiCore
import Glibc
#endif

/// What sd_journal_sendv puts on journald's socket. libsystemd always sends to the fixed
/// path /run/systemd/journal/socket, so the test binds a listener there, but only when no
/// real journald owns it (never disturb one); it removes what it created afterwards.
@Suite("journald native protocol", .serialized)
struct JournalWireTests {
    static let socketPath = "/run/systemd/journal/socket"

    /// Why the tests cannot run here, or nil. Evaluated once, before any test of the suite
    /// runs (the tests themselves create and remove the socket), so the condition and the
    /// reason printed with the skip are the same.
    static let skipReason: String? = {
        if access(socketPath, F_OK) == 0 && !isStaleSocket(socketPath) {
            return "\(socketPath) exists and something listens on it (a real journald): not touching it"
        }
        if geteuid() != 0 && access("/run", W_OK) != 0 {
            return "cannot create \(socketPath) (not root and /run is not writable)"
        }
        return nil
    }()

    /// Whether `path` is a socket nobody listens on (left by a crashed test run): connecting
    /// to it fails with ECONNREFUSED. A live journald's socket accepts the connection.
    static func isStaleSocket(_ path: String) -> Bool {
        var st = stat()
        guard lstat(path, &st) == 0, (st.st_mode & S_IFMT) == S_IFSOCK else { return false }
        let fd = socket(AF_UNIX, Int32(SOCK_DGRAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard fd >= 0 else { return false }
        defer { close(fd) }
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        let bytes = Array(path.utf8)
        withUnsafeMutableBytes(of: &address.sun_path) { raw in
            for (i, b) in bytes.enumerated() where i < raw.count - 1 { raw[i] = b }
        }
        let rc = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                connect(fd, $0, socklen_t(MemoryLayout<sockaddr_un>.size))
            }
        }
        return rc != 0 && errno == ECONNREFUSED
    }

    /// Binds the journal socket for `body`, creating /run/systemd/journal if needed (and
    /// replacing a stale socket nobody listens on).
    func withJournalSocket(_ body: (DatagramListener) throws -> Void) throws {
        if Self.isStaleSocket(Self.socketPath) { unlink(Self.socketPath) }
        var created: [String] = []
        for directory in ["/run/systemd", "/run/systemd/journal"] where access(directory, F_OK) != 0 {
            guard mkdir(directory, 0o755) == 0 else {
                throw DatagramListener.Failure.system("mkdir \(directory)", errno)
            }
            created.append(directory)
        }
        defer { for directory in created.reversed() { rmdir(directory) } }
        let listener = try DatagramListener(path: Self.socketPath)
        try withExtendedLifetime(listener) { try body(listener) }
    }

    /// The next entry from this process whose MESSAGE contains `marker`.
    func entry(_ listener: DatagramListener, marker: String) -> [String: String]? {
        guard let datagram = listener.receiveOwn(where: { String(decoding: $0.bytes, as: UTF8.self).contains(marker) }),
            let fields = parseJournalDatagram(datagram.bytes)
        else { return nil }
        var map: [String: String] = [:]
        for (name, value) in fields { map[name] = value }
        return map
    }

    @Test(.enabled(if: skipReason == nil, "\(skipReason ?? "")"))
    func handlerSendsStructuredFields() throws {
        try withJournalSocket { listener in
            let marker = "probe-\(getpid())-\(DatagramListener.nowMs())"
            var logger = Logger(label: "gongkaid") { label in
                JournalLogHandler(label: label, identifier: "gongkaid", levelControl: LogLevelControl(.info))
            }
            logger[metadataKey: "root"] = "/srv/gongkai"
            logger.notice(
                "rejected 某局2023年报.txt \(marker)",
                metadata: [
                    LogKey.event: "\(GongkaiEvent.rejected)",
                    LogKey.file: "某局2023年报.txt",
                    LogKey.sha256: "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08",
                    LogKey.verdict: "rejected",
                    LogKey.agency: "某市某局",
                    LogKey.year: "2023",
                    LogKey.template: "2021",
                    LogKey.errors: "2",
                    LogKey.warnings: "0",
                    LogKey.reportID: "42",
                    LogKey.durationMs: "3",
                    "reason": "T3 row 4: 6 ≠ 5\nT4 col 2: missing",
                    "weird key-ü": "x",
                    "_trusted": "y",
                ])
            let fields = try #require(entry(listener, marker: marker))
            // MESSAGE: the message and the ` [key=value …]` summary of every key (what
            // `journalctl -o cat` shows); each key is a field of its own as well.
            let message = try #require(fields["MESSAGE"])
            #expect(message.hasPrefix("rejected 某局2023年报.txt \(marker) [_trusted=y agency=某市某局 duration_ms=3 errors=2 event=rejected file=某局2023年报.txt "))
            #expect(message.contains(" root=/srv/gongkai "))
            #expect(fields["PRIORITY"] == "5")
            #expect(fields["SYSLOG_IDENTIFIER"] == "gongkaid")
            #expect(fields["MESSAGE_ID"] == "6ced99c0722d44bbbba6072884e6a1fc")
            #expect(fields["GONGKAI_EVENT"] == "rejected")
            #expect(fields["GONGKAI_FILE"] == "某局2023年报.txt")
            #expect(fields["GONGKAI_SHA256"] == "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08")
            #expect(fields["GONGKAI_VERDICT"] == "rejected")
            #expect(fields["GONGKAI_AGENCY"] == "某市某局")
            #expect(fields["GONGKAI_YEAR"] == "2023")
            #expect(fields["GONGKAI_TEMPLATE"] == "2021")
            #expect(fields["GONGKAI_ERRORS"] == "2")
            #expect(fields["GONGKAI_WARNINGS"] == "0")
            #expect(fields["GONGKAI_REPORT_ID"] == "42")
            #expect(fields["GONGKAI_DURATION_MS"] == "3")
            #expect(fields["GONGKAI_ROOT"] == "/srv/gongkai")
            // Multi-line values travel in the binary form and arrive intact.
            #expect(fields["GONGKAI_REASON"] == "T3 row 4: 6 ≠ 5\nT4 col 2: missing")
            #expect(fields["GONGKAI_WEIRD_KEY__"] == "x")
            #expect(fields["GONGKAI_TRUSTED"] == "y")
            #expect(fields["CODE_FILE"]?.hasSuffix("JournalWireTests.swift") == true)
            #expect(fields["CODE_LINE"].flatMap { Int($0) } != nil)
            #expect(fields["CODE_FUNC"]?.isEmpty == false)
            #expect(
                fields.keys.allSatisfy { name in
                    !name.hasPrefix("_") && name.utf8.allSatisfy { (0x41...0x5A).contains($0) || (0x30...0x39).contains($0) || $0 == 0x5F }
                })
        }
    }

    @Test(.enabled(if: skipReason == nil, "\(skipReason ?? "")"))
    func multiLineMessageAndLevels() throws {
        try withJournalSocket { listener in
            let marker = "multi-\(getpid())-\(DatagramListener.nowMs())"
            let logger = Logger(label: "gongkaid") { label in
                JournalLogHandler(label: label, identifier: "gongkaid", levelControl: LogLevelControl(.debug))
            }
            logger.error("first line \(marker)\nsecond line\n\nfourth", metadata: ["errno": "28"])
            let fields = try #require(entry(listener, marker: marker))
            #expect(fields["MESSAGE"] == "first line \(marker)\nsecond line\n\nfourth [errno=28]")
            #expect(fields["PRIORITY"] == "3")
            #expect(fields["ERRNO"] == "28")
            #expect(fields["MESSAGE_ID"] == nil)

            let debugMarker = "debug-\(marker)"
            logger.debug("\(debugMarker)")
            #expect(entry(listener, marker: debugMarker)?["PRIORITY"] == "7")
            logger.critical("\(marker) crit", metadata: [LogKey.event: "\(GongkaiEvent.failed)"])
            let critical = try #require(entry(listener, marker: "\(marker) crit"))
            #expect(critical["PRIORITY"] == "2")
            #expect(critical["MESSAGE_ID"] == GongkaiEvent.failed.messageID)
        }
    }

    @Test(.enabled(if: skipReason == nil, "\(skipReason ?? "")"))
    func sendvReturnsZeroOnSuccess() throws {
        try withJournalSocket { listener in
            let marker = "raw-\(getpid())-\(DatagramListener.nowMs())"
            #expect(JournalFields.send(["MESSAGE=\(marker)", "PRIORITY=6", "SYSLOG_IDENTIFIER=gongkaid"]) == 0)
            let fields = try #require(entry(listener, marker: marker))
            #expect(fields["MESSAGE"] == marker)
        }
    }
}
