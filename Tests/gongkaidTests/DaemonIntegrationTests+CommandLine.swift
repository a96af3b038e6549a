import Foundation
import GongkaiCore
import Testing

extension DaemonIntegrationTests {
    /// Runs gongkaid in an empty temporary directory and returns its status, stdout and
    /// stderr, and what it left in that directory (a daemon that started would make `data`).
    func runDaemonCommandLine(_ arguments: [String]) throws -> (status: Int32, stdout: String, stderr: String, leftovers: [String]) {
        let directory = NSTemporaryDirectory() + "gongkaid-cli-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        var environment = ProcessInfo.processInfo.environment
        environment.removeValue(forKey: "NOTIFY_SOCKET")
        let output = try Subprocess.run(DaemonProcess.daemonPath, arguments, directory: directory, environment: environment)
        return (output.status, output.stdout, output.stderr, (try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? [])
    }

    /// `gongkaid --version` prints GongkaiVersion.current on stdout and exits 0, without
    /// starting: the custom main (signals blocked first) lets ArgumentParser answer.
    @Test func versionPrintsTheVersionAndExits0() throws {
        let result = try runDaemonCommandLine(["--version"])
        #expect(result.status == 0)
        #expect(result.stdout == GongkaiVersion.current + "\n")
        #expect(result.stderr.isEmpty, "\(result.stderr)")
        #expect(result.leftovers.isEmpty, "gongkaid --version created \(result.leftovers)")
    }

    /// `gongkaid --help` prints the options on stdout and exits 0, also after other options.
    @Test func helpPrintsTheOptionsAndExits0() throws {
        for arguments in [["--help"], ["-h"], ["--root", "/nonexistent", "--help"]] {
            let result = try runDaemonCommandLine(arguments)
            #expect(result.status == 0, "\(arguments)")
            #expect(result.stdout.contains("USAGE: gongkaid"), "\(arguments): \(result.stdout)")
            for option in ["--config", "--root <dir>", "--database <path>", "--policy", "--version"] {
                #expect(result.stdout.contains(option), "\(arguments): no \(option) in\n\(result.stdout)")
            }
            #expect(result.stderr.isEmpty, "\(arguments): \(result.stderr)")
            #expect(result.leftovers.isEmpty, "gongkaid \(arguments) created \(result.leftovers)")
        }
    }

    /// A usage error still goes to stderr with a non-zero status (and nothing starts).
    @Test func unknownOptionIsAUsageError() throws {
        let result = try runDaemonCommandLine(["--no-such-option"])
        #expect(result.status != 0)
        #expect(result.stdout.isEmpty)
        #expect(result.stderr.contains("--no-such-option"), "\(result.stderr)")
        #expect(result.leftovers.isEmpty)
    }
}
