import Dispatch
import Foundation
import GongkaiCore
import Synchronization
import Testing

@testable import GongkaiInbox

#if canImport(Glibc)
import Glibc
#endif

/// Real inotify on a temporary folder.
struct InotifyWatcherTests {
    final class Collected: @unchecked Sendable {
        private let lock = NSLock()
        private var events: [InotifyEvent] = []
        func add(_ new: [InotifyEvent]) { lock.lock(); events += new; lock.unlock() }
        var all: [InotifyEvent] { lock.lock(); defer { lock.unlock() }; return events }
    }

    func temporaryDirectory() throws -> String {
        let path = NSTemporaryDirectory() + "gongkai-inotify-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }

    func waitFor(_ timeout: Double, _ condition: () -> Bool) -> Bool {
        let deadline = Date().addingTimeInterval(timeout)
        while Date() < deadline {
            if condition() { return true }
            usleep(10_000)
        }
        return condition()
    }

    @Test func eventHeaderIsSixteenBytes() {
        #expect(InotifyEvent.headerSize == 16)
    }

    @Test func reportsCloseWriteMoveAndRawNames() throws {
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let collected = Collected()
        let watcher = try InotifyWatcher(queue: DispatchQueue(label: "test")) { collected.add($0) }
        defer { watcher.cancel() }
        guard case .success = watcher.addWatch(path: dir, mask: InotifyWatcher.inboxMask) else {
            Issue.record("cannot add watch")
            return
        }
        // Written in place (FileManager writes atomically, through a rename).
        let fd = open(dir + "/a.txt", O_CREAT | O_WRONLY, 0o644)
        #expect(write(fd, "x", 1) == 1)
        close(fd)
        let staged = NSTemporaryDirectory() + "staged-" + UUID().uuidString
        _ = FileManager.default.createFile(atPath: staged, contents: Data("y".utf8))
        let target = Array((dir + "/年报").utf8) + [0xFF] + Array(".txt".utf8)
        #expect(rename(staged, target.map { CChar(bitPattern: $0) } + [0]) == 0)

        let closeWrite = UInt32(IN_CLOSE_WRITE)
        let movedTo = UInt32(IN_MOVED_TO)
        #expect(
            waitFor(5) {
                let events = collected.all
                return events.contains { $0.name == Array("a.txt".utf8) && $0.mask & closeWrite != 0 }
                    && events.contains { $0.mask & movedTo != 0 && $0.name != Array("a.txt".utf8) }
            })
        let moved = collected.all.first { $0.mask & movedTo != 0 && $0.name != Array("a.txt".utf8) }
        #expect(moved?.name == Array("年报".utf8) + [0xFF] + Array(".txt".utf8), "names arrive as raw bytes, not decoded")
    }

    @Test func reportsTheWatchedFolderBeingDeleted() throws {
        let dir = try temporaryDirectory()
        let collected = Collected()
        let watcher = try InotifyWatcher(queue: DispatchQueue(label: "test")) { collected.add($0) }
        defer { watcher.cancel() }
        guard case .success = watcher.addWatch(path: dir, mask: InotifyWatcher.inboxMask) else {
            Issue.record("cannot add watch")
            return
        }
        #expect(rmdir(dir) == 0)
        let deleteSelf = UInt32(IN_DELETE_SELF)
        #expect(waitFor(5) { collected.all.contains { $0.mask & deleteSelf != 0 } })
    }

    @Test func decodingStopsAtATruncatedTail() {
        var header = inotify_event()
        header.wd = 3
        header.mask = UInt32(IN_MOVED_TO)
        header.len = 16
        var bytes = withUnsafeBytes(of: header) { Array($0) }
        bytes += Array("name.txt".utf8) + [UInt8](repeating: 0, count: 8)
        let full = bytes.withUnsafeBytes { InotifyEvent.decode($0) }
        #expect(full == [InotifyEvent(wd: 3, mask: UInt32(IN_MOVED_TO), cookie: 0, name: Array("name.txt".utf8))])
        let truncated = Array(bytes.dropLast(4)).withUnsafeBytes { InotifyEvent.decode($0) }
        #expect(truncated.isEmpty)
    }
}
