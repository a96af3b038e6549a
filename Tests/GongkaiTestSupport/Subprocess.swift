import Dispatch
import Foundation
import Synchronization

/// A finished run of an executable: its exit status and what it wrote.
public struct ProcessOutput: Sendable {
    public var status: Int32
    public var stdout: String
    public var stderr: String
    /// stdout as written (for JSON and bytes that need not be UTF-8).
    public var stdoutBytes: Data

    public init(status: Int32, stdout: Data, stderr: Data) {
        self.status = status
        self.stdout = String(decoding: stdout, as: UTF8.self)
        self.stderr = String(decoding: stderr, as: UTF8.self)
        self.stdoutBytes = stdout
    }
}

/// Runs the real executables the tests drive (`gongkai`, `gongkaid --version`, …) to the end.
public enum Subprocess {
    /// Runs `executable` with `arguments` and waits for it to exit.
    ///
    /// - Parameters:
    ///   - directory: its working directory (default: the test's).
    ///   - environment: its whole environment (default: the test's).
    ///   - mergingStderr: stderr goes to the same pipe as stdout (its `stdout` then holds
    ///     both, interleaved as written; `stderr` is empty).
    public static func run(
        _ executable: String, _ arguments: [String], directory: String? = nil, environment: [String: String]? = nil,
        mergingStderr: Bool = false
    ) throws -> ProcessOutput {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        if let directory { process.currentDirectoryURL = URL(fileURLWithPath: directory) }
        if let environment { process.environment = environment }
        let out = Pipe()
        let err = mergingStderr ? out : Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        // Both pipes drained at once: a child that fills one while the other is read would
        // otherwise block for good.
        let stderrData = Captured()
        let group = DispatchGroup()
        if !mergingStderr {
            DispatchQueue.global().async(group: group) {
                let data = err.fileHandleForReading.readDataToEndOfFile()
                stderrData.data.withLock { $0 = data }
            }
        }
        let stdout = out.fileHandleForReading.readDataToEndOfFile()
        group.wait()
        process.waitUntilExit()
        return ProcessOutput(status: process.terminationStatus, stdout: stdout, stderr: stderrData.data.withLock { $0 })
    }
}

/// stderr, handed from the thread that reads it to the one that waits.
private final class Captured: Sendable {
    let data = Mutex(Data())
}
