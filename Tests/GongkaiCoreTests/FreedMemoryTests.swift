import GongkaiCore
import Testing

@Suite struct FreedMemoryTests {
    /// The daemon relies on it after the report page; on Debian (glibc) it must be found.
    @Test func mallocTrimIsFoundOnGlibc() {
        #if canImport(Glibc)
        #expect(FreedMemory.isAvailable)
        // Freed blocks exist after this; the call must not crash whatever it returns.
        let blocks = (0..<1_000).map { [UInt8](repeating: UInt8($0 % 256), count: 64 * 1024 + $0) }
        #expect(blocks.count == 1_000)
        _ = FreedMemory.release()
        #else
        #expect(!FreedMemory.isAvailable)
        #endif
    }
}
