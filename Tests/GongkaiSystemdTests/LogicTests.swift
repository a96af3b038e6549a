import Foundation
import Logging
import Testing

@testable import GongkaiSystemd

#if canImport(Glibc)
import GongkaiCore
import Glibc
#endif

@Suite("journal fields")
struct JournalFieldTests {
    @Test(
        arguments: [
            ("file", "GONGKAI_FILE"), ("sha256", "GONGKAI_SHA256"), ("report_id", "GONGKAI_REPORT_ID"),
            ("duration-ms", "GONGKAI_DURATION_MS"), ("GONGKAI_VERDICT", "GONGKAI_VERDICT"),
            ("gongkai.agency", "GONGKAI_AGENCY"), ("_secret", "GONGKAI_SECRET"), ("__", nil),
            ("文件", nil), ("errno", "ERRNO"), ("a b", "GONGKAI_A_B"), ("2fa", "GONGKAI_2FA"),
        ] as [(String, String?)])
    func metadataKeysBecomeFieldNames(key: String, expected: String?) {
        #expect(JournalFields.fieldName(forMetadataKey: key) == expected)
    }

    @Test func longKeysAreCutTo64() throws {
        let name = try #require(JournalFields.fieldName(forMetadataKey: String(repeating: "k", count: 100)))
        #expect(name.utf8.count == 64)
        #expect(name.hasPrefix("GONGKAI_KKK"))
    }

    @Test func priorities() {
        #expect(Logger.Level.allCases.map(JournalFields.priority) == [7, 7, 6, 5, 4, 3, 2])
    }

    @Test func messageIDsAreFixedDistinct128BitIDs() {
        let ids = GongkaiEvent.allCases.map(\.messageID)
        #expect(Set(ids).count == ids.count)
        for id in ids {
            #expect(id.utf8.count == 32)
            #expect(id.utf8.allSatisfy { (0x30...0x39).contains($0) || (0x61...0x66).contains($0) })
        }
        #expect(GongkaiEvent.accepted.messageID == "b01b6f86d50f46ce9a78ab71d54ef3c8")
    }

