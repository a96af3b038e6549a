#if canImport(Glibc)
import Glibc
#endif
import Synchronization

/// Marks stretches of a thread in which no file-system call may run, and counts the calls
/// that ran anyway.
///
/// The store holds SQLite's write lock for as short a time as it can: the writer chooses
/// names and moves files before and after a commit, never inside it. The store runs its
/// write transactions inside ``forbidding(_:)``, and every ``FileSystem`` call checks
/// ``isForbidden``: a call made there is counted in ``violations``, which the
/// tests assert to be zero.
public enum FileSystemGuard {
    /// A thread-specific flag: non-nil while file-system calls are forbidden.
    private static let key: pthread_key_t = {
        var key = pthread_key_t()
        pthread_key_create(&key, nil)
        return key
    }()
    private static let count = Atomic<Int>(0)

    /// Runs `body` with file-system calls forbidden on this thread.
    public static func forbidding<T>(_ body: () throws -> T) rethrows -> T {
        let outer = pthread_getspecific(key)
        pthread_setspecific(key, UnsafeRawPointer(bitPattern: 1))
        defer { pthread_setspecific(key, outer) }
        return try body()
    }

    /// Whether file-system calls are forbidden on this thread now.
    public static var isForbidden: Bool { pthread_getspecific(key) != nil }

    /// How many file-system calls ran where they were forbidden, in this process.
    public static var violations: Int { count.load(ordering: .relaxed) }

    /// Called by every ``FileSystem`` function.
    @inline(__always)
    static func check() {
        if isForbidden { count.add(1, ordering: .relaxed) }
    }
}
