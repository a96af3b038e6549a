#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Thin wrappers over the file-system calls the daemon and the CLI need, all relative to
/// directory descriptors (`atFDCWD` for paths) and all taking file names as raw bytes
/// (Linux names need not be UTF-8).
///
/// Each returns 0 or the `errno` value, so callers can switch on the error without
/// touching the thread-local `errno` themselves. Every call first asks
/// ``FileSystemGuard`` whether file-system calls are allowed on this thread (the store
/// forbids them while it holds SQLite's write lock).
public enum FileSystem {
    typealias RenameAt2 = @convention(c) (Int32, UnsafePointer<CChar>, Int32, UnsafePointer<CChar>, UInt32) -> Int32
    typealias FStatFS = @convention(c) (Int32, UnsafeMutableRawPointer) -> Int32

    /// glibc ≥ 2.28 has renameat2, but Swift's Glibc module does not export it (it sits
    /// behind _GNU_SOURCE), and `syscall(2)` is variadic, so it is looked up at run time.
    static let renameat2: RenameAt2? = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "renameat2")
        .map { unsafeBitCast($0, to: RenameAt2.self) }
    static let fstatfsFunction: FStatFS? = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "fstatfs")
        .map { unsafeBitCast($0, to: FStatFS.self) }

    static let renameNoReplaceFlag: UInt32 = 1  // RENAME_NOREPLACE

    /// The "directory" argument that makes a name a path relative to the current directory.
    public static let atFDCWD: Int32 = AT_FDCWD

    /// Calls `body` with a NUL-terminated copy of `bytes`.
    public static func withCString<T>(_ bytes: [UInt8], _ body: (UnsafePointer<CChar>) -> T) -> T {
        var copy = bytes
        copy.append(0)
        return copy.withUnsafeBufferPointer { buffer in
            buffer.baseAddress.map { base in
                base.withMemoryRebound(to: CChar.self, capacity: buffer.count) { body($0) }
            } ?? body("")
        }
    }

    /// The one rename of the project, and it never replaces: EEXIST when the target exists.
    ///
    /// renameat2(RENAME_NOREPLACE) where the kernel and filesystem have it; otherwise link +
    /// unlink, which fails with EEXIST too; on a filesystem without hard links, a check then
    /// a rename (every caller renames within folders only gongkai writes to, or into the
    /// inbox, where a name that appears in between is the only risk and is reported).
    public static func renameNoReplace(_ fromDir: Int32, _ from: [UInt8], _ toDir: Int32, _ to: [UInt8]) -> Int32 {
        FileSystemGuard.check()
        return withCString(from) { f in
            withCString(to) { t in
                if let fn = renameat2 {
                    if fn(fromDir, f, toDir, t, renameNoReplaceFlag) == 0 { return 0 }
                    let e = errno
                    guard e == EINVAL || e == ENOSYS else { return e }
                }
                if linkat(fromDir, f, toDir, t, 0) == 0 {
                    return unlinkat(fromDir, f, 0) == 0 ? 0 : errno
                }
                let e = errno
                guard e == EPERM || e == EOPNOTSUPP || e == EMLINK else { return e }
                var st = stat()
                if fstatat(toDir, t, &st, AT_SYMLINK_NOFOLLOW) == 0 { return EEXIST }
                return renameat(fromDir, f, toDir, t) == 0 ? 0 : errno
            }
        }
    }

    /// The current directory, or "/" if it cannot be read.
    public static func currentDirectory() -> String {
        var buffer = [CChar](repeating: 0, count: Int(PATH_MAX) + 1)
        guard getcwd(&buffer, buffer.count) != nil else { return "/" }
        return String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    /// Writes `bytes` to the file `name` in `dir` (created, or truncated if it exists; a final
    /// symlink is refused), fsyncs and closes it.
    public static func writeNewFile(_ dir: Int32, _ name: [UInt8], _ bytes: [UInt8], mode: mode_t = 0o644) -> Int32 {
        bytes.withUnsafeBytes { writeNewFile(dir, name, $0, mode: mode) }
    }

    /// ``writeNewFile(_:_:_:mode:)`` of bytes in place (a large page is not copied first).
    public static func writeNewFile(_ dir: Int32, _ name: [UInt8], _ bytes: UnsafeRawBufferPointer, mode: mode_t = 0o644) -> Int32 {
        FileSystemGuard.check()
        let fd = withCString(name) { openat(dir, $0, O_WRONLY | O_CREAT | O_TRUNC | O_NOFOLLOW | O_CLOEXEC, mode) }
        guard fd >= 0 else { return errno }
        var written = 0
        while written < bytes.count {
            let n = write(fd, bytes.baseAddress.map { $0 + written }, bytes.count - written)
            if n < 0 {
                if errno == EINTR { continue }
                let e = errno
                close(fd)
                return e
            }
            written += n
        }
        if fsync(fd) != 0 {
            let e = errno
            close(fd)
            return e
        }
        close(fd)
        return 0
    }

    /// Replaces (or creates) `name` in `dir` whole: the bytes go to a hidden file beside it
    /// (`.NAME.partial`, fsynced), which is then renamed over `name`. A reader sees the old
    /// content or the new, never a part; a crash leaves at most the hidden file, which the
    /// next call overwrites.
    public static func replaceFile(_ dir: Int32, _ name: [UInt8], _ bytes: [UInt8], mode: mode_t = 0o644) -> Int32 {
        bytes.withUnsafeBytes { replaceFile(dir, name, $0, mode: mode) }
    }

    /// ``replaceFile(_:_:_:mode:)`` of a string's UTF-8, without copying it first.
    public static func replaceFile(_ dir: Int32, _ name: [UInt8], utf8 text: consuming String, mode: mode_t = 0o644) -> Int32 {
        var text = text
        return text.withUTF8 { replaceFile(dir, name, UnsafeRawBufferPointer($0), mode: mode) }
    }

    /// ``replaceFile(_:_:_:mode:)`` of bytes in place.
    public static func replaceFile(_ dir: Int32, _ name: [UInt8], _ bytes: UnsafeRawBufferPointer, mode: mode_t = 0o644) -> Int32 {
        let partial = Array(".".utf8) + name + Array(".partial".utf8)
        guard partial.count <= Int(NAME_MAX) else { return ENAMETOOLONG }
        let written = writeNewFile(dir, partial, bytes, mode: mode)
        guard written == 0 else {
            _ = withCString(partial) { unlinkat(dir, $0, 0) }
            return written
        }
        let renamed = withCString(partial) { from in withCString(name) { to in renameat(dir, from, dir, to) } }
        guard renamed == 0 else {
            let e = errno
            _ = withCString(partial) { unlinkat(dir, $0, 0) }
            return e
        }
        return 0
    }

    /// The whole content of a regular file, not following a final symlink; nil on any error.
    public static func readFile(_ dir: Int32, _ name: [UInt8]) -> [UInt8]? {
        FileSystemGuard.check()
        let fd = withCString(name) { openat(dir, $0, O_RDONLY | O_NOFOLLOW | O_CLOEXEC) }
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        var result: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 65536)
        while true {
            let n = buffer.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
            if n < 0 {
                if errno == EINTR { continue }
                return nil
            }
            if n == 0 { return result }
            result.append(contentsOf: buffer[..<n])
        }
    }

    public static func lstat(_ dir: Int32, _ name: [UInt8]) -> Result<stat, Errno> {
        FileSystemGuard.check()
        return withCString(name) { n in
            var st = stat()
            return fstatat(dir, n, &st, AT_SYMLINK_NOFOLLOW) == 0 ? .success(st) : .failure(Errno(errno))
        }
    }

    public static func mkdir(_ dir: Int32, _ name: [UInt8], mode: mode_t = 0o750) -> Int32 {
        FileSystemGuard.check()
        return withCString(name) { mkdirat(dir, $0, mode) == 0 ? 0 : errno }
    }

    public static func rmdir(_ dir: Int32, _ name: [UInt8]) -> Int32 {
        FileSystemGuard.check()
        return withCString(name) { unlinkat(dir, $0, AT_REMOVEDIR) == 0 ? 0 : errno }
    }

    /// Removes a file the daemon itself created (probe and temporary reason files only).
    public static func unlinkOwn(_ dir: Int32, _ name: [UInt8]) -> Int32 {
        FileSystemGuard.check()
        return withCString(name) { unlinkat(dir, $0, 0) == 0 ? 0 : errno }
    }

    public static func openDirectory(_ path: String) -> Int32 {
        FileSystemGuard.check()
        return open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
    }

    public static func openDirectory(at dir: Int32, _ name: [UInt8]) -> Int32 {
        FileSystemGuard.check()
        return withCString(name) { openat(dir, $0, O_RDONLY | O_DIRECTORY | O_CLOEXEC | O_NOFOLLOW) }
    }

    /// fsync a directory so renames into or out of it survive a power cut.
    @discardableResult
    public static func syncDirectory(_ fd: Int32) -> Int32 {
        FileSystemGuard.check()
        return fsync(fd) == 0 ? 0 : errno
    }

    /// The filesystem magic number (statfs f_type) of an open descriptor.
    public static func filesystemMagic(_ fd: Int32) -> Int? {
        guard let fn = fstatfsFunction else { return nil }
        // struct statfs is 120 bytes on 64-bit Linux and starts with f_type (a long).
        let buffer = UnsafeMutableRawPointer.allocate(byteCount: 512, alignment: 16)
        defer { buffer.deallocate() }
        guard fn(fd, buffer) == 0 else { return nil }
        return buffer.load(as: Int.self)
    }

    /// The entries of a directory (without "." and ".."), with their d_type.
    public static func listDirectory(_ dirFD: Int32) -> Result<[(name: [UInt8], type: UInt8)], Errno> {
        FileSystemGuard.check()
        let copy = dup(dirFD)
        guard copy >= 0 else { return .failure(Errno(errno)) }
        guard let dir = fdopendir(copy) else {
            let e = errno
            close(copy)
            return .failure(Errno(e))
        }
        defer { closedir(dir) }
        rewinddir(dir)
        var entries: [(name: [UInt8], type: UInt8)] = []
        while let entry = readdir(dir) {
            let type = entry.pointee.d_type
            let name: [UInt8] = withUnsafeBytes(of: entry.pointee.d_name) { raw in
                let bytes = raw.bindMemory(to: UInt8.self)
                let end = bytes.firstIndex(of: 0) ?? bytes.count
                return Array(bytes[..<end])
            }
            if name == [0x2E] || name == [0x2E, 0x2E] || name.isEmpty { continue }
            entries.append((name, type))
        }
        return .success(entries)
    }

    public static func errorText(_ code: Int32) -> String {
        String(cString: strerror(code))
    }
}

