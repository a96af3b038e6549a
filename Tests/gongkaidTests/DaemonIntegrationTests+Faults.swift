import Foundation
import GRDB
import GongkaiStore
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// Faults the daemon must ride out without a restart loop, and the small contract breaks
/// found by operating it: each test failed before its fix.
extension DaemonIntegrationTests {
    /// A file that crashes the evaluator: the daemon dies with it twice (as it would
    /// under systemd, which restarts it), and the third start rejects the file as unsafe
    /// instead of taking it again, and keeps running.
    @Test(.faultHooks) func aFileThatCrashesTheEvaluatorTwiceIsRejectedAsUnsafe() throws {
        let root = try TestRoot()
        let crash = ["GONGKAID_TEST_CRASH_MARKER": "CRASH-HERE-51f0"]
        let poison = Seeds.variant(800) + Array("\nCRASH-HERE-51f0\n".utf8)
        for attempt in 1...2 {
            let daemon = try DaemonProcess(root: root, environment: crash, logName: "crash-\(attempt)")
            #expect(waitFor(timeout: 10) { daemon.log.contains("ready") || !daemon.isRunning }, "attempt \(attempt)")
            if attempt == 1 { try root.drop("poison.txt", poison) }
            #expect(waitFor(timeout: 20) { !daemon.isRunning }, "attempt \(attempt) should crash; log:\n\(daemon.log)")
            #expect(daemon.waitForExit(timeout: 1) == nil, "killed by SIGABRT, not an exit")
            #expect(!root.workNames.isEmpty, "the file stays claimed")
        }
        let survivor = try DaemonProcess(root: root, environment: crash, logName: "survivor")
        #expect(try waitFor(timeout: 20) { try root.doneCount() == 1 }, "log:\n\(survivor.log)")
        #expect(root.rejectedFiles == ["poison.txt"])
        #expect(try root.count("SELECT count(*) FROM findings WHERE code = 'FILE_UNSAFE'") == 1)
        #expect(root.read(root.rejected + "/poison.txt.reason.txt").contains("could not be processed safely"))
        #expect(root.workNames.isEmpty, "no marker or claim folder is left")
        try root.drop("good.txt", Seeds.variant(801))
        #expect(waitFor(timeout: 20) { root.acceptedFiles == ["good.txt"] }, "log:\n\(survivor.log)")
        #expect(survivor.isRunning)
        #expect(survivor.terminate().status == 0)
    }

    /// An evaluation that never returns is abandoned at its budget: the file is rejected
    /// with a reason, the other files go on, and the stop is still clean.
    @Test(.faultHooks) func anEvaluationOverItsBudgetIsRejectedAndTheRestGoesOn() throws {
        let root = try TestRoot()
        let daemon = try DaemonProcess(
            root: root, arguments: ["--evaluation-budget-seconds", "1", "--workers", "2"],
            environment: ["GONGKAID_TEST_HANG_MARKER": "HANG-HERE-0b3e"])
        #expect(waitFor(timeout: 10) { daemon.log.contains("ready") })
        try root.drop("endless.txt", Seeds.variant(810) + Array("\nHANG-HERE-0b3e\n".utf8))
        try root.dropBurst((0..<5).map { ("ok-\($0).txt", Seeds.variant(811 + $0)) })
        #expect(try waitFor(timeout: 30) { try root.doneCount() == 6 }, "log:\n\(daemon.log)")
        #expect(root.rejectedFiles == ["endless.txt"])
        #expect(root.acceptedFiles.count == 5)
        #expect(try root.count("SELECT count(*) FROM findings WHERE code = 'FILE_OVER_BUDGET'") == 1)
        #expect(daemon.isRunning)
        #expect(daemon.terminate().status == 0, "log:\n\(daemon.log)")
    }

