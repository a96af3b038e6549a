import Foundation
import GongkaiCore
import GongkaiStore
import Logging
import Synchronization
import Testing

@testable import GongkaiInbox

/// The inbox logs constant messages with the data in metadata under `LogKey` names, and an
/// event where an operator filters.
@Suite("inbox log records")
struct InboxLogRecordTests {
    let base = NSTemporaryDirectory() + "gongkai-logs-" + UUID().uuidString

    @Test func recoveryNamesTheFileInMetadataNotInTheMessage() throws {
        defer { try? FileManager.default.removeItem(atPath: base) }
        let layout = try InboxLayout(root: base)
        let store = try Store(path: base + "/test.sqlite")
        #expect(FileManager.default.createFile(atPath: base + "/work/loose 1.txt", contents: Data("x".utf8)))
        let logs = RecordedLogs()
        let result = try Recovery(
            layout: layout, store: store, mover: Mover(layout: layout), claimer: Claimer(layout: layout),
            logger: logs.logger
        ).run()
        #expect(result.reprocess.count == 1)
        let loose = try #require(logs.all.first { $0.metadata[LogKey.file] == "loose 1.txt" })
        #expect(loose.message == "recovery: a file was loose in work/; processing it")
        #expect(loose.metadata[LogKey.event] == "\(GongkaiEvent.recovered)")
        #expect(loose.metadata[LogKey.claim] == .string(result.reprocess[0].id))
        #expect(logs.all.allSatisfy { !$0.message.contains("loose 1") })
    }

    /// A lost inbox is `inbox_lost` (overflow is only for IN_Q_OVERFLOW), a missing one
    /// `inbox_missing`, and its return `inbox_back`.
    @Test func aLostInboxIsInboxLostNotOverflow() throws {
        defer { try? FileManager.default.removeItem(atPath: base) }
        try FileManager.default.createDirectory(atPath: base, withIntermediateDirectories: true)
        let store = try Store(path: base + "/test.sqlite")
        var configuration = InboxConfiguration(root: base + "/root")
        configuration.rescanSeconds = 0
        let logs = RecordedLogs()
        let daemon = try InboxDaemon(configuration: configuration, store: store, logger: logs.logger)
        try daemon.start()
        let inbox = base + "/root/inbox"
        try FileManager.default.moveItem(atPath: inbox, toPath: base + "/root/gone")
        #expect(logs.waitFor(.inboxLost))
        // Recreated only once the daemon found the path empty (else its watch is simply on
        // the new folder, and the creation reads as a second replacement).
        #expect(logs.waitFor(.inboxMissing))
        try FileManager.default.createDirectory(atPath: inbox, withIntermediateDirectories: false)
        #expect(logs.waitFor(.inboxBack), "\(logs.all.map { "\($0.message) \($0.metadata)" })")
        let stopped = DispatchSemaphore(value: 0)
        daemon.stop { stopped.signal() }
        #expect(stopped.wait(timeout: .now() + 10) == .success)

        let lost = try #require(logs.all.first { $0.metadata[LogKey.event] == "\(GongkaiEvent.inboxLost)" })
        #expect(lost.message == "inbox lost; watching it again")
        #expect(lost.level == .warning)
        #expect(lost.metadata[LogKey.path] == .string(inbox))
        #expect(!logs.all.contains { $0.metadata[LogKey.event] == "\(GongkaiEvent.overflow)" })
        #expect(
            logs.all.filter { $0.metadata[LogKey.event] == "\(GongkaiEvent.inboxLost)" }.count == 1,
            "the inbox coming back is not a second loss")
    }
}

@Suite("claimer")
struct ClaimerTests {
    @Test func claimIDsAreUniqueAcrossParallelWorkers() throws {
        let base = NSTemporaryDirectory() + "gongkai-claimer-" + UUID().uuidString
        defer { try? FileManager.default.removeItem(atPath: base) }
        let claimer = Claimer(layout: try InboxLayout(root: base))
        let ids = Mutex<[String]>([])
        DispatchQueue.concurrentPerform(iterations: 2000) { _ in
            let id = claimer.nextID()
            ids.withLock { $0.append(id) }
        }
        let all = ids.withLock { $0 }
        #expect(all.count == 2000 && Set(all).count == 2000)
    }
}

/// Log records caught in memory, from any thread.
final class RecordedLogs: Sendable {
    struct Entry: Sendable {
        let level: Logger.Level
        let message: String
        let metadata: Logger.Metadata
    }

    private let entries = Mutex<[Entry]>([])

    var all: [Entry] { entries.withLock { $0 } }

    var logger: Logger { Logger(label: "test") { _ in Handler(sink: self) } }

    /// Waits up to `seconds` for a record of `event`.
    func waitFor(_ event: GongkaiEvent, seconds: Double = 5) -> Bool {
        let deadline = Date().addingTimeInterval(seconds)
        while Date() < deadline {
            if all.contains(where: { $0.metadata[LogKey.event] == "\(event)" }) { return true }
            usleep(10_000)
        }
        return false
    }

    private struct Handler: LogHandler {
        let sink: RecordedLogs
        var metadata: Logger.Metadata = [:]
        var logLevel: Logger.Level = .trace

        subscript(metadataKey key: String) -> Logger.Metadata.Value? {
            get { metadata[key] }
            set { metadata[key] = newValue }
        }

        func log(event: LogEvent) {
            let entry = Entry(
                level: event.level, message: event.message.description,
                metadata: metadata.merging(event.metadata ?? [:]) { _, new in new })
            sink.entries.withLock { $0.append(entry) }
        }
    }
}
