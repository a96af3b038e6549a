import GongkaiCore

#if canImport(Glibc)
import Glibc
#endif

/// The four folders under the data root, opened once and checked at start.
///
/// All four must be on one filesystem, because every step (claim, move) is a rename and a
/// rename across filesystems fails with EXDEV; and the daemon must be able to create,
/// rename and remove a file in each. Otherwise the daemon must not start (exit 78).
public final class InboxLayout: Sendable {
    public let root: String
    public var inboxPath: String { DataRoot.path(of: .inbox, root: root) }
    public var workPath: String { DataRoot.path(of: .work, root: root) }
    public var acceptedPath: String { DataRoot.path(of: .accepted, root: root) }
    public var rejectedPath: String { DataRoot.path(of: .rejected, root: root) }

    /// Descriptors of the root and the private folders. The inbox is always reached
    /// through `rootFD` + "inbox/NAME", so a replaced inbox is followed without reopening.
    let rootFD: Int32
    let workFD: Int32
    let acceptedFD: Int32
    let rejectedFD: Int32

    static let inboxPrefix: [UInt8] = Array(DataFolder.inbox.rawValue.utf8) + [0x2F]

    /// A problem with the folders that only the operator can fix.
    public struct ConfigurationError: Error, CustomStringConvertible {
        public let description: String
    }

    /// Creates the folders if needed and checks them.
    ///
    /// - Throws: ``ConfigurationError`` with a one-line message.
    public init(root: String) throws {
        let trimmed = DataRoot.trimmed(root)
        self.root = trimmed
        let names = DataFolder.fileFolders.map(\.rawValue)
        try Self.makeDirectory(trimmed)
        for name in names { try Self.makeDirectory(trimmed + "/" + name) }

        var devices: [String: UInt64] = [:]
        for name in names {
            var st = stat()
            guard lstat(trimmed + "/" + name, &st) == 0 else {
                throw ConfigurationError(description: "cannot stat \(trimmed)/\(name): \(FileSystem.errorText(errno))")
            }
            guard FileKind(mode: UInt32(st.st_mode)) == .directory else {
                throw ConfigurationError(description: "\(trimmed)/\(name) is not a directory")
            }
            devices[name] = UInt64(st.st_dev)
        }
        if Set(devices.values).count != 1 {
            let list = names.map { "\($0)=\(devices[$0] ?? 0)" }.joined(separator: " ")
            throw ConfigurationError(description: "the folders under \(trimmed) are not on one filesystem (st_dev \(list)); renames between them would fail")
        }
        try Self.probeRenames(root: trimmed, names: names)

        let rootFD = FileSystem.openDirectory(trimmed)
        let workFD = FileSystem.openDirectory(DataRoot.path(of: .work, root: trimmed))
        let acceptedFD = FileSystem.openDirectory(DataRoot.path(of: .accepted, root: trimmed))
        let rejectedFD = FileSystem.openDirectory(DataRoot.path(of: .rejected, root: trimmed))
        guard rootFD >= 0, workFD >= 0, acceptedFD >= 0, rejectedFD >= 0 else {
            for fd in [rootFD, workFD, acceptedFD, rejectedFD] where fd >= 0 { close(fd) }
            throw ConfigurationError(description: "cannot open the folders under \(trimmed): \(FileSystem.errorText(errno))")
        }
        self.rootFD = rootFD
        self.workFD = workFD
        self.acceptedFD = acceptedFD
        self.rejectedFD = rejectedFD
    }

    deinit {
        for fd in [rootFD, workFD, acceptedFD, rejectedFD] { close(fd) }
    }

    static func makeDirectory(_ path: String) throws {
        var st = stat()
        if stat(path, &st) == 0 { return }
        // mkdir -p
        var prefix = path.hasPrefix("/") ? "" : "."
        for part in path.split(separator: "/") {
            prefix += "/" + part
            if mkdir(prefix, 0o755) != 0 && errno != EEXIST {
                throw ConfigurationError(description: "cannot create \(prefix): \(FileSystem.errorText(errno))")
            }
        }
    }

    /// The probe's name: fixed, so a probe left behind by a kill during start-up is taken
    /// over (renamed onto) and removed by the next start's probe instead of lingering in
    /// the uploaders' folder.
    static let probeName = ".gongkaid-probe"

    /// Creates a probe file in the inbox and renames it through work, accepted and rejected,
    /// then removes it: proves read, write and rename rights and the absence of EXDEV.
    static func probeRenames(root: String, names: [String]) throws {
        let probe = probeName
        let first = root + "/" + names[0] + "/" + probe
        let fd = open(first, O_CREAT | O_WRONLY | O_TRUNC | O_CLOEXEC, 0o600)
        guard fd >= 0 else {
            throw ConfigurationError(description: "cannot create a file in \(root)/\(names[0]): \(FileSystem.errorText(errno))")
        }
        close(fd)
        var current = first
        for name in names.dropFirst() {
            let next = root + "/" + name + "/" + probe
            guard rename(current, next) == 0 else {
                let e = errno
                unlink(current)
                throw ConfigurationError(description: "cannot rename from \(current) to \(next): \(FileSystem.errorText(e))")
            }
            current = next
            guard access(root + "/" + name, R_OK | W_OK | X_OK) == 0 else {
                unlink(current)
                throw ConfigurationError(description: "\(root)/\(name) is not readable and writable: \(FileSystem.errorText(errno))")
            }
        }
        unlink(current)
    }

    /// Removes probe files that earlier versions named `.gongkaid-probe-<pid>` and left
    /// behind when killed during start-up. Call only while holding the ``InstanceLock``
    /// (no other daemon's probe can be in flight then).
    public static func removeLeftoverProbes(root: String) {
        for name in DataFolder.fileFolders.map(\.rawValue) {
            let fd = FileSystem.openDirectory(root + "/" + name)
            guard fd >= 0 else { continue }
            defer { close(fd) }
            guard case .success(let entries) = FileSystem.listDirectory(fd) else { continue }
            let prefix = Array((probeName + "-").utf8)
            for entry in entries
            where entry.name.starts(with: prefix)
                && entry.name.dropFirst(prefix.count).allSatisfy({ (0x30...0x39).contains($0) })
            {
                _ = FileSystem.unlinkOwn(fd, entry.name)
            }
        }
    }

    /// The inbox path of a name, relative to `rootFD`.
    func inboxRelative(_ name: FileName) -> [UInt8] { Self.inboxPrefix + name.bytes }

    /// The directory descriptor of a verdict's folder.
    func destinationFD(verdict: Verdict) -> Int32 {
        switch verdict {
        case .accepted: acceptedFD
        case .rejected: rejectedFD
        }
    }
}
