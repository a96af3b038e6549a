import Foundation
import GongkaiCore
import GongkaiStore
import Logging
import Synchronization
import Testing

@testable import GongkaiInbox

/// The writer's data flows one way: the store decides (a read), the writer names the files
/// (file system), the store commits (SQLite alone), the files move, the rows are marked
/// done. A recording store around the real one checks each step against the real folders.
@Suite struct WriterFlowTests {
    let root: String
    let layout: InboxLayout
    let store: Store

    init() throws {
        root = NSTemporaryDirectory() + "gongkai-writer-flow-" + UUID().uuidString
        layout = try InboxLayout(root: root)
        store = try Store(path: root + "/test.sqlite")
    }

    /// What the recording store saw, in order.
    enum Step: Equatable {
        case decide(count: Int)
        /// The final names the commit was given, and whether each claimed file was still in
        /// work/ (not yet moved) and its final name still free when the commit began.
        case commit(names: [String], stillClaimed: Bool, namesFree: Bool)
        /// Whether every file was at its final place when the rows were marked done.
        case markDone(count: Int, filesInPlace: Bool)
    }

    final class RecordingStore: ReportStore {
        let real: Store
        let root: String
        let steps = Mutex<[Step]>([])
        /// Claim id → file name of the files in the batch, to look for them in work/.
        let claims = Mutex<[String: String]>([:])

        init(real: Store, root: String) {
            self.real = real
            self.root = root
        }

        func exists(_ path: String) -> Bool { FileManager.default.fileExists(atPath: root + "/" + path) }

        func decide(_ items: [ReportInput]) throws -> [IngestDecision] {
            steps.withLock { $0.append(.decide(count: items.count)) }
            return try real.decide(items)
        }

        func commit(_ items: [PlacedReport], processedAt: String) throws -> [IngestOutcome] {
            let names = items.map { "\($0.decision.verdict.folder.rawValue)/" + String(decoding: $0.finalName, as: UTF8.self) }
            let claimed = items.allSatisfy { exists("work/\($0.input.claimID)/\($0.input.fileName)") }
            let free = names.allSatisfy { !exists($0) }
            steps.withLock { $0.append(.commit(names: names, stillClaimed: claimed, namesFree: free)) }
            let outcomes = try real.commit(items, processedAt: processedAt)
            claims.withLock { map in
                for (item, outcome) in zip(items, outcomes) {
                    map[outcome.claimID] =
                        "\(outcome.verdict.folder.rawValue)/" + String(decoding: outcome.finalNameRaw, as: UTF8.self) + "|" + item.input.fileName
                }
            }
            return outcomes
        }

        func markDone(_ ids: [Int64], movedAt: String, renamed: [Int64: (raw: [UInt8], path: String)], reasonNames: [Int64: [UInt8]]) throws {
            let finals = claims.withLock { $0.values.map { String($0.split(separator: "|")[0]) } }
            let inPlace = finals.allSatisfy(exists)
            steps.withLock { $0.append(.markDone(count: ids.count, filesInPlace: inPlace)) }
            try real.markDone(ids, movedAt: movedAt, renamed: renamed, reasonNames: reasonNames)
        }

        func reopen() throws { try real.reopen() }
        func isTransient(_ error: any Error) -> Bool { Store.isTransient(error) }
        func suggestsReopen(_ error: any Error) -> Bool { Store.suggestsReopen(error) }
    }

    /// Puts `content` in a claim folder as the claimer would.
    func claim(_ id: String, _ name: String, _ content: String) throws -> Claim {
        try FileManager.default.createDirectory(atPath: root + "/work/" + id, withIntermediateDirectories: false)
        _ = FileManager.default.createFile(atPath: root + "/work/\(id)/\(name)", contents: Data(content.utf8))
        return Claim(id: id, name: FileName(name), receivedAt: Timestamp.now(), startedAt: SystemClock.monotonicNanos(), recovered: false)
    }

