import Foundation
import GongkaiCore
import Testing

@testable import GongkaiInbox

struct InboxLayoutTests {
    @Test func createsTheFourFoldersAndLeavesNoProbeBehind() throws {
        let root = NSTemporaryDirectory() + "gongkai-layout-" + UUID().uuidString + "/data"
        defer { try? FileManager.default.removeItem(atPath: (root as NSString).deletingLastPathComponent) }
        let layout = try InboxLayout(root: root)
        for name in ["inbox", "work", "accepted", "rejected"] {
            var isDirectory: ObjCBool = false
            #expect(FileManager.default.fileExists(atPath: root + "/" + name, isDirectory: &isDirectory) && isDirectory.boolValue)
            #expect(try FileManager.default.contentsOfDirectory(atPath: root + "/" + name).isEmpty)
        }
        #expect(layout.inboxPath == root + "/inbox")
    }

    @Test func aFileWhereAFolderShouldBeIsAConfigurationError() throws {
        let root = NSTemporaryDirectory() + "gongkai-layout-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: root, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: root) }
        _ = FileManager.default.createFile(atPath: root + "/work", contents: Data())
        #expect(throws: InboxLayout.ConfigurationError.self) { try InboxLayout(root: root) }
    }

    @Test func claimMovesTheFileIntoItsOwnFolderAndALoserSeesItGone() throws {
        let root = NSTemporaryDirectory() + "gongkai-claim-" + UUID().uuidString
        defer { try? FileManager.default.removeItem(atPath: root) }
        let layout = try InboxLayout(root: root)
        _ = FileManager.default.createFile(atPath: root + "/inbox/年报.txt", contents: Data("x".utf8))
        let claimer = Claimer(layout: layout)
        guard case .claimed(let claim) = claimer.claim(FileName("年报.txt")) else {
            Issue.record("not claimed")
            return
        }
        #expect(FileManager.default.fileExists(atPath: root + "/work/\(claim.id)/年报.txt"))
        #expect(!FileManager.default.fileExists(atPath: root + "/inbox/年报.txt"))
        guard case .vanished = claimer.claim(FileName("年报.txt")) else {
            Issue.record("a second claim must see the name gone")
            return
        }
        // Moving out: a collision gets the next free number, nothing is overwritten.
        _ = FileManager.default.createFile(atPath: root + "/accepted/年报.txt", contents: Data("old".utf8))
        let mover = Mover(layout: layout)
        let free = mover.freeName(for: FileName("年报.txt"), verdict: .accepted, reserved: [])
        #expect(free.display == "年报 (1).txt")
        guard case .moved(let final) = mover.place(claimID: claim.id, name: claim.name, verdict: .accepted, finalName: FileName("年报.txt"), reason: nil) else {
            Issue.record("not moved")
            return
        }
        #expect(final.display == "年报 (1).txt", "RENAME_NOREPLACE refused the taken name")
        #expect(try String(contentsOfFile: root + "/accepted/年报.txt", encoding: .utf8) == "old")
        #expect(try FileManager.default.contentsOfDirectory(atPath: root + "/work").isEmpty)
    }
}
