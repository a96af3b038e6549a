#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Thin wrappers over the system calls the inbox needs, all relative to directory
/// descriptors and all taking file names as raw bytes (Linux names need not be UTF-8).
///
/// Each returns 0 or the `errno` value, so callers can switch on the error without
/// touching the thread-local `errno` themselves.
enum Sys {
    typealias RenameAt2 = @convention(c) (Int32, UnsafePointer<CChar>, Int32, UnsafePointer<CChar>, UInt32) -> Int32
    typealias FStatFS = @convention(c) (Int32, UnsafeMutableRawPointer) -> Int32

    /// glibc ≥ 2.28 has renameat2, but Swift's Glibc module does not export it (it sits
    /// behind _GNU_SOURCE), and `syscall(2)` is variadic, so it is looked up at run time.
    static let renameat2: RenameAt2? = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "renameat2")
        .map { unsafeBitCast($0, to: RenameAt2.self) }
    static let fstatfsFunction: FStatFS? = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "fstatfs")
        .map { unsafeBitCast($0, to: FStatFS.self) }

    static let renameNoReplaceFlag: UInt32 = 1 // RENAME_NOREPLACE

    /// Calls `body` with a NUL-terminated copy of `bytes`.
    static func withCString<T>(_ bytes: [UInt8], _ body: (UnsafePointer<CChar>) -> T) -> T {
        var copy = bytes
        copy.append(0)
        return copy.withUnsafeBufferPointer { buffer in
            buffer.baseAddress.map { base in
                base.withMemoryRebound(to: CChar.self, capacity: buffer.count) { body($0) }
            } ?? body("")
        }
    }

    /// rename that never replaces: EEXIST when the target exists.
    static func renameNoReplace(_ fromDir: Int32, _ from: [UInt8], _ toDir: Int32, _ to: [UInt8]) -> Int32 {
        withCString(from) { f in
            withCString(to) { t in
                if let fn = renameat2 {
                    if fn(fromDir, f, toDir, t, renameNoReplaceFlag) == 0 { return 0 }
                    let e = errno
                    guard e == EINVAL || e == ENOSYS else { return e }
                }
                // No RENAME_NOREPLACE here (old libc or filesystem): check, then rename.
                // Only used inside the daemon's private folders, where no one else renames.
                var st = stat()
                if fstatat(toDir, t, &st, AT_SYMLINK_NOFOLLOW) == 0 { return EEXIST }
                return renameat(fromDir, f, toDir, t) == 0 ? 0 : errno
            }
        }
    }

    static func lstat(_ dir: Int32, _ name: [UInt8]) -> Result<stat, Errno> {
        withCString(name) { n in
            var st = stat()
            return fstatat(dir, n, &st, AT_SYMLINK_NOFOLLOW) == 0 ? .success(st) : .failure(Errno(errno))
        }
    }

    static func mkdir(_ dir: Int32, _ name: [UInt8], mode: mode_t = 0o750) -> Int32 {
        withCString(name) { mkdirat(dir, $0, mode) == 0 ? 0 : errno }
    }

    static func rmdir(_ dir: Int32, _ name: [UInt8]) -> Int32 {
        withCString(name) { unlinkat(dir, $0, AT_REMOVEDIR) == 0 ? 0 : errno }
    }

    /// Removes a file the daemon itself created (probe and temporary reason files only).
    static func unlinkOwn(_ dir: Int32, _ name: [UInt8]) -> Int32 {
        withCString(name) { unlinkat(dir, $0, 0) == 0 ? 0 : errno }
    }

    static func openDirectory(_ path: String) -> Int32 {
        open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
    }

    static func openDirectory(at dir: Int32, _ name: [UInt8]) -> Int32 {
        withCString(name) { openat(dir, $0, O_RDONLY | O_DIRECTORY | O_CLOEXEC | O_NOFOLLOW) }
    }

    /// fsync a directory so renames into or out of it survive a power cut.
    @discardableResult
    static func syncDirectory(_ fd: Int32) -> Int32 {
        fsync(fd) == 0 ? 0 : errno
    }

    /// The filesystem magic number (statfs f_type) of an open descriptor.
    static func filesystemMagic(_ fd: Int32) -> Int? {
        guard let fn = fstatfsFunction else { return nil }
        // struct statfs is 120 bytes on 64-bit Linux and starts with f_type (a long).
        let buffer = UnsafeMutableRawPointer.allocate(byteCount: 512, alignment: 16)
        defer { buffer.deallocate() }
        guard fn(fd, buffer) == 0 else { return nil }
        return buffer.load(as: Int.self)
    }

    /// The entries of a directory (without "." and ".."), with their d_type.
    static func listDirectory(_ dirFD: Int32) -> Result<[(name: [UInt8], type: UInt8)], Errno> {
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

    /// Monotonic clock in nanoseconds.
    static func monotonicNanos() -> UInt64 {
        var ts = timespec()
        clock_gettime(CLOCK_MONOTONIC, &ts)
        return UInt64(ts.tv_sec) * 1_000_000_000 + UInt64(ts.tv_nsec)
    }

    /// Wall clock in nanoseconds since the epoch.
    static func wallNanos() -> Int64 {
        var ts = timespec()
        clock_gettime(CLOCK_REALTIME, &ts)
        return Int64(ts.tv_sec) * 1_000_000_000 + Int64(ts.tv_nsec)
    }

    static func errorText(_ code: Int32) -> String {
        String(cString: strerror(code))
    }
}

/// An errno value, as an Error.
struct Errno: Error, Equatable, CustomStringConvertible {
    let code: Int32
    init(_ code: Int32) { self.code = code }
    var description: String { "\(Sys.errorText(code)) (errno \(code))" }
}

/// The parts of a stat result the settle rule and the safety checks compare.
struct StatSample: Equatable, Sendable {
    var device: UInt64
    var inode: UInt64
    var size: Int64
    var mtimeNanos: Int64
    var ctimeNanos: Int64
    var mode: UInt32
    var links: UInt64

    init(_ st: stat) {
        device = UInt64(st.st_dev)
        inode = UInt64(st.st_ino)
        size = Int64(st.st_size)
        mtimeNanos = Int64(st.st_mtim.tv_sec) * 1_000_000_000 + Int64(st.st_mtim.tv_nsec)
        ctimeNanos = Int64(st.st_ctim.tv_sec) * 1_000_000_000 + Int64(st.st_ctim.tv_nsec)
        mode = UInt32(st.st_mode)
        links = UInt64(st.st_nlink)
    }

    var fileType: FileKind { FileKind(mode: mode) }
}

/// What kind of directory entry a name is.
enum FileKind: String, Sendable {
    case regular, directory, symlink, fifo, socket, characterDevice = "character device", blockDevice = "block device", unknown

    init(mode: UInt32) {
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
