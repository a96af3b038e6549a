import Foundation
@_exported import GongkaiTestSupport
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// The real `gongkaid` binary, run as a subprocess on a test root.
final class DaemonProcess {
    let process = Process()
    let logPath: String
    private let logHandle: FileHandle

    /// Where the test bundle's sibling products are (`swift test` builds every product).
    static var productsDirectory: URL {
        if let override = ProcessInfo.processInfo.environment["GONGKAID_PRODUCTS"] { return URL(fileURLWithPath: override) }
        var url = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath()
        // .../debug/gongkaiPackageTests.xctest (Linux) or .../debug/x.xctest/Contents/MacOS/x
        while url.pathComponents.count > 1 {
            url.deleteLastPathComponent()
            if FileManager.default.isExecutableFile(atPath: url.appendingPathComponent("gongkaid").path) { return url }
        }
        return URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
    }

    static var daemonPath: String { productsDirectory.appendingPathComponent("gongkaid").path }
    static var checkPath: String { productsDirectory.appendingPathComponent("gongkai").path }

    /// Starts `gongkaid` on `root`. `environment` is added to the test's own (for
    /// NOTIFY_SOCKET and the fault-injection markers); Swift's crash backtracer is off so a
    /// deliberate abort ends the process at once.
    init(root: TestRoot, arguments extra: [String] = [], environment: [String: String] = [:], logName: String = "daemon") throws {
        logPath = root.base + "/\(logName)-\(UUID().uuidString.prefix(8)).log"
        _ = FileManager.default.createFile(atPath: logPath, contents: nil)
        guard let handle = FileHandle(forWritingAtPath: logPath) else { throw TestFailure("cannot open \(logPath)") }
        logHandle = handle
        process.executableURL = URL(fileURLWithPath: Self.daemonPath)
        process.arguments =
            [
                "--root", root.root, "--database", root.database,
                "--settle-ms", "100", "--settle-no-close-ms", "500", "--empty-grace-ms", "300",
            ] + extra
        var env = ProcessInfo.processInfo.environment
        env["SWIFT_BACKTRACE"] = "enable=no"
        env.removeValue(forKey: "NOTIFY_SOCKET")
        env.removeValue(forKey: "WATCHDOG_USEC")
        for (key, value) in environment { env[key] = value }
        process.environment = env
        process.standardOutput = handle
        process.standardError = handle
        try process.run()
    }

    var pid: Int32 { process.processIdentifier }
    var isRunning: Bool { process.isRunning }

    var log: String { (try? String(contentsOfFile: logPath, encoding: .utf8)) ?? "" }

    /// SIGTERM, then waits for the exit; returns the status and how long it took.
    func terminate(timeout: Double = 10) -> (status: Int32?, seconds: Double) {
        let start = Date()
        kill(pid, SIGTERM)
        let exited = waitFor(timeout: timeout) { !self.process.isRunning }
        if !exited { kill(pid, SIGKILL); process.waitUntilExit() }
        let seconds = Date().timeIntervalSince(start)
        try? logHandle.close()
        // A death by signal is not an exit status (Foundation reports the signal number).
        let status: Int32? = exited ? (process.terminationReason == .exit ? process.terminationStatus : 128 + process.terminationStatus) : nil
        return (status, seconds)
    }

    /// Waits for the process to exit by itself; its exit status, or nil when it is still
    /// running at the deadline or was killed by a signal.
    func waitForExit(timeout: Double) -> Int32? {
        guard waitFor(timeout: timeout, { !self.process.isRunning }) else { return nil }
        try? logHandle.close()
        return process.terminationReason == .exit ? process.terminationStatus : nil
    }

    /// SIGTERM now, without waiting.
    func sendTerm() {
        kill(pid, SIGTERM)
    }

    /// kill -9.
    func kill9() {
        kill(pid, SIGKILL)
        process.waitUntilExit()
        try? logHandle.close()
    }

    deinit {
        if process.isRunning {
            kill(pid, SIGKILL)
            process.waitUntilExit()
        }
    }
}

struct TestFailure: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}

extension Trait where Self == ConditionTrait {
    /// For tests that drive the daemon's fault-injection markers (`GONGKAID_TEST_*`), which
    /// exist in debug builds only (`TestHooks`): in a release build such a test is skipped,
    /// and says so, instead of failing on a daemon that never crashes or hangs on cue.
    static var faultHooks: Self {
        #if DEBUG
        .enabled(if: true)
        #else
        .disabled("the daemon's fault-injection hooks (GONGKAID_TEST_*) exist in debug builds only")
        #endif
    }
}
