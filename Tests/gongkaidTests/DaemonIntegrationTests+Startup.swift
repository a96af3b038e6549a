import Foundation
import Testing
#if canImport(Glibc)
import Glibc
#endif

extension DaemonIntegrationTests {
    /// Unusable folders: exit 78 (EX_CONFIG) with one clear line, without touching anything.
    @Test func unusableFoldersExitWithStatus78() throws {
        let root = try TestRoot()
        FileManager.default.createFile(atPath: root.root + "/work", contents: Data("not a folder".utf8))
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
