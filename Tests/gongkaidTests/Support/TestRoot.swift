import Foundation
import GRDB
import GongkaiStore

#if canImport(Glibc)
import Glibc
#endif

/// A temporary data root with a staging folder beside it (same filesystem, so drops are
/// atomic renames) and helpers to drop files and read the daemon's results.
final class TestRoot {
    let base: String
    var root: String { base + "/root" }
    var inbox: String { root + "/inbox" }
    var work: String { root + "/work" }
    var accepted: String { root + "/accepted" }
    var rejected: String { root + "/rejected" }
    var staging: String { base + "/staging" }
    var database: String { base + "/state/gongkai.sqlite" }

    init() throws {
        let template = NSTemporaryDirectory() + "gongkaid-test-XXXXXX"
        var bytes = Array(template.utf8CString)
        guard let made = mkdtemp(&bytes) else { throw TestFailure("mkdtemp failed") }
        base = String(cString: made)
        try FileManager.default.createDirectory(atPath: staging, withIntermediateDirectories: true)
        try FileManager.default.createDirectory(atPath: inbox, withIntermediateDirectories: true)
    }

    deinit {
        if ProcessInfo.processInfo.environment["GONGKAID_KEEP_TEST_ROOT"] == nil {
            try? FileManager.default.removeItem(atPath: base)
        }
    }

    // MARK: Dropping files

    /// Writes `bytes` in the staging folder, then renames it into the inbox (IN_MOVED_TO).
    func drop(_ name: String, _ bytes: [UInt8]) throws {
        let staged = staging + "/" + UUID().uuidString
        try Data(bytes).write(to: URL(fileURLWithPath: staged))
        guard rename(staged, inbox + "/" + name) == 0 else { throw TestFailure("rename into inbox failed: \(errno)") }
    }

    /// Stages many files first, then renames them all into the inbox as fast as possible.
    func dropBurst(_ files: [(String, [UInt8])]) throws {
        var staged: [(String, String)] = []
        for (name, bytes) in files {
            let path = staging + "/" + UUID().uuidString
            try Data(bytes).write(to: URL(fileURLWithPath: path))
            staged.append((path, inbox + "/" + name))
        }
        for (from, to) in staged {
            guard rename(from, to) == 0 else { throw TestFailure("rename into inbox failed: \(errno)") }
        }
    }

    // MARK: Looking at folders

    func names(in folder: String) -> [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []).sorted()
    }

    /// Files (not reason files) in accepted/ and rejected/.
    var acceptedFiles: [String] { names(in: accepted) }
    /// The rejected files themselves, without their reason files and pages.
    var rejectedFiles: [String] { names(in: rejected).filter { !$0.hasSuffix(".reason.txt") && !$0.hasSuffix(".reason.html") } }
    var inboxNames: [String] { names(in: inbox) }
    var workNames: [String] { names(in: work) }

    func read(_ path: String) -> String {
        (try? String(contentsOfFile: path, encoding: .utf8)) ?? ""
    }

    // MARK: Database

    /// Opens the database read-only (the way the operator CLI will).
    func store() throws -> Store {
        try Store(path: database, readOnly: true)
    }

    /// The database through GRDB itself, read-only, for queries the store does not offer.
    static func readOnlyPool(_ path: String) throws -> DatabasePool {
        var configuration = Configuration()
        configuration.readonly = true
        return try DatabasePool(path: path, configuration: configuration)
    }

    func count(_ sql: String, _ arguments: StatementArguments = []) throws -> Int {
        guard FileManager.default.fileExists(atPath: database) else { return 0 }
        let pool = try Self.readOnlyPool(database)
        defer { try? pool.close() }
        return try pool.read { db in try Int.fetchOne(db, sql: sql, arguments: arguments) ?? 0 }
    }

    func rows(_ sql: String, _ arguments: StatementArguments = []) throws -> [Row] {
        let pool = try Self.readOnlyPool(database)
        defer { try? pool.close() }
        return try pool.read { db in try Row.fetchAll(db, sql: sql, arguments: arguments) }
    }

    /// Rows marked done (stored and moved).
    func doneCount() throws -> Int {
        // 0 while the daemon is still creating the database.
        (try? count("SELECT count(*) FROM reports WHERE state = 'done'")) ?? 0
    }
}
