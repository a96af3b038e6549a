import Foundation
import GRDB
import Testing

/// `gongkai requeue` against the real daemon: files go back to the inbox, the daemon checks
/// them again and stores new rows; the CLI itself never writes the database.
@Suite struct RequeueCommandTests {
    @Test func requeuedFilesAreEvaluatedAgainAsNewVersions() throws {
        let root = try CLIRoot()
        let name002 = CLI.seedName("002")
        let name004 = CLI.seedName("004")

        // 1. Under the strict policy 004 (template deviations) is rejected, as is 002.
        let strict = try Daemon(root, ["--policy", "strict"])
        try root.drop(name002, CLI.seed("002"))
        try root.drop(name004, CLI.seed("004"))
        try root.waitForDone(2, daemon: strict)
        strict.stop()
        let first = try root.rows("SELECT id, file_name, verdict, sha256 FROM reports ORDER BY id")
        #expect(first.allSatisfy { ($0["verdict"] as String) == "rejected" })
        let id004: Int64 = try #require(first.first { ($0["file_name"] as String) == name004 })["id"]
        let sha004: String = try #require(first.first { ($0["file_name"] as String) == name004 })["sha256"]
        let databaseBefore = try Data(contentsOf: URL(fileURLWithPath: root.database))

        // Accepted or unknown reports are refused with one line and exit 2; nothing moves.
        let unknown = try CLI.run(["requeue"] + root.options + ["424242"])
        #expect(unknown.status == 2 && unknown.stderr.split(separator: "\n").count == 1)
        #expect(try CLI.run(["requeue"] + root.options).status == 2, "ids or --rejected required")

        // 2. With the daemon stopped, a file of the same name already waits in the inbox:
        //    requeue --rejected --code picks a free name and moves the reason file aside.
        try Data(CLI.seed("002")).write(to: URL(fileURLWithPath: root.inbox + "/" + name002))
        let dry = try CLI.run(["requeue", "--rejected", "--code", "T3_BLANK_UNRECOVERABLE", "--dry-run"] + root.options)
        #expect(dry.status == 0 && dry.stdout.contains("would requeue"))
        #expect(root.names(in: root.rejected).contains(name002), "dry run moves nothing")
        let byCode = try CLI.run(["requeue", "--json", "--rejected", "--code", "T3_BLANK_UNRECOVERABLE"] + root.options)
        #expect(byCode.status == 0, "\(byCode.stderr)")
        let moved = try #require(try CLI.json(byCode) as? [[String: Any]])
        #expect(moved.count == 1)
        let stem = String(name002.dropLast(4))
        #expect(moved.first?["to"] as? String == "inbox/\(stem) (1).txt")
        #expect(moved.first?["reason_moved_to"] as? String == "rejected/\(name002).reason.txt.requeued")
        #expect(Set(root.names(in: root.inbox)) == [name002, "\(stem) (1).txt"])
        #expect(!root.names(in: root.rejected).contains(name002))
        #expect(!root.names(in: root.rejected).contains(name002 + ".reason.txt"))
        #expect(root.names(in: root.rejected).contains(name002 + ".reason.txt.requeued"))
        #expect(try Data(contentsOf: URL(fileURLWithPath: root.database)) == databaseBefore, "the CLI does not write the database")
        // Requeueing the same report again: its file is gone.
        let again = try CLI.run(["requeue"] + root.options + [String(try #require(first.first { ($0["file_name"] as String) == name002 })["id"] as Int64)])
        #expect(again.status == 2 && again.stderr.contains("not there"))

        // 3. The default-policy daemon picks both inbox files up at start.
        let daemon = try Daemon(root)
        defer { daemon.stop() }
        try root.waitForDone(4, daemon: daemon)
        #expect(try root.rows("SELECT id FROM reports WHERE file_name IN (?, ?) AND verdict = 'rejected'", [name002, "\(stem) (1).txt"]).count == 3)
        #expect(root.names(in: root.rejected).contains(name002 + ".reason.txt"), "a fresh reason file for the new verdict")

        // 4. While it runs: requeue 004; the new verdict (accepted) is stored as a new row.
        let single = try CLI.run(["requeue"] + root.options + [String(id004)])
        #expect(single.status == 0, "\(single.stderr)")
        #expect(single.stdout.contains("requeued #\(id004)"))
        let deadline = waitFor(timeout: 20) {
            ((try? root.rows("SELECT id FROM reports WHERE sha256 = ? AND verdict = 'accepted' AND state = 'done'", [sha004]))?.count ?? 0) == 1
        }
        #expect(deadline, "no accepted row for the requeued 004 within 20 s; log:\n\(daemon.log)")
        let versions = try root.rows("SELECT id, verdict FROM reports WHERE sha256 = ? ORDER BY id", [sha004])
        #expect(versions.map { $0["verdict"] as String } == ["rejected", "accepted"])
        #expect(root.names(in: root.accepted).contains(name004))

        // `list` and `show` see the new row while the daemon runs.
        let list = try CLI.run(["list", "--json", "--agency", "盐池"] + root.options)
        let ids = ((try CLI.json(list) as? [[String: Any]]) ?? []).compactMap { ($0["id"] as? Int).map(Int64.init) }
        #expect(ids.count == 2 && ids.last == id004)
        let status = try #require(try CLI.json(try CLI.run(["status", "--json"] + root.options)) as? [String: Any])
        #expect(status["accepted"] as? Int == 1 && status["rejected"] as? Int == 4 && status["inbox_waiting"] as? Int == 0)
    }
}
