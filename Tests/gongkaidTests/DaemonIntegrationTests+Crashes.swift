import Foundation
import GRDB
import GongkaiStore
import Testing

#if canImport(Glibc)
import Glibc
#endif

extension DaemonIntegrationTests {
    /// Issue test 5: kill -9 at random points during a burst, restart, ten times; then every
    /// file is exactly once in accepted/ or rejected/ and in the database, nothing is left in
    /// inbox/ or work/, and no row is duplicated.
    ///
    /// The kill points come from a seeded generator: the seed is printed and is in every
    /// failure message; `GONGKAI_TEST_SEED=<seed>` replays the same delays (where the daemon
    /// is when the delay ends still depends on scheduling).
    @Test func killNineDuringBurstsLosesAndDuplicatesNothing() throws {
        let seed = try TestSeed.current()
        print("killNineDuringBurstsLosesAndDuplicatesNothing: \(seed)")
        do {
            try killNineDuringBursts(seed: seed)
        } catch {
            Issue.record(error, "\(seed)")
        }
    }

    private func killNineDuringBursts(seed: TestSeed) throws {
        let root = try TestRoot()
        var generator = seed.generator()
        var names: [String] = []
        var delays: [UInt32] = []
        let perRound = 60
        for round in 0..<10 {
            let daemon = try DaemonProcess(root: root, logName: "kill-\(round)")
            let batch = (0..<perRound).map { i -> (String, [UInt8]) in
                let n = round * perRound + i
                // Every fifth file is a rejected report, so both folders and reason files are exercised.
                let bytes = i % 5 == 4 ? Seeds.rejected002 + Array("\n附：\(n)\n".utf8) : Seeds.variant(n)
                return ("crash-\(n).txt", bytes)
            }
            names += batch.map(\.0)
            try root.dropBurst(batch)
            // The random point: anywhere from before the first claim to the middle of the batch.
            let delay = UInt32.random(in: 0...400_000, using: &generator)
            delays.append(delay)
            usleep(delay)
            daemon.kill9()
        }
        let context = "\(seed); kills after (µs) \(delays)"
        let last = try DaemonProcess(root: root, logName: "kill-final")
        #expect(
            try waitFor(timeout: 90) { try root.doneCount() == names.count && root.inboxNames.isEmpty && root.workNames.isEmpty },
            "done \((try? root.doneCount()) ?? -1) of \(names.count); \(context); log:\n\(last.log.suffix(3000))")
        try expectExactlyOnce(root, names: names, context: context)
        let rejectedReasons = root.names(in: root.rejected).filter { $0.hasSuffix(".reason.txt") }
        #expect(rejectedReasons.count == root.rejectedFiles.count, "one reason file per rejected file; \(context)")
        let stop = last.terminate()
        #expect(stop.status == 0, "exit status \(exitDescription(stop.status)); \(context)")
    }

    /// ``expectExactlyOnce(_:names:)`` with `context` (the seed) in every failure message.
    private func expectExactlyOnce(_ root: TestRoot, names: [String], context: String) throws {
        let inFolders = root.acceptedFiles + root.rejectedFiles
        #expect(inFolders.count == names.count, "files in accepted/ + rejected/; \(context)")
        #expect(Set(inFolders) == Set(names), "\(context)")
        #expect(root.inboxNames.isEmpty, "inbox: \(root.inboxNames.prefix(5)); \(context)")
        #expect(root.workNames.isEmpty, "work: \(root.workNames.prefix(5)); \(context)")
        #expect(try root.count("SELECT count(*) FROM reports") == names.count, "\(context)")
        #expect(try root.count("SELECT count(DISTINCT file_name) FROM reports") == names.count, "\(context)")
        #expect(try root.count("SELECT count(DISTINCT sha256) FROM reports") == names.count, "\(context)")
        #expect(try root.count("SELECT count(*) FROM reports WHERE state <> 'done'") == 0, "\(context)")
        #expect(try root.count("SELECT count(*) FROM reports WHERE final_path <> verdict || '/' || file_name") == 0, "\(context)")
    }

    /// Issue test 9: SIGTERM during a burst exits 0 (within the harness's deadline); a restart finishes
    /// the rest and nothing is lost.
    @Test func sigtermDuringBurstStopsCleanlyAndRestartFinishes() throws {
        let root = try TestRoot()
        let daemon = try DaemonProcess(root: root)
        #expect(waitFor(timeout: 10) { daemon.log.contains("ready") })
        let names = (0..<400).map { "term-\($0).txt" }
        try root.dropBurst(names.enumerated().map { ($0.element, Seeds.variant(10_000 + $0.offset)) })
        #expect(try waitFor(timeout: 30) { try root.doneCount() >= 20 })
        // No wall-clock threshold: terminate() waits up to its deadline and reports no status
        // (a failure here) if the daemon is still running then.
        let stop = daemon.terminate()
        #expect(stop.status == 0, "exit status \(exitDescription(stop.status))")
        let doneAtStop = try root.doneCount()
        #expect(root.workNames.isEmpty, "the files in hand were finished: \(root.workNames.prefix(3))")
        let restarted = try DaemonProcess(root: root)
        #expect(try waitFor(timeout: 60) { try root.doneCount() == names.count }, "done \(doneAtStop) at stop")
        try expectExactlyOnce(root, names: names)
        #expect(restarted.terminate().status == 0)
    }
}

/// `terminate()`'s status for a failure message: nil means it was still running at the deadline.
func exitDescription(_ status: Int32?) -> String {
    status.map { "\($0)" } ?? "none (still running at the deadline, killed)"
}