    /// Database writes fail (the disk holding the database is full) for five seconds: the
    /// files stay claimed, STATUS= says so, and once space is freed every file is stored
    /// within seconds by the same process. The failure is logged once, not per retry.
    @Test(.enabled(if: Mounts.available, "\(Mounts.reason)"))
    func aDatabaseWriteFaultIsRiddenOutWithoutARestart() throws {
        let root = try TestRoot()
        let state = root.base + "/dbdisk"
        try Mounts.tmpfs(at: state, kilobytes: 4096)
        defer { Mounts.unmount(state) }
        let statusFile = root.base + "/status.txt"
        let daemon = try DaemonProcess(root: root, arguments: ["--database", state + "/gongkai.sqlite", "--status-file", statusFile])
        #expect(waitFor(timeout: 10) { daemon.log.contains("ready") })
        try root.drop("before.txt", Seeds.variant(820))
        #expect(try waitFor(timeout: 20) { try Self.done(state) == 1 }, "log:\n\(daemon.log)")

        let filler = try Mounts.fill(state)
        let names = (0..<10).map { "during-\($0).txt" }
        try root.dropBurst(names.enumerated().map { ($1, Seeds.variant(821 + $0)) })
        #expect(waitFor(timeout: 15) { root.read(statusFile).contains("FAULT") }, "status: \(root.read(statusFile)); log:\n\(daemon.log)")
        #expect(root.acceptedFiles == ["before.txt"], "nothing moves while nothing is stored")
        // Five seconds of failing writes (the fault lasts; this is the scenario, not a synchronisation).
        usleep(5_000_000)
        #expect(daemon.log.components(separatedBy: "database write failed").count - 1 <= 2, "log:\n\(daemon.log)")
        #expect(unlink(filler) == 0)
        #expect(try waitFor(timeout: 15) { try Self.done(state) == 11 }, "log:\n\(daemon.log)")
        #expect(Set(root.acceptedFiles) == Set(names + ["before.txt"]))
        #expect(waitFor(timeout: 5) { !root.read(statusFile).contains("FAULT") }, "status: \(root.read(statusFile))")
        #expect(daemon.log.contains("database writes work again"))
        #expect(daemon.isRunning)
        #expect(daemon.terminate().status == 0)
    }

    /// Moves fail (the disk holding the folders is full, so reason files cannot be
    /// written) while new files keep arriving: retries back off and the error is logged
    /// once, not hundreds of times; after the space is freed everything lands.
    @Test(.enabled(if: Mounts.available, "\(Mounts.reason)"))
    func failingMovesBackOffAndAreLoggedOnce() throws {
        let root = try TestRoot()
        try Mounts.tmpfs(at: root.root, kilobytes: 2048)
        defer { Mounts.unmount(root.root) }
        // Staging must be on the same filesystem for atomic drops.
        let staging = root.root + "/.staging"
        try FileManager.default.createDirectory(atPath: staging, withIntermediateDirectories: true)
        let database = root.base + "/db/gongkai.sqlite"
        try FileManager.default.createDirectory(atPath: root.base + "/db", withIntermediateDirectories: true)
        let daemon = try DaemonProcess(root: root, arguments: ["--database", database])
        #expect(waitFor(timeout: 10) { daemon.log.contains("ready") })
        let rejected = (0..<4).map { ("bad-\($0).txt", Seeds.rejected002 + Array("\n附\($0)\n".utf8)) }
        for (name, bytes) in rejected {
            try Data(bytes).write(to: URL(fileURLWithPath: staging + "/" + name))
        }
        let filler = try Mounts.fill(root.root)
        for (name, _) in rejected {
            #expect(rename(staging + "/" + name, root.inbox + "/" + name) == 0)
            usleep(1_000_000)  // arrivals spread over the fault, as in the field
        }
        let failures = daemon.log.components(separatedBy: "cannot move").count - 1
        #expect(failures >= 1 && failures <= 2, "\(failures) move-failure lines; log:\n\(daemon.log)")
        #expect(unlink(filler) == 0)
        #expect(waitFor(timeout: 20) { root.rejectedFiles.count == 4 && root.workNames.isEmpty }, "log:\n\(daemon.log)")
        #expect(root.names(in: root.rejected).filter { $0.hasSuffix(".reason.txt") }.count == 4)
        #expect(daemon.terminate().status == 0)
    }