    func input(_ claim: Claim, sha: String, verdict: Verdict) -> ReportInput {
        ReportInput(
            claimID: claim.id, fileNameRaw: claim.name.bytes, fileName: claim.name.display, sha256: sha, size: 1,
            receivedAt: claim.receivedAt, verdict: verdict, rejection: nil, policy: .standard, year: 2023, agency: "某局",
            findings: verdict == .accepted ? [] : [FindingInput(code: "T3_X", severity: .error, messageZH: "错", messageEN: "wrong")])
    }

    @Test func theStoreDecidesTheWriterNamesTheStoreCommitsThenFilesMove() throws {
        defer { try? FileManager.default.removeItem(atPath: root) }
        // Names already taken in the destination folders force the writer to look around
        // (lstat) before the commit: none of that may happen inside it.
        _ = FileManager.default.createFile(atPath: root + "/accepted/a.txt", contents: Data("old".utf8))
        _ = FileManager.default.createFile(atPath: root + "/rejected/b.txt.reason.txt", contents: Data("old".utf8))
        let recording = RecordingStore(real: store, root: root)
        let finished = Mutex<[Writer.Finished]>([])
        let writer = Writer(store: recording, mover: Mover(layout: layout), logger: Logger(label: "test"), maxBatch: 16) { done in
            finished.withLock { $0 += done }
        }
        let violationsBefore = Store.fileSystemCallsInWriteTransactions
        let a = try claim("c1", "a.txt", "A")
        let b = try claim("c2", "b.txt", "B")
        let again = try claim("c3", "a.txt", "A")
        // Submitted from the writer's own queue in one go, so they form one batch.
        writer.queue.sync {
            writer.submit(.init(claim: a, input: input(a, sha: "sha-a", verdict: .accepted)))
            writer.submit(.init(claim: b, input: input(b, sha: "sha-b", verdict: .rejected)))
            writer.submit(.init(claim: again, input: input(again, sha: "sha-a", verdict: .accepted)))
        }
        let deadline = Date().addingTimeInterval(10)
        while finished.withLock({ $0.count }) < 3 && Date() < deadline { usleep(2000) }
        #expect(finished.withLock { $0.count } == 3)

        let steps = recording.steps.withLock { $0 }
        #expect(
            steps == [
                .decide(count: 3),
                // a.txt is taken in accepted/; b.txt's reason name is taken in rejected/; the third
                // file repeats a.txt's bytes within the batch: a duplicate, named before the commit.
                .commit(names: ["accepted/a (1).txt", "rejected/b (1).txt", "rejected/a.txt"], stillClaimed: true, namesFree: true),
                .markDone(count: 3, filesInPlace: true),
            ], "\(steps)")
        #expect(Store.fileSystemCallsInWriteTransactions == violationsBefore)
        #expect(try store.pendingMoves().isEmpty)
        #expect(try String(contentsOfFile: root + "/rejected/a.txt", encoding: .utf8) == "A")
        let duplicate = try #require(try store.reports(sha256: "sha-a").last)
        #expect(duplicate.rejection == .duplicate && duplicate.verdict == .rejected)
    }

    @Test func aFileSystemCallInsideAGuardedStretchIsReportedToItsOwner() throws {
        defer { try? FileManager.default.removeItem(atPath: root) }
        let seen = Mutex<[String]>([])
        FileSystemGuard.forbidding(onViolation: { call in seen.withLock { $0.append("\(call)") } }) {
            _ = FileSystem.lstat(layout.rootFD, Array("inbox".utf8))
            _ = FileSystem.readFile(FileSystem.atFDCWD, Array((root + "/test.sqlite").utf8))
        }
        _ = FileSystem.lstat(layout.rootFD, Array("inbox".utf8))  // outside: not reported
        #expect(seen.withLock { $0.count } == 2, "\(seen.withLock { $0 })")
        #expect(!FileSystemGuard.isForbidden)
    }
}
