import Foundation
import GongkaiReport
import ZIPFoundation

/// The zip container of a DOCX, read from memory with every offset and size checked.
///
/// The central directory is parsed here, over the bytes, rather than through
/// `ZIPFoundation.Archive`: on Linux, `Archive.extract` feeds zlib a full buffer length
/// even when fewer bytes were read, and loops forever when a deflate stream runs to the
/// end of the file without ending (an empty read never stops its loop) — a hang a
/// damaged file can trigger. Inflating goes through ZIPFoundation's zlib binding
/// (`Data.decompress`) with a provider that always hands over full, zero-padded buffers
/// and stops at the entry's compressed size, and a consumer that stops at the budget.
struct ZipPackage {
    struct Entry {
        var name: String
        var flags: UInt16
        var method: UInt16
        var crc: UInt32
        var compressedSize: UInt64
        var uncompressedSize: UInt64
        var localHeaderOffset: UInt64
    }

    let bytes: [UInt8]
    private(set) var entries: [Entry] = []

    init(_ bytes: [UInt8]) throws(DocumentReadError) {
        self.bytes = bytes
        guard let end = Self.endOfCentralDirectory(bytes) else {
            throw .broken("not a complete zip: no end-of-central-directory record (truncated?)")
        }
        var count = UInt64(u16(end + 10))
        var directorySize = UInt64(u32(end + 12))
        var directoryOffset = UInt64(u32(end + 16))
        if count == 0xFFFF || directorySize == 0xFFFF_FFFF || directoryOffset == 0xFFFF_FFFF,
            end >= 20, u32(end - 20) == 0x0706_4B50
        {
            // ZIP64: the locator before the record points at the ZIP64 end record.
            let record = u64(end - 20 + 8)
            guard record <= UInt64(end), let at = Int(exactly: record), at + 56 <= bytes.count, u32(at) == 0x0606_4B50 else {
                throw .broken("zip64 end record out of range")
            }
            count = u64(at + 32)
            directorySize = u64(at + 40)
            directoryOffset = u64(at + 48)
        }
        guard directoryOffset <= UInt64(bytes.count), directorySize <= UInt64(bytes.count) - directoryOffset,
            var at = Int(exactly: directoryOffset)
        else {
            throw .broken("central directory out of range")
        }
        // Every central directory entry takes at least 46 bytes: the count cannot lie
        // us into a long loop.
        guard count <= directorySize / 46 + 1 else { throw .broken("central directory shorter than its entry count") }
        for _ in 0..<count {
            guard at + 46 <= bytes.count, u32(at) == 0x0201_4B50 else { throw .broken("central directory entry damaged") }
            let nameLength = Int(u16(at + 28))
            let extraLength = Int(u16(at + 30))
            let commentLength = Int(u16(at + 32))
            guard at + 46 + nameLength + extraLength + commentLength <= bytes.count else { throw .broken("central directory entry truncated") }
            var entry = Entry(
                name: String(decoding: bytes[(at + 46)..<(at + 46 + nameLength)], as: UTF8.self),
                flags: u16(at + 8), method: u16(at + 10), crc: u32(at + 16),
                compressedSize: UInt64(u32(at + 20)), uncompressedSize: UInt64(u32(at + 24)),
                localHeaderOffset: UInt64(u32(at + 42)))
            readZIP64Extra(into: &entry, from: at + 46 + nameLength, length: extraLength)
            entries.append(entry)
            at += 46 + nameLength + extraLength + commentLength
        }
    }

    /// The entry whose name is `name`, compared as OPC part names are (case-insensitive,
    /// without a leading slash; backslashes read as slashes).
    func entry(named name: String) -> Entry? {
        let wanted = Self.partKey(name)
        return entries.first { Self.partKey($0.name) == wanted }
    }

    static func partKey(_ name: String) -> String {
        var key = name.lowercased().replacingOccurrences(of: "\\", with: "/")
        while key.hasPrefix("/") { key.removeFirst() }
        return key
    }

