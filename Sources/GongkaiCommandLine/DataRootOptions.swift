import ArgumentParser
import GongkaiCore

/// `--root` and `--database`, declared once for `gongkaid` and `gongkai` (the CLI reads
/// the daemon's database and folders, so both must agree on where they are).
///
/// Defaults come from ``DataRoot``: ROOT is `./data`, the database `ROOT/state/gongkai.sqlite`.
/// Relative paths are read against the current directory and trailing slashes dropped
/// (``DataRoot/absolute(_:currentDirectory:)``).
public struct DataRootOptions: ParsableArguments, Sendable {
    @Option(
        help: ArgumentHelp(
            "Data root holding \(DataFolder.fileFolders.map { $0.rawValue + "/" }.joined(separator: ", ")) (default: ./\(DataRoot.defaultRoot)).",
            valueName: "dir"))
    public var root: String?

    @Option(help: ArgumentHelp("SQLite database (default: ROOT/\(DataRoot.databaseRelativePath)).", valueName: "path"))
    public var database: String?

    public init() {}

    /// The paths in force, both absolute. An option wins over `configured` (gongkaid's
    /// configuration file), which wins over the default; the default database follows the
    /// root in force.
    public func resolved(configured: Configured = Configured()) -> Resolved {
        let root = DataRoot.absolute(self.root ?? configured.root ?? DataRoot.defaultRoot)
        let database = DataRoot.absolute(self.database ?? configured.database ?? DataRoot.databasePath(root: root))
        return Resolved(root: root, database: database)
    }

    /// The same two settings from another source (a configuration file).
    public struct Configured: Sendable {
        public var root: String?
        public var database: String?
        public init(root: String? = nil, database: String? = nil) {
            self.root = root
            self.database = database
        }
    }

    /// Absolute paths of the data root and the database.
    public struct Resolved: Sendable, Equatable {
        public var root: String
        public var database: String

        public init(root: String, database: String) {
            self.root = root
            self.database = database
        }

        /// `folder` under the root.
        public func path(of folder: DataFolder) -> String { DataRoot.path(of: folder, root: root) }
    }
}
