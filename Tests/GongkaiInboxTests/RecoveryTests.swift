import Foundation
import GongkaiCore
import GongkaiStore
import Logging
import Testing

@testable import GongkaiInbox

/// Start-up recovery on a real folder tree and database, in the states a kill -9 leaves.
struct RecoveryTests {
    let root: String
    let layout: InboxLayout
    let store: Store

    init() throws {
        root = NSTemporaryDirectory() + "gongkai-recovery-" + UUID().uuidString
        layout = try InboxLayout(root: root)
        store = try Store(path: root + "/test.sqlite")
    }

    func recovery() -> Recovery {
        Recovery(layout: layout, store: store, mover: Mover(layout: layout), claimer: Claimer(layout: layout), logger: Logger(label: "test"))
    }

    func makeClaim(_ id: String, _ name: String, _ content: String) throws {
        try FileManager.default.createDirectory(atPath: root + "/work/" + id, withIntermediateDirectories: false)
        _ = FileManager.default.createFile(atPath: root + "/work/\(id)/\(name)", contents: Data(content.utf8))
    }

    func storeRow(_ id: String, _ name: String, verdict: Verdict) throws -> Int64 {
        let input = ReportInput(
            claimID: id, fileNameRaw: Array(name.utf8), fileName: name, sha256: id, size: 1,
            receivedAt: "2026-11-23T10:00:00.000Z", verdict: verdict, rejection: nil, policy: .standard,
            findings: verdict == .accepted ? [] : [FindingInput(code: "T3_X", severity: .error, messageZH: "错", messageEN: "wrong")])
        let placed = PlacedReport(input: input, decision: try store.decide([input])[0], finalName: input.fileNameRaw)
        return try #require(try store.commit([placed], processedAt: "2026-11-23T10:00:01.000Z").first?.id)
    }

    @Test func committedButUnmovedRowsAreMovedAndClaimsWithoutRowsAreRedone() throws {
        defer { try? FileManager.default.removeItem(atPath: root) }
        // Committed, not moved (accepted and rejected).
        try makeClaim("c1", "a.txt", "A")
        let a = try storeRow("c1", "a.txt", verdict: .accepted)
        try makeClaim("c2", "b.txt", "B")
        let b = try storeRow("c2", "b.txt", verdict: .rejected)
        // Committed and moved, not marked done.
        _ = FileManager.default.createFile(atPath: root + "/accepted/c.txt", contents: Data("C".utf8))
        let c = try storeRow("c3", "c.txt", verdict: .accepted)
        // Claimed, never committed.
        try makeClaim("c4", "d.txt", "D")
        // An empty claim folder (killed between mkdir and rename).
        try FileManager.default.createDirectory(atPath: root + "/work/c5", withIntermediateDirectories: false)
        // A loose file in work/.
        _ = FileManager.default.createFile(atPath: root + "/work/loose.txt", contents: Data("E".utf8))

        let result = try recovery().run()
        #expect(try String(contentsOfFile: root + "/accepted/a.txt", encoding: .utf8) == "A")
        #expect(try String(contentsOfFile: root + "/rejected/b.txt", encoding: .utf8) == "B")
        let reason = try String(contentsOfFile: root + "/rejected/b.txt.reason.txt", encoding: .utf8)
        #expect(reason.contains("T3_X") && reason.contains("wrong"))
        #expect(try store.pendingMoves().isEmpty)
        for id in [a, b, c] { #expect(try store.report(id: id)?.state == .done) }
        #expect(Set(result.reprocess.map(\.name.display)) == ["d.txt", "loose.txt"])
        #expect(result.reprocess.first { $0.name.display == "d.txt" }?.id == "c4")
        let work = try FileManager.default.contentsOfDirectory(atPath: root + "/work").sorted()
        #expect(work.count == 2 && work.contains("c4"), "c1, c2, c5 removed; c4 and the loose file's new claim kept: \(work)")

        // Idempotent: a second run finds only the two claims still to process.
        let again = try recovery().run()
        #expect(again.finishedMoves == 0)
        #expect(again.reprocess.count == 2)
        #expect(try FileManager.default.contentsOfDirectory(atPath: root + "/accepted").sorted() == ["a.txt", "c.txt"])
    }
}
