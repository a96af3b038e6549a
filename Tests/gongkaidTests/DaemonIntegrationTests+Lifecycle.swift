import Foundation
import GRDB
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// Start, stop and the instance lock: a stop signal is never lost and never kills, a stop
/// is honest about what it leaves, exit 78 only for what the operator must fix.
extension DaemonIntegrationTests {
    /// Starts the daemon with a NOTIFY_SOCKET, waits for its READY=1 and sends SIGTERM at
    /// that instant (before or while `ready:` is logged and the signal receiver takes
    /// over). Returns the exit status, or nil (killed by a signal, or still running).
    private func sigtermAtReady(_ root: TestRoot, _ listener: DatagramListener, trial: Int) throws -> (status: Int32?, log: String) {
        let daemon = try DaemonProcess(root: root, environment: ["NOTIFY_SOCKET": listener.path], logName: "ready-\(trial)")
        var ready = false
        let deadline = DatagramListener.nowMs() + 15_000
        while !ready && DatagramListener.nowMs() < deadline {
            guard let datagram = listener.receive(timeoutMs: 500) else {
                if !daemon.isRunning { break }
                continue
            }
            if datagram.pid == daemon.pid && datagram.text.split(separator: "\n").contains("READY=1") {
                daemon.sendTerm()
                ready = true
            }
        }
        let status = ready ? daemon.waitForExit(timeout: 20) : nil
        if daemon.isRunning { daemon.kill9() }
        return (status, daemon.log)
    }

    /// SIGTERM the moment READY=1 arrives: exit 0, a hundred times in a row.
    @Test func sigtermAtReadyExitsZeroEveryTime() throws {
        let root = try TestRoot()
        let listener = try DatagramListener(path: root.base + "/notify.sock")
        for trial in 0..<100 {
            let (status, log) = try sigtermAtReady(root, listener, trial: trial)
            #expect(status == 0, "trial \(trial): status \(status.map(String.init) ?? "killed or hung"); log:\n\(log)")
            if status != 0 { break }
        }
    }

