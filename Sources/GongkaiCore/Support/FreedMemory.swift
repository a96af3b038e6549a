#if canImport(Glibc)
import Glibc
#endif

/// Gives memory the process has freed back to the kernel.
///
/// glibc keeps freed heap memory for reuse; after a one-off peak (the report page of a large
/// store reads and renders a few hundred megabytes) the daemon's resident size would stay at
/// that peak. `malloc_trim(0)` returns it. glibc's `<malloc.h>` is not in Swift's Glibc
/// module, so the function is looked up once by name; on another C library this does nothing.
public enum FreedMemory {
    private typealias Trim = @convention(c) (Int) -> Int32

    private static let trim: Trim? = {
        #if canImport(Glibc)
        guard let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "malloc_trim") else { return nil }
        return unsafeBitCast(symbol, to: Trim.self)
        #else
        return nil
        #endif
    }()

    /// Whether the C library has `malloc_trim` (glibc).
    public static var isAvailable: Bool { trim != nil }

    /// Returns freed memory to the kernel; true when the C library did (glibc only).
    @discardableResult
    public static func release() -> Bool {
        guard let trim else { return false }
        return trim(0) == 1
    }
}
