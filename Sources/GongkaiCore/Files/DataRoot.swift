/// The folders under the data root (daemon.md, "Folders"). Every step a file takes is a
/// rename between them, so they must share one filesystem.
public enum DataFolder: String, Sendable, CaseIterable {
    /// Where clerks drop files.
    case inbox
    /// Claimed files, one private folder per claim.
    case work
    case accepted
    case rejected
    /// The database (by default) and the status file.
    case state

    /// The four folders a file moves through (the state folder holds no reports).
    public static let fileFolders: [DataFolder] = [.inbox, .work, .accepted, .rejected]
}

/// Paths both executables agree on: the data root, the database and how a relative path
/// on the command line is read.
public enum DataRoot {
    /// The data root when neither an option nor the configuration file names one.
    public static let defaultRoot = "data"
    /// The database relative to the root: `ROOT/state/gongkai.sqlite`.
    public static let databaseRelativePath = "state/gongkai.sqlite"

    /// The default database path of a root.
    public static func databasePath(root: String) -> String {
        trimmed(root) + "/" + databaseRelativePath
    }

    /// `folder` under `root`.
    public static func path(of folder: DataFolder, root: String) -> String {
        trimmed(root) + "/" + folder.rawValue
    }

    /// An absolute path without trailing slashes (`/` stays `/`): a relative path is read
    /// against the current directory, as a shell would.
    public static func absolute(_ path: String, currentDirectory: String = FileSystem.currentDirectory()) -> String {
        let path = trimmed(path)
        if path.hasPrefix("/") { return path }
        return trimmed(currentDirectory) + "/" + path
    }

    /// `path` without trailing slashes, `/` kept.
    public static func trimmed(_ path: String) -> String {
        var p = Substring(path)
        while p.count > 1 && p.hasSuffix("/") { p.removeLast() }
        return String(p)
    }
}