    @Test func fieldOrderAndEvent() {
        let fields = JournalFields.make(
            level: .info, message: "accepted a.txt",
            metadata: [
                "verdict": "accepted", "event": "accepted", "file": "a.txt", "GONGKAI_FILE": "b.txt",
            ], identifier: "gongkaid", file: "X.swift", line: 7, function: "f()")
        #expect(
            fields == [
                "MESSAGE=accepted a.txt", "PRIORITY=6", "SYSLOG_IDENTIFIER=gongkaid",
                "MESSAGE_ID=b01b6f86d50f46ce9a78ab71d54ef3c8",
                "CODE_FILE=X.swift", "CODE_LINE=7", "CODE_FUNC=f()",
                "GONGKAI_EVENT=accepted", "GONGKAI_FILE=a.txt", "GONGKAI_VERDICT=accepted",
            ])
    }

    @Test func unknownEventHasNoMessageID() {
        let fields = JournalFields.make(level: .info, message: "m", metadata: ["event": "whatever"], identifier: "g")
        #expect(!fields.contains { $0.hasPrefix("MESSAGE_ID=") })
        #expect(fields.contains("GONGKAI_EVENT=whatever"))
    }

    @Test func failedSendFallsBackToStderr() throws {
        // A transport that fails: the handler must not lose the entry. It writes it to the
        // fallback descriptor (fd 2 in the daemon; a pipe here) as one line with the `<N>`
        // priority prefix journald's stream transport understands.
        let output = try FallbackPipe()
        let sent = SentFields()
        var handler = JournalLogHandler(
            label: "t", identifier: "g", levelControl: LogLevelControl(.info),
            fallbackFD: output.writeFD
        ) { fields in
            sent.append(fields)
            return -EPIPE
        }
        handler[metadataKey: "file"] = "a.txt"
        handler.log(
            event: LogEvent(
                level: .warning, message: "fallback line\nsecond", metadata: ["verdict": "rejected"],
                source: nil, file: #fileID, function: #function, line: #line))
        #expect(sent.all.count == 1, "the journal is tried first")
        #expect(sent.all.first?.first == "MESSAGE=fallback line\nsecond [file=a.txt verdict=rejected]")
        #expect(output.readAll() == "<4>fallback line\n    second [file=a.txt verdict=rejected]\n")
        // Outside tests (and in the handlers SystemdLogging makes) the fallback is stderr.
        #expect(JournalLogHandler(label: "t", identifier: "g").fallbackFD == 2)
        let made = SystemdLogging.makeHandler(label: "t", identifier: "g", target: .journal, levelControl: LogLevelControl(.info))
        #expect((made as? JournalLogHandler)?.fallbackFD == 2)
    }

    @Test func successfulSendWritesNothingToStderr() throws {
        let output = try FallbackPipe()
        let sent = SentFields()
        let handler = JournalLogHandler(
            label: "t", identifier: "g", levelControl: LogLevelControl(.info),
            fallbackFD: output.writeFD
        ) { fields in
            sent.append(fields)
            return 0
        }
        handler.log(
            event: LogEvent(
                level: .error, message: "journal line", metadata: nil, source: nil,
                file: #fileID, function: #function, line: #line))
        #expect(sent.all.count == 1)
        #expect(output.readAll() == "")
    }
}

@Suite("one rendering for the journal and stderr")
struct SharedRenderingTests {
    struct DiskFull: Error, CustomStringConvertible {
        var description: String { "No space left on device (errno 28)" }
    }

    /// One log call through both handlers: the journal's MESSAGE is the stderr line after its
    /// `time level label: ` prefix (multi-line text differs only by the stream's indentation),
    /// and the keys in the ` [key=value …]` summary are exactly the entry's GONGKAI_* fields.
    @Test(arguments: ["report rejected", "two\nlines"])
    func journalMessageIsTheStderrLine(message: String) throws {
        let output = try FallbackPipe()
        let sent = SentFields()
        let control = LogLevelControl(.info)
        let journal = JournalLogHandler(
            label: "gongkaid", identifier: "gongkaid", levelControl: control,
            fallbackFD: output.writeFD
        ) { fields in
            sent.append(fields)
            return 0
        }
        let stderr = StderrLogHandler(label: "gongkaid", fd: output.writeFD, levelControl: control)
        var logger = Logger(label: "gongkaid") { _ in MultiplexLogHandler([journal, stderr]) }
        logger[metadataKey: LogKey.root] = "/srv/gongkai"
        let metadata: Logger.Metadata = [
            LogKey.event: "\(GongkaiEvent.rejected)", LogKey.file: "某局 2023年报.txt", LogKey.verdict: "rejected",
            LogKey.errors: "2", LogKey.codes: "T3_ROW_SUM,T4_MISSING", LogKey.errno: "28",
        ]
        logger.notice("\(message)", error: DiskFull(), metadata: metadata)

        let fields = try #require(sent.all.first)
        let journalMessage = try #require(fields.first { $0.hasPrefix("MESSAGE=") }).dropFirst("MESSAGE=".count)
        let line = output.readAll()
        let prefix = try #require(line.range(of: " notice gongkaid: "))
        let stderrText = String(line[prefix.upperBound...].dropLast())  // without the newline
        #expect(stderrText == journalMessage.replacingOccurrences(of: "\n", with: "\n    "))
        #expect(journalMessage.hasPrefix(message + " ["))

        let keys = [LogKey.root, LogKey.error] + metadata.keys
        for key in keys {
            #expect(journalMessage.contains(" \(key)=") || journalMessage.contains("[\(key)="), "\(key) in the summary")
        }
        #expect(journalMessage.contains("error=No space left on device (errno 28)"), "the attached error is one more key")
        let fieldNames = Set(
            fields.compactMap { field -> String? in
                let name = String(field.prefix { $0 != "=" })
                return name.hasPrefix("GONGKAI_") || name == "ERRNO" ? name : nil
            })
        #expect(fieldNames == Set(keys.compactMap { JournalFields.fieldName(forMetadataKey: $0) }))
        #expect(fields.contains("GONGKAI_FILE=某局 2023年报.txt"))
        #expect(fields.contains("MESSAGE_ID=\(GongkaiEvent.rejected.messageID)"))
    }

    @Test func theRecordRendersOnce() {
        let record = LogRecord(
            level: .warning, message: "inbox lost; watching it again",
            metadata: [LogKey.path: "/srv/gongkai/inbox", LogKey.event: "inbox_lost"])
        #expect(record.text == "inbox lost; watching it again [event=inbox_lost path=/srv/gongkai/inbox]")
        #expect(record.journalStreamLine == "<4>" + record.text)
        #expect(JournalFields.make(record, identifier: "gongkaid").first == "MESSAGE=" + record.text)
        #expect(LogRecord(level: .info, message: "ready", metadata: [:]).text == "ready")
    }
}

/// What a test transport was given (the transport is `@Sendable`).
private final class SentFields: @unchecked Sendable {
    // @unchecked: `entries` is guarded by `lock`.
    private let lock = NSLock()
    private var entries: [[String]] = []
    func append(_ fields: [String]) { lock.withLock { entries.append(fields) } }
    var all: [[String]] { lock.withLock { entries } }
}

/// A pipe standing in for stderr: the handler writes to `writeFD`; `readAll()` returns what
/// is in the pipe. Private to the test, so it is safe with tests running in parallel; close-
/// on-exec, so a daemon another test spawns meanwhile does not keep it; and read without
/// blocking (the handler writes synchronously, so everything is there when `log` returns,
/// and a copy of the write end held elsewhere cannot make the read hang).
private final class FallbackPipe {
    let readFD: Int32
    private(set) var writeFD: Int32

    init() throws {
        var fds: [Int32] = [0, 0]
        guard pipe(&fds) == 0 else { throw DatagramListener.Failure.system("pipe", errno) }
        readFD = fds[0]
        writeFD = fds[1]
        for fd in fds { _ = fcntl(fd, F_SETFD, FD_CLOEXEC) }
    }

    func readAll() -> String {
        if writeFD >= 0 {
            close(writeFD)
            writeFD = -1
        }
        _ = fcntl(readFD, F_SETFL, fcntl(readFD, F_GETFL) | O_NONBLOCK)
        var bytes: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 4096)
        while true {
            let n = read(readFD, &buffer, buffer.count)
            if n > 0 { bytes += buffer[0..<n] } else if n < 0 && errno == EINTR { continue } else { break }
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    deinit {
        if writeFD >= 0 { close(writeFD) }
        close(readFD)
    }
}

@Suite("JOURNAL_STREAM detection")
struct JournalStreamTests {
    @Test func matchesOnlyTheSameDeviceAndInode() throws {
        let directory = try makeTemporaryDirectory()
        let path = directory + "/stream"
        let fd = open(path, O_CREAT | O_RDWR | O_CLOEXEC, 0o600)
        #expect(fd >= 0)
        defer {
            close(fd)
            unlink(path)
            rmdir(directory)
        }
        var st = stat()
        let statResult = fstat(fd, &st)
        #expect(statResult == 0)
        let value = "\(st.st_dev):\(st.st_ino)"
        #expect(JournalStream.matches(value, fd: fd))
        #expect(!JournalStream.matches("\(st.st_dev):\(st.st_ino + 1)", fd: fd))
        #expect(!JournalStream.matches("\(st.st_dev + 1):\(st.st_ino)", fd: fd))
        #expect(!JournalStream.matches(nil, fd: fd))
        #expect(!JournalStream.matches("", fd: fd))
        #expect(!JournalStream.matches("garbage", fd: fd))
        #expect(!JournalStream.matches("1:2:3", fd: fd))
        #expect(!JournalStream.matches("-1:5", fd: fd))
        #expect(!JournalStream.matches(value, fd: -1))
    }

    @Test func parse() {
        #expect(JournalStream.parse("8:12345").map { [$0.device, $0.inode] } == [8, 12345])
        #expect(JournalStream.parse("8:") == nil)
        #expect(JournalStream.parse(":8") == nil)
    }

    @Test func automaticTargetFollowsTheStream() {
        #expect(SystemdLogging.resolve(.automatic, stderrIsJournal: true) == .journal)
        #expect(SystemdLogging.resolve(.automatic, stderrIsJournal: false) == .stderr)
        #expect(SystemdLogging.resolve(.journal, stderrIsJournal: false) == .journal)
        #expect(SystemdLogging.resolve(.stderr, stderrIsJournal: true) == .stderr)
    }
}

@Suite("status line and stderr lines")
struct TextTests {
    @Test func statusLineIsOneLine() {
        #expect(NotifyMessage.statusLine("a\nb\r\nc\td\0e") == "a b c de")
        let long = String(repeating: "年", count: 600)
        let cut = NotifyMessage.statusLine(long)
        #expect(cut.utf8.count <= NotifyMessage.maxStatusBytes)
        #expect(cut.hasSuffix("…"))
    }

    @Test func messages() {
        #expect(NotifyMessage.ready().text == "READY=1")
        #expect(NotifyMessage.reloading(monotonicUsec: 123).text == "RELOADING=1\nMONOTONIC_USEC=123\nSTATUS=Reloading configuration")
        #expect(NotifyMessage.failure(errno: 22, reason: "bad\nconfig").text == "STATUS=Failed: bad config\nERRNO=22")
    }

    @Test func readableLinesOnAPipe() throws {
        var fds: [Int32] = [0, 0]
        let pipeResult = pipe(&fds)
        #expect(pipeResult == 0)
        defer { close(fds[0]) }
        let control = LogLevelControl(.info)
        var handler = StderrLogHandler(label: "gongkaid", fd: fds[1], levelControl: control)
        handler[metadataKey: "file"] = "a.txt"
        let logger = Logger(label: "gongkaid") { _ in handler }
        logger.notice("accepted a.txt\nsecond", metadata: ["verdict": "accepted"])
        #expect(!logger.handler.logLevel.isDebugVisible)
        control.level = .debug
        #expect(logger.logLevel == .debug)
        close(fds[1])
        var buffer = [UInt8](repeating: 0, count: 4096)
        let n = read(fds[0], &buffer, buffer.count)
        let text = String(decoding: buffer[0..<max(0, n)], as: UTF8.self)
        #expect(text.hasSuffix(" notice gongkaid: accepted a.txt\n    second [file=a.txt verdict=accepted]\n"))
        #expect(text.first?.isNumber == true)
    }
}

extension Logger.Level {
    fileprivate var isDebugVisible: Bool { self <= .debug }
}

@Suite("watchdog gate")
struct ProgressGateTests {
    @Test func idleAndProgressingArePingedStuckIsNot() {
        var gate = ProgressGate(stallLimitNanos: 10)
        func look(_ completed: Int, _ pending: Int, at now: UInt64) -> Bool {
            gate.isHealthy(PipelineProgress(completed: completed, pending: pending), now: now)
        }
        let idle = [look(0, 0, at: 0), look(0, 0, at: 1000)]
        #expect(idle == [true, true])
        // Work starts: healthy until the stall limit passes without a finished file.
        let busy = [look(0, 3, at: 1000), look(0, 3, at: 1010), look(0, 3, at: 1011)]
        #expect(busy == [true, true, false])
        #expect(gate.stalledFor(now: 1011) == 11)
        // One finishes: healthy again, and the clock restarts.
        let moving = [look(1, 2, at: 1020), look(1, 2, at: 1030), look(1, 2, at: 1031)]
        #expect(moving == [true, true, false])
        // Idle again: healthy.
        let again = look(3, 0, at: 5000)
        #expect(again)
        #expect(gate.stalledFor(now: 6000) == 0)
    }
}

@Suite("handler selection")
struct HandlerSelectionTests {
    @Test func explicitTargetsPickTheirHandler() {
        let control = LogLevelControl(.notice)
        let journal = SystemdLogging.makeHandler(label: "l", identifier: "gongkaid", target: .journal, levelControl: control)
        let stderr = SystemdLogging.makeHandler(label: "l", identifier: "gongkaid", target: .stderr, levelControl: control)
        #expect(journal is JournalLogHandler)
        #expect(stderr is StderrLogHandler)
        #expect(journal.logLevel == .notice)
        control.level = .debug
        #expect(journal.logLevel == .debug && stderr.logLevel == .debug)
    }

    @Test func aLocalLevelOverridesTheSharedOne() {
        let control = LogLevelControl(.info)
        var handler = JournalLogHandler(label: "l", identifier: "g", levelControl: control)
        handler.logLevel = .error
        control.level = .trace
        #expect(handler.logLevel == .error)
    }
}
