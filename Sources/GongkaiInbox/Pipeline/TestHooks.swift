#if DEBUG
import GongkaiCore
#if canImport(Glibc)
import Glibc
#endif
#endif

/// Fault injection for the integration tests, compiled into debug builds only: a file
/// holding the text in `GONGKAID_TEST_CRASH_MARKER` aborts the process when its evaluation
/// starts, one holding `GONGKAID_TEST_HANG_MARKER` blocks its worker for good; in the reader
/// child, `GONGKAID_TEST_READER_CRASH_MARKER` and `GONGKAID_TEST_READER_HANG_MARKER` do the
/// same to the child. They stand in for an engine or reader bug on a poison file, which the
/// daemon must survive.
enum TestHooks {
    #if DEBUG
    private static let crashMarker = marker("GONGKAID_TEST_CRASH_MARKER")
    private static let hangMarker = marker("GONGKAID_TEST_HANG_MARKER")
    private static let readerCrashMarker = marker("GONGKAID_TEST_READER_CRASH_MARKER")
    private static let readerHangMarker = marker("GONGKAID_TEST_READER_HANG_MARKER")

    private static func marker(_ name: String) -> [UInt8]? {
        guard let value = getenv(name) else { return nil }
        let bytes = Array(String(cString: value).utf8)
        return bytes.isEmpty ? nil : bytes
    }

    private static func contains(_ bytes: [UInt8], _ needle: [UInt8]) -> Bool {
        guard let first = needle.first, bytes.count >= needle.count else { return false }
        var i = 0
        while i + needle.count <= bytes.count {
            if bytes[i] == first, bytes[i..<(i + needle.count)].elementsEqual(needle) { return true }
            i += 1
        }
        return false
    }
    #endif

    @inline(__always)
    static func beforeReading(_ bytes: [UInt8]) {
        #if DEBUG
        if let readerCrashMarker, contains(bytes, readerCrashMarker) { abort() }
        if let readerHangMarker, contains(bytes, readerHangMarker) {
            while true { sleep(3600) }
        }
        #endif
    }

    @inline(__always)
    static func beforeEvaluation(_ bytes: [UInt8]) {
        #if DEBUG
        if let crashMarker, contains(bytes, crashMarker) { abort() }
        if let hangMarker, contains(bytes, hangMarker) {
            while true { sleep(3600) }
        }
        #endif
    }
}
