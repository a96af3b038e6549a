import GongkaiCore

#if canImport(Glibc)
import Glibc
@preconcurrency import Dispatch

/// An inotify instance read by a Dispatch read source.
///
/// Events are hints, never commands: the handler only schedules a look at a name, and the
/// directory (claimed by rename) decides. The descriptor is non-blocking and read until
/// EAGAIN on each wake-up, so one wake-up drains everything queued.
final class InotifyWatcher: @unchecked Sendable {
    // @unchecked: both properties are `let`s set in init. `fd` is an Int32, and the inotify
    // calls on it (add, remove a watch) are system calls, safe from any thread. `source` is
    // a DispatchSource, which Dispatch does not mark Sendable although its `cancel()` may be
    // called from any thread; its handler runs on the one queue given at init.
    let fd: Int32
    private let source: DispatchSourceRead

    /// The inbox mask: arrivals, writes (to reset the quiet period), and the inbox itself going away.
    static let inboxMask: UInt32 =
        UInt32(IN_CLOSE_WRITE) | UInt32(IN_MOVED_TO) | UInt32(IN_CREATE) | UInt32(IN_MODIFY)
        | UInt32(IN_DELETE_SELF) | UInt32(IN_MOVE_SELF) | UInt32(IN_ONLYDIR) | UInt32(IN_EXCL_UNLINK)
    /// The root mask: to notice `inbox` being deleted, moved away or (re)created.
    static let rootMask: UInt32 =
        UInt32(IN_CREATE) | UInt32(IN_MOVED_TO) | UInt32(IN_DELETE) | UInt32(IN_MOVED_FROM)
        | UInt32(IN_ONLYDIR) | UInt32(IN_EXCL_UNLINK)

    /// - Parameters:
    ///   - queue: the serial queue the handler runs on.
    ///   - handler: receives each batch of decoded events.
    /// - Throws: ``Errno`` when inotify is unavailable (EMFILE, ENOSYS, …).
    init(queue: DispatchQueue, handler: @escaping @Sendable ([InotifyEvent]) -> Void) throws {
        let fd = inotify_init1(Int32(IN_NONBLOCK | IN_CLOEXEC))
        guard fd >= 0 else { throw Errno(errno) }
        self.fd = fd
        source = DispatchSource.makeReadSource(fileDescriptor: fd, queue: queue)
        source.setEventHandler {
            let capacity = 64 * 1024
            let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: capacity, alignment: 8)
            defer { buffer.deallocate() }
            var events: [InotifyEvent] = []
            while true {
                let n = read(fd, buffer.baseAddress, capacity)
                if n <= 0 { break }
                events += InotifyEvent.decode(UnsafeRawBufferPointer(rebasing: buffer[0..<n]))
            }
            if !events.isEmpty { handler(events) }
        }
        source.setCancelHandler { close(fd) }
        source.resume()
    }

    /// Adds (or replaces) a watch; returns the watch descriptor.
    func addWatch(path: String, mask: UInt32) -> Result<Int32, Errno> {
        let wd = inotify_add_watch(fd, path, mask)
        return wd >= 0 ? .success(wd) : .failure(Errno(errno))
    }

    func removeWatch(_ wd: Int32) {
        _ = inotify_rm_watch(fd, wd)
    }

    /// Stops reading and closes the descriptor.
    func cancel() {
        source.cancel()
    }
}
#endif
