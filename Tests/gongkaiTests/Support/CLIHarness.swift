import Foundation
import GRDB
import GongkaiStore
@_exported import GongkaiTestSupport

#if canImport(Glibc)
import Glibc
#endif

/// Runs the real `gongkaid` and `gongkai` binaries on a temporary root (the approach of
/// Tests/gongkaidTests/Support: a staging folder on the same filesystem, atomic drops,
/// polling with deadlines).
enum CLI {
    static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent()
    static let seedDirectory = repository.appendingPathComponent("Tests/GongkaiReportTests/Fixtures/seeds")
    static let seedNames: [String] = ((try? FileManager.default.contentsOfDirectory(atPath: seedDirectory.path)) ?? [])
        .filter { $0.hasSuffix(".txt") }.sorted()

    static func seedName(_ prefix: String) -> String { seedNames.first { $0.hasPrefix(prefix) } ?? prefix }
    static func seedPath(_ prefix: String) -> String { seedDirectory.appendingPathComponent(seedName(prefix)).path }
    static func seed(_ prefix: String) -> [UInt8] { (try? [UInt8](Data(contentsOf: URL(fileURLWithPath: seedPath(prefix))))) ?? [] }

    static var gongkai: String { CheckCommandTests.binary.path }
    static var gongkaid: String { CheckCommandTests.binary.deletingLastPathComponent().appendingPathComponent("gongkaid").path }

    typealias Output = ProcessOutput

    static func run(_ arguments: [String]) throws -> Output {
        try Subprocess.run(gongkai, arguments)
    }

    static func json(_ output: Output) throws -> Any {
        try JSONSerialization.jsonObject(with: output.stdoutBytes)
    }

    /// `gongkai check --json` of one file.
    static func check(_ path: String) throws -> [String: Any] {
        let output = try run(["check", "--json", path])
        guard let object = try JSONSerialization.jsonObject(with: output.stdoutBytes) as? [String: Any] else {
            throw HarnessFailure("check --json \(path): \(output.stderr)")
        }
        return object
    }
}

struct HarnessFailure: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}

/// A temporary data root with a staging folder beside it and a database under base/state.
final class CLIRoot: Sendable {
    let base: String
    var root: String { base + "/root" }
    var inbox: String { root + "/inbox" }
    var accepted: String { root + "/accepted" }
    var rejected: String { root + "/rejected" }
    var staging: String { base + "/staging" }
    var database: String { base + "/state/gongkai.sqlite" }
    /// The options every query subcommand gets.
    var options: [String] { ["--root", root, "--database", database] }

    init() throws {
        var template = Array((NSTemporaryDirectory() + "gongkai-cli-test-XXXXXX").utf8CString)
        guard let made = mkdtemp(&template) else { throw HarnessFailure("mkdtemp failed") }
        base = String(cString: made)
        try FileManager.default.createDirectory(atPath: staging, withIntermediateDirectories: true)
        try FileManager.default.createDirectory(atPath: inbox, withIntermediateDirectories: true)
    }

    deinit {
        if ProcessInfo.processInfo.environment["GONGKAI_KEEP_TEST_ROOT"] == nil {
            try? FileManager.default.removeItem(atPath: base)
        }
    }

    /// Writes in staging, then renames into the inbox (IN_MOVED_TO).
    func drop(_ name: String, _ bytes: [UInt8]) throws {
        let staged = staging + "/" + UUID().uuidString
        try Data(bytes).write(to: URL(fileURLWithPath: staged))
        guard rename(staged, inbox + "/" + name) == 0 else { throw HarnessFailure("rename into inbox failed: \(errno)") }
    }

    func names(in folder: String) -> [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []).sorted()
    }

    func rows(_ sql: String, _ arguments: StatementArguments = []) throws -> [Row] {
        var configuration = Configuration()
        configuration.readonly = true
        let pool = try DatabasePool(path: database, configuration: configuration)
        defer { try? pool.close() }
        return try pool.read { db in try Row.fetchAll(db, sql: sql, arguments: arguments) }
    }

    /// Rows stored and moved; 0 while the daemon is still creating the database.
    func doneCount() -> Int {
        guard FileManager.default.fileExists(atPath: database) else { return 0 }
        return (try? rows("SELECT count(*) AS n FROM reports WHERE state = 'done'").first.map { (row: Row) -> Int in row["n"] }) ?? 0
    }

    /// Waits (with a deadline) until `count` rows are done; throws with the daemon log otherwise.
    func waitForDone(_ count: Int, daemon: Daemon, timeout: Double = 20) throws {
        if !waitFor(timeout: timeout, { doneCount() >= count }) {
            throw HarnessFailure("only \(doneCount()) of \(count) reports done; daemon log:\n\(daemon.log)")
        }
    }
}

/// The real gongkaid on a CLIRoot.
final class Daemon {
    let process = Process()
    let logPath: String
    private let handle: FileHandle

    init(_ root: CLIRoot, _ extra: [String] = []) throws {
        logPath = root.base + "/daemon-\(UUID().uuidString.prefix(8)).log"
        _ = FileManager.default.createFile(atPath: logPath, contents: nil)
        guard let handle = FileHandle(forWritingAtPath: logPath) else { throw HarnessFailure("cannot open \(logPath)") }
        self.handle = handle
        process.executableURL = URL(fileURLWithPath: CLI.gongkaid)
        process.arguments =
            [
                "--root", root.root, "--database", root.database,
                "--settle-ms", "100", "--settle-no-close-ms", "500", "--empty-grace-ms", "300",
            ] + extra
        process.standardOutput = handle
        process.standardError = handle
        try process.run()
    }

    var log: String { (try? String(contentsOfFile: logPath, encoding: .utf8)) ?? "" }

    /// SIGTERM and wait (SIGKILL after 10 s).
    func stop() {
        guard process.isRunning else { return }
        kill(process.processIdentifier, SIGTERM)
        if !waitFor(timeout: 10, { !process.isRunning }) {
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
        }
        try? handle.close()
    }

    deinit {
        if process.isRunning {
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
        }
    }
}

/// Minimal RFC 4180 reader (quoted fields, doubled quotes, CRLF).
func parseCSV(_ text: String) -> [[String]] {
    var rows: [[String]] = []
    var row: [String] = []
    var field = ""
    var quoted = false
    var chars = Array(text.unicodeScalars)[...]
    while let c = chars.popFirst() {
        if quoted {
            if c == "\"" {
                if chars.first == "\"" { field.unicodeScalars.append("\""); chars = chars.dropFirst() } else { quoted = false }
            } else {
                field.unicodeScalars.append(c)
            }
            continue
        }
        switch c {
        case "\"": quoted = true
        case ",": row.append(field); field = ""
        case "\r": break
        case "\n": row.append(field); rows.append(row); row = []; field = ""
        default: field.unicodeScalars.append(c)
        }
    }
    if !field.isEmpty || !row.isEmpty { row.append(field); rows.append(row) }
    return rows
}