    /// The same after a kill -9 (a crash) and a restart: recovery runs, then READY=1, then
    /// the stop must still be clean.
    @Test func sigtermAtReadyAfterAKillNineExitsZero() throws {
        let root = try TestRoot()
        let listener = try DatagramListener(path: root.base + "/notify.sock")
        for trial in 0..<100 {
            let crashed = try DaemonProcess(root: root, logName: "crash-\(trial)")
            // Something to recover: a file dropped just before the kill.
            try root.drop("r-\(trial).txt", Seeds.variant(500 + trial))
            #expect(waitFor(timeout: 10) { crashed.log.contains("ready") }, "trial \(trial)")
            crashed.kill9()
            let (status, log) = try sigtermAtReady(root, listener, trial: trial)
            #expect(status == 0, "trial \(trial): status \(status.map(String.init) ?? "killed or hung"); log:\n\(log)")
            if status != 0 { break }
        }
        // Nothing lost along the way: every dropped file ends up decided by a final run.
        let last = try DaemonProcess(root: root, logName: "final")
        #expect(
            try waitFor(timeout: 60) { try root.doneCount() == 100 && root.inboxNames.isEmpty && root.workNames.isEmpty },
            "done \((try? root.doneCount()) ?? -1); log:\n\(last.log.suffix(2000))")
        #expect(last.terminate().status == 0)
    }

    /// One daemon per root: the second exits 78 naming the first one's PID, and the first
    /// keeps working.
    @Test func aSecondDaemonOnTheSameRootExits78NamingTheFirst() throws {
        let root = try TestRoot()
        let first = try DaemonProcess(root: root, logName: "first")
        #expect(waitFor(timeout: 10) { first.log.contains("ready") }, "log:\n\(first.log)")
        let second = try DaemonProcess(root: root, logName: "second")
        let status = second.waitForExit(timeout: 10)
        #expect(status == 78, "log:\n\(second.log)")
        #expect(second.log.contains("pid \(first.pid)"), "log:\n\(second.log)")
        #expect(second.log.split(separator: "\n").count == 1, "one line; log:\n\(second.log)")
        try root.drop("after.txt", Seeds.variant(600))
        #expect(try waitFor(timeout: 20) { try root.doneCount() == 1 }, "log:\n\(first.log)")
        #expect(first.terminate().status == 0)
        // With the first one gone, the lock is free again.
        let third = try DaemonProcess(root: root, logName: "third")
        #expect(waitFor(timeout: 10) { third.log.contains("ready") }, "log:\n\(third.log)")
        #expect(third.terminate().status == 0)
    }

    /// A database that cannot be written at start is a configuration error: exit 78 with
    /// one line, before READY (it used to report ready and then fail every file).
    @Test func aReadOnlyDatabaseAtStartExits78() throws {
        let root = try TestRoot()
        let state = root.base + "/state"
        let usesMount = Mounts.available
        if usesMount { try Mounts.tmpfs(at: state, kilobytes: 8192) }
        defer { if usesMount { Mounts.unmount(state) } }
        let first = try DaemonProcess(root: root)
        #expect(waitFor(timeout: 10) { first.log.contains("ready") }, "log:\n\(first.log)")
        #expect(first.terminate().status == 0)
        if usesMount {
            // Root ignores permission bits: make the filesystem itself read-only.
            try Mounts.remount(state, readOnly: true)
        } else {
            #expect(chmod(root.database, 0o444) == 0 && chmod(state, 0o555) == 0)
        }
        defer { if !usesMount { chmod(state, 0o755) } }
        let second = try DaemonProcess(root: root, logName: "readonly")
        let status = second.waitForExit(timeout: 15)
        #expect(status == 78, "log:\n\(second.log)")
        #expect(second.log.contains("cannot open the database"), "log:\n\(second.log)")
        #expect(!second.log.contains("ready"), "log:\n\(second.log)")
        if usesMount { try Mounts.remount(state, readOnly: false) }
    }

    /// A database busy at start (another process holds its write lock past the busy
    /// timeout) is a passing failure: exit 1, which systemd retries, not 78, which it
    /// would not.
    @Test func aBusyDatabaseAtStartExits1SoSystemdRetries() throws {
        let root = try TestRoot()
        let first = try DaemonProcess(root: root)
        #expect(waitFor(timeout: 10) { first.log.contains("ready") })
        #expect(first.terminate().status == 0)
        var configuration = Configuration()
        configuration.allowsUnsafeTransactions = true  // the point: a lock held across calls
        let holder = try DatabaseQueue(path: root.database, configuration: configuration)
        try holder.writeWithoutTransaction { db in try db.execute(sql: "BEGIN EXCLUSIVE") }
        defer { try? holder.writeWithoutTransaction { db in try db.execute(sql: "ROLLBACK") } }
        let second = try DaemonProcess(root: root, logName: "busy")
        let status = second.waitForExit(timeout: 30)
        #expect(status == 1, "log:\n\(second.log)")
        #expect(second.log.contains("database"), "log:\n\(second.log)")
    }

    /// SIGTERM while a file is stuck in evaluation: the stop waits the grace period, then
    /// exits 75 naming the file, which stays claimed; the next start finishes it.
    @Test(.faultHooks) func aStopCutShortByTheGracePeriodExits75AndNamesTheFilesLeft() throws {
        let root = try TestRoot()
        let hang = ["GONGKAID_TEST_HANG_MARKER": "HANG-HERE-9d1c"]
        let daemon = try DaemonProcess(
            root: root, arguments: ["--stop-grace-seconds", "1", "--evaluation-budget-seconds", "600"],
            environment: hang)
        #expect(waitFor(timeout: 10) { daemon.log.contains("ready") })
        try root.drop("stuck.txt", Seeds.variant(700) + Array("\nHANG-HERE-9d1c\n".utf8))
        #expect(waitFor(timeout: 10) { root.inboxNames.isEmpty && !root.workNames.isEmpty }, "log:\n\(daemon.log)")
        daemon.sendTerm()
        let status = daemon.waitForExit(timeout: 20)
        #expect(status == 75, "log:\n\(daemon.log)")
        #expect(daemon.log.contains("stop cut short"), "log:\n\(daemon.log)")
        #expect(daemon.log.contains("stuck.txt"), "the log names the file left; log:\n\(daemon.log)")
        #expect(!root.workNames.isEmpty, "the file stays claimed for recovery")
        // Without the fault, the next start evaluates it (one interrupted attempt is not a poison file).
        let next = try DaemonProcess(root: root, logName: "next")
        #expect(try waitFor(timeout: 30) { try root.doneCount() == 1 && root.workNames.isEmpty }, "log:\n\(next.log)")
        #expect(root.acceptedFiles == ["stuck.txt"], "log:\n\(next.log)")
        #expect(next.terminate().status == 0)
    }

    /// A second SIGTERM stops at once (75), without waiting out the grace period.
    @Test(.faultHooks) func aSecondSigtermStopsAtOnce() throws {
        let root = try TestRoot()
        let hang = ["GONGKAID_TEST_HANG_MARKER": "HANG-HERE-77aa"]
        let daemon = try DaemonProcess(
            root: root, arguments: ["--stop-grace-seconds", "600", "--evaluation-budget-seconds", "600"],
            environment: hang)
        #expect(waitFor(timeout: 10) { daemon.log.contains("ready") })
        try root.drop("stuck.txt", Seeds.variant(701) + Array("\nHANG-HERE-77aa\n".utf8))
        #expect(waitFor(timeout: 10) { root.inboxNames.isEmpty && !root.workNames.isEmpty }, "log:\n\(daemon.log)")
        daemon.sendTerm()
        #expect(waitFor(timeout: 10) { daemon.log.contains("stopping") }, "log:\n\(daemon.log)")
        #expect(daemon.isRunning, "still finishing the file in hand")
        daemon.sendTerm()
        let status = daemon.waitForExit(timeout: 20)
        #expect(status == 75, "log:\n\(daemon.log)")
        #expect(daemon.log.contains("second stop signal"), "log:\n\(daemon.log)")
    }
}
