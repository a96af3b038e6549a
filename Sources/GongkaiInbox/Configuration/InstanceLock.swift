import GongkaiCore

#if canImport(Glibc)
import Glibc
#endif

/// One daemon per data root: an exclusive `flock` on `ROOT/gongkaid.lock`, held for the
/// life of the process (the kernel releases it when the process dies, even by kill -9, so
/// a stale lock never blocks a restart).
///
/// Two daemons on one root would each take the other's claims in recovery and race on the
/// same rows; the second one must not start. The file holds the holder's PID so the
/// refusal can name it.
public final class InstanceLock: Sendable {
    /// The lock file's name under the data root.
    public static let fileName = "gongkaid.lock"

    public let path: String
    private let fd: Int32

    /// Takes the lock, creating the root folder and the file if needed.
    ///
    /// - Throws: ``InboxLayout/ConfigurationError`` when another process holds it (naming
    ///   its PID) or the file cannot be created.
    public init(root: String) throws {
        try InboxLayout.makeDirectory(root)
        let path = root + "/" + Self.fileName
        let fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0o644)
        guard fd >= 0 else {
            throw InboxLayout.ConfigurationError(description: "cannot open the lock file \(path): \(FileSystem.errorText(errno))")
        }
        while flock(fd, LOCK_EX | LOCK_NB) != 0 {
            let e = errno
            if e == EINTR { continue }
            let holder = Self.readPID(fd)
            close(fd)
            if e == EWOULDBLOCK {
                let who = holder.map { "pid \($0)" } ?? "another process"
                throw InboxLayout.ConfigurationError(
                    description: "another gongkaid (\(who)) is already running on \(root) (it holds \(path)); one daemon per data root")
            }
            throw InboxLayout.ConfigurationError(description: "cannot lock \(path): \(FileSystem.errorText(e))")
        }
        // Ours now: record our PID for the next one who asks.
        let text = Array("\(getpid())\n".utf8)
        _ = ftruncate(fd, 0)
        _ = text.withUnsafeBytes { pwrite(fd, $0.baseAddress, $0.count, 0) }
        self.path = path
        self.fd = fd
    }

    deinit {
        close(fd)
    }

    private static func readPID(_ fd: Int32) -> Int32? {
        var buffer = [UInt8](repeating: 0, count: 32)
        let n = buffer.withUnsafeMutableBytes { pread(fd, $0.baseAddress, $0.count, 0) }
        guard n > 0 else { return nil }
        let digits = buffer[..<n].prefix { (0x30...0x39).contains($0) }
        return Int32(String(decoding: digits, as: UTF8.self))
    }
}
