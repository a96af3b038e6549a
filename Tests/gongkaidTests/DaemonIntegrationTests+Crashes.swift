import Foundation
import GongkaiStore
import GRDB
import Testing
#if canImport(Glibc)
import Glibc
#endif

extension DaemonIntegrationTests {
    /// Issue test 5: kill -9 at random points during a burst, restart, ten times; then every
    /// file is exactly once in accepted/ or rejected/ and in the database, nothing is left in
    /// inbox/ or work/, and no row is duplicated.
    @Test func killNineDuringBurstsLosesAndDuplicatesNothing() throws {
        let root = try TestRoot()
        var generator = SystemRandomNumberGenerator()
        var names: [String] = []
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
            usleep(UInt32.random(in: 0...400_000, using: &generator))
            daemon.kill9()
        }
        let last = try DaemonProcess(root: root, logName: "kill-final")
        #expect(try waitFor(timeout: 90) { try root.doneCount() == names.count && root.inboxNames.isEmpty && root.workNames.isEmpty },
                "done \((try? root.doneCount()) ?? -1) of \(names.count); log:\n\(last.log.suffix(3000))")
        try expectExactlyOnce(root, names: names)
        let rejectedReasons = root.names(in: root.rejected).filter { $0.hasSuffix(".reason.txt") }
        #expect(rejectedReasons.count == root.rejectedFiles.count, "one reason file per rejected file")
        #expect(last.terminate().status == 0)
    }

    /// Issue test 9: SIGTERM during a burst exits 0 within a few seconds; a restart finishes
    /// the rest and nothing is lost.
    @Test func sigtermDuringBurstStopsCleanlyAndRestartFinishes() throws {
        let root = try TestRoot()
        let daemon = try DaemonProcess(root: root)
        #expect(try waitFor(timeout: 10) { daemon.log.contains("ready") })
        let names = (0..<400).map { "term-\($0).txt" }
        try root.dropBurst(names.enumerated().map { ($0.element, Seeds.variant(10_000 + $0.offset)) })
        #expect(try waitFor(timeout: 30) { try root.doneCount() >= 20 })
        let stop = daemon.terminate()
        #expect(stop.status == 0)
        #expect(stop.seconds < 5, "stopped in \(stop.seconds) s")
        let doneAtStop = try root.doneCount()
        #expect(root.workNames.isEmpty, "the files in hand were finished: \(root.workNames.prefix(3))")
        let restarted = try DaemonProcess(root: root)
        #expect(try waitFor(timeout: 60) { try root.doneCount() == names.count }, "done \(doneAtStop) at stop")
        try expectExactlyOnce(root, names: names)
        #expect(restarted.terminate().status == 0)
    }
}