    /// Probe files a kill during start-up left in the shared folders are removed at start.
    @Test func probeFilesLeftByAnInterruptedStartAreRemoved() throws {
        let root = try TestRoot()
        for name in ["work", "accepted", "rejected"] {
            try FileManager.default.createDirectory(atPath: root.root + "/" + name, withIntermediateDirectories: true)
        }
        let leftovers = [
            root.inbox + "/.gongkaid-probe-4242", root.inbox + "/.gongkaid-probe",
            root.accepted + "/.gongkaid-probe", root.rejected + "/.gongkaid-probe-77",
        ]
        for path in leftovers { #expect(FileManager.default.createFile(atPath: path, contents: nil)) }
        let daemon = try DaemonProcess(root: root)
        #expect(waitFor(timeout: 10) { daemon.log.contains("ready") })
        for path in leftovers { #expect(!FileManager.default.fileExists(atPath: path), "\(path)") }
        #expect(daemon.terminate().status == 0)
    }

    /// A rejected file with a 255-byte name: its reason file fits NAME_MAX, the database
    /// records the pairing, and `gongkai requeue --rejected` brings it back.
    @Test func aRejectedFileWithAMaximalNameCanBeRequeued() throws {
        let root = try TestRoot()
        let name = String(repeating: "长", count: 83) + "ab.txt"  // 249 + 6 = 255 bytes
        #expect(name.utf8.count == 255)
        let daemon = try DaemonProcess(root: root)
        #expect(waitFor(timeout: 10) { daemon.log.contains("ready") })
        try root.drop(name, Seeds.rejected002)
        #expect(try waitFor(timeout: 20) { try root.doneCount() == 1 }, "log:\n\(daemon.log)")
        #expect(root.rejectedFiles == [name])
        let reasons = root.names(in: root.rejected).filter { $0.hasSuffix(".reason.txt") }
        #expect(reasons.count == 1 && reasons.allSatisfy { $0.utf8.count <= 255 })
        let requeue = try runCLI(["requeue", "--rejected", "--root", root.root, "--database", root.database])
        #expect(requeue.status == 0, "\(requeue.output)")
        #expect(try waitFor(timeout: 20) { try root.doneCount() == 2 }, "log:\n\(daemon.log)")
        // Back under its own name, with a new reason file; the old one is kept aside.
        let entries = root.names(in: root.rejected)
        #expect(entries.contains(name), "\(entries)")
        #expect(entries.filter { $0.hasSuffix(".reason.txt") }.count == 1, "\(entries)")
        #expect(entries.filter { $0.hasSuffix(".requeued") }.count == 1, "\(entries)")
        #expect(entries.allSatisfy { $0.utf8.count <= 255 })
        #expect(daemon.terminate().status == 0)
    }

    /// An empty file whose writer still holds it open is not judged FILE_EMPTY after the
    /// grace period: the bytes that come later are what is checked.
    @Test func anEmptyFileStillOpenByItsWriterWaitsForItsBytes() throws {
        let root = try TestRoot()
        let daemon = try DaemonProcess(root: root)  // empty grace 300 ms, settle without close 500 ms
        #expect(waitFor(timeout: 10) { daemon.log.contains("ready") })
        let fd = open(root.inbox + "/slow.txt", O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o644)
        #expect(fd >= 0)
        // Well past the grace period and the settle rules, nothing may be decided.
        #expect(!(try waitFor(timeout: 2) { try root.doneCount() > 0 }), "judged while still open; log:\n\(daemon.log)")
        let bytes = Seeds.variant(830)
        #expect(bytes.withUnsafeBytes { write(fd, $0.baseAddress, $0.count) } == bytes.count)
        close(fd)
        #expect(try waitFor(timeout: 20) { try root.doneCount() == 1 }, "log:\n\(daemon.log)")
        #expect(root.acceptedFiles == ["slow.txt"], "log:\n\(daemon.log)")
        #expect(try root.rows("SELECT size FROM reports").first?["size"] as Int? == bytes.count)
        #expect(daemon.terminate().status == 0)
    }

    /// Rows marked done in the database under `stateDirectory` (0 while it is being created).
    static func done(_ stateDirectory: String) throws -> Int {
        let path = stateDirectory + "/gongkai.sqlite"
        guard FileManager.default.fileExists(atPath: path), let pool = try? TestRoot.readOnlyPool(path) else { return 0 }
        defer { try? pool.close() }
        return (try? pool.read { db in try Int.fetchOne(db, sql: "SELECT count(*) FROM reports WHERE state = 'done'") ?? 0 }) ?? 0
    }

    /// Runs the `gongkai` CLI; its exit status and combined output.
    func runCLI(_ arguments: [String]) throws -> (status: Int32, output: String) {
        let output = try Subprocess.run(DaemonProcess.checkPath, arguments, mergingStderr: true)
        return (output.status, output.stdout)
    }
}
