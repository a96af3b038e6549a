import Foundation
internal import GRDB
import GongkaiCore
import Synchronization

/// The SQLite database of received reports: one row per decided file, with its cells
/// and findings, in WAL mode so readers (the operator CLI, status) never block the daemon.
///
/// Durability: the daemon's ingest commits run with `synchronous=FULL`. In WAL mode
/// NORMAL would only sync at checkpoints, so a power cut could roll back a commit whose
/// file was already moved into `accepted/`; FULL syncs the WAL on every commit, and the
/// daemon groups a backlog into one transaction, so the cost is one fsync per batch,
/// not per file.
///
/// Open it read-only (`readOnly: true`) from tools: no migration runs and no write is possible.
public final class Store: Sendable {
    /// The current connection pool (replaced by ``reopen()``).
    var pool: DatabasePool { connection.withLock { $0 } }
    private let connection: Mutex<DatabasePool>
    private let configuration: Configuration
    private let readOnly: Bool
    /// The database file path.
    public let path: String
    /// The severity of the cross-year checks when a report arrives: warnings by default; as
    /// errors, a report that disagrees with a stored neighbour year is rejected.
    public let crossYearSeverity: Severity
    /// Label ids of `cell_labels`, so storing a cell costs one insert.
    let labels = LabelCache()

    /// Opens (and for writers creates and migrates) the database.
    ///
    /// - Parameters:
    ///   - path: the SQLite file; its directory must exist.
    ///   - readOnly: open for reading only; the database must already exist.
    ///   - busyTimeout: how long a statement waits for a lock before SQLITE_BUSY.
    ///   - crossYearSeverity: see ``crossYearSeverity``.
    /// - Throws: GRDB's `DatabaseError` when the file cannot be opened or migrated.
    public init(path: String, readOnly: Bool = false, busyTimeout: Double = 5, crossYearSeverity: Severity = .warning) throws {
        var config = Configuration()
        config.readonly = readOnly
        config.busyMode = .timeout(busyTimeout)
        // The writer keeps the references consistent itself (one serial writer, one
        // transaction per batch); checking them costs a B-tree seek per cell. Readers and
        // tools that delete (ON DELETE CASCADE) turn the checks on.
        config.foreignKeysEnabled = readOnly
        if !readOnly {
            config.prepareDatabase { db in
                try db.execute(sql: "PRAGMA synchronous = FULL")
                // A batch of 256 reports dirties about 2,000 pages (cells are most of it). With
                // SQLite's default 2 MB cache they would spill to the WAL mid-transaction and be
                // read back page by page; 32 MB keeps a whole batch in memory.
                try db.execute(sql: "PRAGMA cache_size = -32768")
            }
        }
        let pool = try DatabasePool(path: path, configuration: config)
        if !readOnly {
            try StoreSchema.migrator.migrate(pool)
        }
        self.connection = Mutex(pool)
        self.configuration = config
        self.readOnly = readOnly
        self.path = path
        self.crossYearSeverity = crossYearSeverity
    }

    /// Closes the database (checkpointing the WAL when this is the last connection).
    public func close() throws {
        try pool.close()
    }

    /// Proves that the database can be written now: one committed write (a row in
    /// `daemon_starts`). Opening and migrating an up-to-date database writes nothing, so a
    /// read-only file, folder or filesystem is only found here; the daemon calls it before
    /// it reports ready.
    public func recordStart(pid: Int32, at time: String) throws {
        try write { db in
            try db.execute(sql: "INSERT INTO daemon_starts (pid, started_at) VALUES (?, ?)", arguments: [pid, time])
        }
    }

    /// Runs `body` in a write transaction with file-system calls forbidden: while SQLite's
    /// write lock is held only SQLite works (see ``FileSystemGuard``).
    func write<T>(_ body: (Database) throws -> T) throws -> T {
        try pool.write { db in
            try FileSystemGuard.forbidding(onViolation: Self.fileSystemCallInWriteTransaction) { try body(db) }
        }
    }

    private static let writeTransactionViolations = Atomic<Int>(0)