    /// Inflates an entry, stopping as soon as it passes its declared size or the budget.
    func extract(_ entry: Entry, budget: inout Int) throws(DocumentReadError) -> [UInt8] {
        if entry.flags & 1 != 0 { throw .encrypted }
        guard entry.uncompressedSize <= UInt64(max(budget, 0)) else {
            throw .overLimit("\(entry.name) declares \(entry.uncompressedSize) bytes uncompressed; the limit left is \(max(budget, 0))")
        }
        let declared = Int(entry.uncompressedSize)
        let offset = entry.localHeaderOffset
        guard offset <= UInt64(bytes.count), let header = Int(exactly: offset), header + 30 <= bytes.count, u32(header) == 0x0403_4B50 else {
            throw .broken("local header of \(entry.name) out of range")
        }
        let start = header + 30 + Int(u16(header + 26)) + Int(u16(header + 28))
        guard start <= bytes.count, entry.compressedSize <= UInt64(bytes.count - start) else {
            throw .broken("data of \(entry.name) runs past the end of the file (truncated?)")
        }
        let end = start + Int(entry.compressedSize)
        var output: [UInt8] = []
        output.reserveCapacity(min(declared, 64 << 20))
        let checksum: UInt32
        switch entry.method {
        case 0:
            guard entry.compressedSize == entry.uncompressedSize else { throw .broken("stored entry \(entry.name) with two sizes") }
            output.append(contentsOf: bytes[start..<end])
            checksum = Data(output).crc32(checksum: 0)
        case 8:
            checksum = try inflate(start..<end, name: entry.name, declared: declared, into: &output)
        default:
            throw .broken("\(entry.name) uses compression method \(entry.method), not stored or deflate")
        }
        guard output.count == declared else {
            throw .broken("\(entry.name) inflates to \(output.count) bytes, not the \(declared) it declares")
        }
        guard checksum == entry.crc else { throw .broken("\(entry.name) fails its CRC-32 check") }
        budget -= output.count
        return output
    }

    private enum InflateStop: Error {
        case pastDeclaredSize
        case pastCompressedData
    }

    private func inflate(_ range: Range<Int>, name: String, declared: Int, into output: inout [UInt8]) throws(DocumentReadError) -> UInt32 {
        let chunk = 64 << 10
        var produced: [UInt8] = []
        produced.reserveCapacity(min(declared, 64 << 20))
        do {
            let crc = try Data.decompress(
                size: Int64(range.count), bufferSize: chunk, skipCRC32: false,
                provider: { position, size in
                    // Always a full buffer (zlib is told it has `size` bytes), zero-padded
                    // past the entry's data; a stream that has not ended by then is cut.
                    guard position >= 0, position < Int64(range.count) else { throw InflateStop.pastCompressedData }
                    let from = range.lowerBound + Int(position)
                    let to = min(range.upperBound, from + size)
                    var data = Data(self.bytes[from..<to])
                    if data.count < size { data.append(Data(count: size - data.count)) }
                    return data
                },
                consumer: { data in
                    guard produced.count + data.count <= declared else { throw InflateStop.pastDeclaredSize }
                    produced.append(contentsOf: data)
                })
            output = produced
            return crc
        } catch InflateStop.pastDeclaredSize {
            throw .overLimit("\(name) inflates past the \(declared) bytes its zip entry declares (damaged, or a zip bomb)")
        } catch InflateStop.pastCompressedData {
            throw .broken("the deflate data of \(name) does not end (truncated or damaged)")
        } catch {
            throw .broken("the deflate data of \(name) is damaged")
        }
    }

    /// The offset of the end-of-central-directory record: the last one in the final
    /// 64 KiB + 22 bytes (the zip comment is at most 65535 bytes).
    static func endOfCentralDirectory(_ bytes: [UInt8]) -> Int? {
        guard bytes.count >= 22 else { return nil }
        var at = bytes.count - 22
        let stop = max(0, bytes.count - 22 - 0xFFFF)
        while at >= stop {
            if bytes[at] == 0x50, bytes[at + 1] == 0x4B, bytes[at + 2] == 0x05, bytes[at + 3] == 0x06 { return at }
            at -= 1
        }
        return nil
    }

    private func readZIP64Extra(into entry: inout Entry, from start: Int, length: Int) {
        var at = start
        let end = start + length
        while at + 4 <= end {
            let id = u16(at)
            let size = Int(u16(at + 2))
            guard at + 4 + size <= end else { return }
            if id == 0x0001 {
                var field = at + 4
                let fieldEnd = at + 4 + size
                func next() -> UInt64? {
                    guard field + 8 <= fieldEnd else { return nil }
                    defer { field += 8 }
                    return u64(field)
                }
                if entry.uncompressedSize == 0xFFFF_FFFF, let v = next() { entry.uncompressedSize = v }
                if entry.compressedSize == 0xFFFF_FFFF, let v = next() { entry.compressedSize = v }
                if entry.localHeaderOffset == 0xFFFF_FFFF, let v = next() { entry.localHeaderOffset = v }
                return
            }
            at += 4 + size
        }
    }

    // Little-endian reads; callers check the range first.
    private func u16(_ at: Int) -> UInt16 { UInt16(bytes[at]) | UInt16(bytes[at + 1]) << 8 }
    private func u32(_ at: Int) -> UInt32 { UInt32(u16(at)) | UInt32(u16(at + 2)) << 16 }
    private func u64(_ at: Int) -> UInt64 { UInt64(u32(at)) | UInt64(u32(at + 4)) << 32 }
}
