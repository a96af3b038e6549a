#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Substring search and small rewrites on UTF-8 bytes.
///
/// Foundation's `contains(_:)` and `range(of:)` go through CFString with
/// locale-aware folding; profiles showed them taking a third of the engine's time.
/// Labels and keywords are matched exactly, so a byte search (memmem) is both correct
/// and an order of magnitude faster.
extension String {
    /// Whether `needle` occurs in the string, byte for byte.
    @inline(__always)
    func has(_ needle: String) -> Bool {
        byteOffset(of: needle) != nil
    }

    /// The UTF-8 offset of the first occurrence of `needle` at or after `from`.
    func byteOffset(of needle: String, from: Int = 0) -> Int? {
        var haystack = self
        var needle = needle
        return haystack.withUTF8 { h in
            needle.withUTF8 { n -> Int? in
                if n.isEmpty { return from }
                return Self.search(h, n, from: from)
            }
        }
    }

    private static func search(_ h: UnsafeBufferPointer<UInt8>, _ n: UnsafeBufferPointer<UInt8>, from: Int) -> Int? {
        guard from >= 0, from <= h.count, let hb = h.baseAddress, let nb = n.baseAddress, n.count <= h.count - from else { return nil }
        // memchr for the first byte, memcmp for the rest (memmem is a GNU extension
        // that Swift's Glibc module does not export).
        let first = Int32(nb.pointee)
        var position = from
        let last = h.count - n.count
        while position <= last {
            guard let p = memchr(hb + position, first, last - position + 1) else { return nil }
            let offset = hb.distance(to: p.assumingMemoryBound(to: UInt8.self))
            if memcmp(hb + offset, nb, n.count) == 0 { return offset }
            position = offset + 1
        }
        return nil
    }

    /// Whether the UTF-8 form contains `byte` (memchr; for ASCII separators).
    @inline(__always)
    func hasByte(_ byte: UInt8) -> Bool {
        var copy = self
        return copy.withUTF8 { b -> Bool in
            guard let base = b.baseAddress else { return false }
            return memchr(base, Int32(byte), b.count) != nil
        }
    }

    /// Byte-wise prefix test (no Unicode normalisation: labels are already normalised).
    @inline(__always)
    func startsWithBytes(_ prefix: String) -> Bool {
        var a = self
        var b = prefix
        return a.withUTF8 { x in
            b.withUTF8 { y in
                guard y.count <= x.count else { return false }
                guard let xb = x.baseAddress, let yb = y.baseAddress else { return y.isEmpty }
                return memcmp(xb, yb, y.count) == 0
            }
        }
    }

    /// The string without spaces and tabs (ideographic spaces are gone after normalisation).
    func removingSpaces() -> String {
        guard hasByte(0x20) || hasByte(0x09) else { return self }
        var copy = self
        return copy.withUTF8 { bytes in
            String(unsafeUninitializedCapacity: bytes.count) { buffer in
                var n = 0
                for b in bytes where b != 0x20 && b != 0x09 {
                    buffer[n] = b
                    n += 1
                }
                return n
            }
        }
    }
}

extension String {
    /// The range of the first occurrence of `needle` at or after `start`, found on bytes.
    func byteRange(of needle: String, from start: String.Index? = nil) -> Range<String.Index>? {
        let from = start.map { utf8.distance(from: utf8.startIndex, to: $0) } ?? 0
        guard let offset = byteOffset(of: needle, from: from) else { return nil }
        let lower = utf8.index(utf8.startIndex, offsetBy: offset)
        let upper = utf8.index(lower, offsetBy: needle.utf8.count)
        return lower..<upper
    }
}