    /// How many file-system calls ran inside a write transaction of any store of this
    /// process. The tests assert that it stays 0; a debug build stops at the first one.
    public static var fileSystemCallsInWriteTransactions: Int { writeTransactionViolations.load(ordering: .relaxed) }

    private static func fileSystemCallInWriteTransaction(_ call: StaticString) {
        writeTransactionViolations.add(1, ordering: .relaxed)
        assertionFailure("file-system call \(call) inside a store write transaction")
    }

    /// Replaces the connection pool with a fresh one on the same file. After some I/O
    /// errors (a filesystem remounted read-only and back, a replaced file) SQLite keeps
    /// failing on the old handles; the writer calls this while writes keep failing, so the
    /// daemon heals without a restart.
    public func reopen() throws {
        let fresh = try DatabasePool(path: path, configuration: configuration)
        let old = connection.withLock { current -> DatabasePool in
            defer { current = fresh }
            return current
        }
        try? old.close()
    }

    /// Whether an error is worth retrying later (busy, locked, disk full, I/O) rather than
    /// a sign of a bug. The daemon retries every store error with backoff anyway; this is
    /// for the log line.
    public static func isTransient(_ error: any Error) -> Bool {
        guard let e = error as? DatabaseError else { return false }
        switch e.resultCode {
        case .SQLITE_BUSY, .SQLITE_LOCKED, .SQLITE_FULL, .SQLITE_IOERR, .SQLITE_CANTOPEN, .SQLITE_PROTOCOL, .SQLITE_NOMEM:
            return true
        default:
            return false
        }
    }

    /// Whether an error opening or first writing the database needs the operator (a
    /// read-only or unreadable file or folder, not a database, corrupt) rather than a retry:
    /// the daemon exits with status 78 on these, and non-zero otherwise so systemd retries.
    public static func isConfigurationProblem(_ error: any Error) -> Bool {
        guard let e = error as? DatabaseError else { return false }
        switch e.resultCode {
        case .SQLITE_READONLY, .SQLITE_CANTOPEN, .SQLITE_PERM, .SQLITE_AUTH, .SQLITE_NOTADB, .SQLITE_CORRUPT:
            return true
        default:
            return false
        }
    }

    /// Whether an error while writing suggests the connection itself is spoiled (read-only
    /// or I/O errors), so that ``reopen()`` is worth trying once the cause may be gone.
    public static func suggestsReopen(_ error: any Error) -> Bool {
        guard let e = error as? DatabaseError else { return false }
        switch e.resultCode {
        case .SQLITE_READONLY, .SQLITE_IOERR, .SQLITE_CANTOPEN, .SQLITE_CORRUPT, .SQLITE_NOTADB:
            return true
        default:
            return false
        }
    }
}

/// The in-memory copy of `cell_labels`. New labels found inside a transaction are only
/// added after it commits, so a rolled-back id is never reused from the cache.
final class LabelCache: Sendable {
    struct Key: Hashable {
        var table: String
        var rowKey: String
        var rowLabel: String
        var columnLabel: String
    }
    private let state = Mutex<(loaded: Bool, ids: [Key: Int64])>((false, [:]))

    func snapshot() -> (loaded: Bool, ids: [Key: Int64]) {
        state.withLock { $0 }
    }

    func merge(_ new: [Key: Int64], loaded all: Bool) {
        state.withLock { state in
            if all { state.loaded = true }
            state.ids.merge(new) { _, b in b }
        }
    }
}

/// A row of `cell_labels`, as the label cache loads it.
struct StoredLabel: Decodable {
    var id: Int64
    var key: LabelCache.Key

    enum CodingKeys: String, CodingKey {
        case id, tbl
        case rowKey = "row_key"
        case rowLabel = "row_label"
        case columnLabel = "column_label"
    }

    init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        id = try c.decode(Int64.self, forKey: .id)
        key = LabelCache.Key(
            table: try c.decode(String.self, forKey: .tbl), rowKey: try c.decode(String.self, forKey: .rowKey),
            rowLabel: try c.decode(String.self, forKey: .rowLabel), columnLabel: try c.decode(String.self, forKey: .columnLabel))
    }
}
