#if canImport(Glibc)
import Glibc
#endif

/// Marks stretches of a thread in which no file-system call may run, and tells their
/// owner about any that ran anyway.
///
/// The store holds SQLite's write lock for as short a time as it can: the writer chooses
/// names and moves files before and after a commit, never inside it. The store runs its
/// write transactions inside ``forbidding(onViolation:_:)``, and every ``FileSystem`` call
/// checks for such a region on its thread first; the region's handler decides what a
/// violation costs (the store counts it, and stops a debug build).
public enum FileSystemGuard {
    /// One forbidden stretch, with the handler its owner gave.
    final class Region {
        let onViolation: (StaticString) -> Void
        init(_ onViolation: @escaping (StaticString) -> Void) { self.onViolation = onViolation }
    }

    /// A thread-specific slot holding the innermost ``Region`` (retained), or nil.
    private static let key: pthread_key_t = {
        var key = pthread_key_t()
        pthread_key_create(&key, nil)
        return key
    }()

    /// Runs `body` with file-system calls forbidden on this thread; each ``FileSystem`` call
    /// made in it calls `onViolation` with the call's name, then proceeds.
    public static func forbidding<T>(onViolation: @escaping (_ call: StaticString) -> Void, _ body: () throws -> T) rethrows -> T {
        let outer = pthread_getspecific(key)
        let region = Unmanaged.passRetained(Region(onViolation)).toOpaque()
        pthread_setspecific(key, region)
        defer {
            pthread_setspecific(key, outer)
            Unmanaged<Region>.fromOpaque(region).release()
        }
        return try body()
    }

    /// Whether file-system calls are forbidden on this thread now.
    public static var isForbidden: Bool { pthread_getspecific(key) != nil }

    /// Called by every ``FileSystem`` function.
    @inline(__always)
    static func check(_ call: StaticString = #function) {
        guard let region = pthread_getspecific(key) else { return }
        Unmanaged<Region>.fromOpaque(region).takeUnretainedValue().onViolation(call)
    }
}
