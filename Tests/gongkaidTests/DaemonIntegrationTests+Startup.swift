import Foundation
import Testing

#if canImport(Glibc)
import Glibc
#endif

extension DaemonIntegrationTests {
    /// Unusable folders: exit 78 (EX_CONFIG) with one clear line, without touching anything.
    @Test func unusableFoldersExitWithStatus78() throws {
        let root = try TestRoot()
        _ = FileManager.default.createFile(atPath: root.root + "/work", contents: Data("not a folder".utf8))
        let daemon = try DaemonProcess(root: root)
        #expect(waitFor(timeout: 10) { !daemon.isRunning })
        #expect(daemon.process.terminationStatus == 78)
        let lines = daemon.log.split(separator: "\n")
        #expect(lines.count == 1 && lines.first?.contains("work is not a directory") == true, "\(daemon.log)")
    }

    /// Poll mode (forced here; chosen automatically on NFS/CIFS/FUSE) with settings from a
    /// JSON configuration file.
    @Test func pollModeFromAConfigurationFileProcessesArrivals() throws {
        let root = try TestRoot()
        let config = root.base + "/gongkaid.json"
        try Data(#"{ "poll": true, "pollMs": 100, "policy": "strict" }"#.utf8).write(to: URL(fileURLWithPath: config))
        let daemon = try DaemonProcess(root: root, arguments: ["--config", config])
        #expect(waitFor(timeout: 10) { daemon.log.contains("ready") })
        #expect(daemon.log.contains("polling"))
        try root.drop("polled.txt", Seeds.variant(300))
        #expect(try waitFor(timeout: 20) { try root.doneCount() == 1 }, "log:\n\(daemon.log)")
        #expect(try root.rows("SELECT policy FROM reports").first?["policy"] as String? == "strict")
        #expect(daemon.terminate().status == 0)
    }
}

extension DaemonIntegrationTests {
    /// SIGHUP re-reads the configuration file: switching it to the strict policy judges the
    /// next file strictly, without a restart.
    @Test func reloadAppliesANewPolicy() throws {
        let root = try TestRoot()
        let config = root.base + "/gongkaid.json"
        try Data(#"{ "policy": "default" }"#.utf8).write(to: URL(fileURLWithPath: config))
        let daemon = try DaemonProcess(root: root, arguments: ["--config", config])
        #expect(waitFor(timeout: 10) { daemon.log.contains("ready") })
        // Seed 004 is accepted by default and rejected strictly (recovered blanks, renamed sections).
        let seed = Seeds.bytes(Seeds.names.first { $0.hasPrefix("004") } ?? "")
        try root.drop("before.txt", seed)
        #expect(try waitFor(timeout: 20) { try root.doneCount() == 1 }, "log:\n\(daemon.log)")
        try Data(#"{ "policy": "strict" }"#.utf8).write(to: URL(fileURLWithPath: config))
        kill(daemon.process.processIdentifier, SIGHUP)
        #expect(waitFor(timeout: 10) { daemon.log.contains("policy=strict") }, "log:\n\(daemon.log)")
        try root.drop("after.txt", seed + Array("\n".utf8))
        #expect(try waitFor(timeout: 20) { try root.doneCount() == 2 }, "log:\n\(daemon.log)")
        let verdicts = try root.rows("SELECT file_name, verdict, policy FROM reports ORDER BY id").map {
            "\($0["file_name"] as String? ?? ""):\($0["verdict"] as String? ?? ""):\($0["policy"] as String? ?? "")"
        }
        #expect(verdicts == ["before.txt:accepted:default", "after.txt:rejected:strict"])
        #expect(daemon.isRunning)
        #expect(daemon.terminate().status == 0)
    }
}
