import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// Small real filesystems for fault tests: a tmpfs of a few megabytes fills up like a real
/// disk (ENOSPC, SQLITE_FULL) and can be remounted read-only. Needs root (CI runs as root);
/// tests that use it are skipped, visibly, elsewhere.
enum Mounts {
    /// Whether this process may mount (root, and `mount` works here).
    static let available: Bool = {
        guard geteuid() == 0 else { return false }
        let probe = NSTemporaryDirectory() + "gongkaid-mount-probe-\(getpid())"
        guard mkdir(probe, 0o755) == 0 || errno == EEXIST else { return false }
        defer { rmdir(probe) }
        guard run(["mount", "-t", "tmpfs", "-o", "size=64k", "tmpfs", probe]) else { return false }
        return run(["umount", probe])
    }()

    static let reason = "needs root and permission to mount a tmpfs"

    /// Mounts a tmpfs of `kilobytes` at `path` (created if needed).
    static func tmpfs(at path: String, kilobytes: Int) throws {
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        guard run(["mount", "-t", "tmpfs", "-o", "size=\(kilobytes)k", "tmpfs", path]) else {
            throw TestFailure("cannot mount a tmpfs at \(path)")
        }
    }

    static func unmount(_ path: String) {
        if !run(["umount", path]) { _ = run(["umount", "-l", path]) }
    }

    static func remount(_ path: String, readOnly: Bool) throws {
        guard run(["mount", "-o", readOnly ? "remount,ro" : "remount,rw", path]) else {
            throw TestFailure("cannot remount \(path) \(readOnly ? "read-only" : "read-write")")
        }
    }

    /// Fills the filesystem holding `directory` with one file until writes fail (ENOSPC);
    /// returns the file's path. Delete it to free the space.
    static func fill(_ directory: String) throws -> String {
        let path = directory + "/filler-\(UUID().uuidString)"
        let fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw TestFailure("cannot create \(path): \(errno)") }
        defer { close(fd) }
        let chunk = [UInt8](repeating: 0x55, count: 4096)
        while true {
            let n = chunk.withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
            if n < 0 {
                if errno == EINTR { continue }
                if errno == ENOSPC { return path }
                throw TestFailure("filling \(directory): errno \(errno)")
            }
        }
    }

    @discardableResult
    static func run(_ arguments: [String]) -> Bool {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = arguments
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        do { try process.run() } catch { return false }
        process.waitUntilExit()
        return process.terminationReason == .exit && process.terminationStatus == 0
    }
}