/// An errno value, as an Error.
public struct Errno: Error, Equatable, Sendable, CustomStringConvertible {
    public let code: Int32
    public init(_ code: Int32) { self.code = code }
    public var description: String { "\(FileSystem.errorText(code)) (errno \(code))" }
}

/// The parts of a stat result the settle rule and the safety checks compare.
public struct StatSample: Equatable, Sendable {
    public var device: UInt64
    public var inode: UInt64
    public var size: Int64
    public var mtimeNanos: Int64
    public var ctimeNanos: Int64
    public var mode: UInt32
    public var links: UInt64

    public init(_ st: stat) {
        device = UInt64(st.st_dev)
        inode = UInt64(st.st_ino)
        size = Int64(st.st_size)
        mtimeNanos = Int64(st.st_mtim.tv_sec) * 1_000_000_000 + Int64(st.st_mtim.tv_nsec)
        ctimeNanos = Int64(st.st_ctim.tv_sec) * 1_000_000_000 + Int64(st.st_ctim.tv_nsec)
        mode = UInt32(st.st_mode)
        links = UInt64(st.st_nlink)
    }

    public var fileType: FileKind { FileKind(mode: mode) }
}

/// What kind of directory entry a name is.
public enum FileKind: String, Sendable {
    case regular, directory, symlink, fifo, socket
    case characterDevice = "character device"
    case blockDevice = "block device"
    case unknown

    public init(mode: UInt32) {
        switch mode & UInt32(S_IFMT) {
        case UInt32(S_IFREG): self = .regular
        case UInt32(S_IFDIR): self = .directory
        case UInt32(S_IFLNK): self = .symlink
        case UInt32(S_IFIFO): self = .fifo
        case UInt32(S_IFSOCK): self = .socket
        case UInt32(S_IFCHR): self = .characterDevice
        case UInt32(S_IFBLK): self = .blockDevice
        default: self = .unknown
        }
    }
}
