import Foundation
import GongkaiCommandLine
import GongkaiCore

/// The optional configuration file (`--config PATH`): JSON with the same settings as the
/// command-line options, which override it. Example:
///
/// ```json
/// { "root": "/srv/gongkai", "database": "/var/lib/gongkai/gongkai.sqlite",
///   "policy": "default", "maxBytes": 20971520, "settleMs": 200 }
/// ```
struct DaemonConfigFile: Decodable {
    var root: String?
    var database: String?
    var policy: String?
    var maxBytes: Int64?
    var settleMs: Int?
    var settleNoCloseMs: Int?
    var emptyGraceMs: Int?
    var emptyOpenCapMs: Int?
    var evaluationBudgetSeconds: Double?
    var stopGraceSeconds: Double?
    var readerDeadlineSeconds: Double?
    var rescanSeconds: Double?
    var poll: Bool?
    var pollMs: Int?
    var workers: Int?
    var logLevel: String?
    var statusFile: String?
    var crossYearErrors: Bool?
    var reportPage: Bool?

    /// `root` and `database`, for ``DataRootOptions/resolved(configured:)`` (an option wins).
    var paths: DataRootOptions.Configured { DataRootOptions.Configured(root: root, database: database) }

    static func load(_ path: String) throws -> DaemonConfigFile {
        let data = try Data(contentsOf: URL(fileURLWithPath: path))
        let decoder = JSONDecoder()
        return try decoder.decode(DaemonConfigFile.self, from: data)
    }
}
