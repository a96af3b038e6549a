import GongkaiCore

#if canImport(Glibc)
import Glibc

/// One decoded inotify event. The name stays raw bytes (see ``FileName``).
struct InotifyEvent: Sendable, Equatable {
    var wd: Int32
    var mask: UInt32
    var cookie: UInt32
    var name: [UInt8]

    func has(_ flag: Int32) -> Bool { mask & UInt32(bitPattern: flag) != 0 }

    static let headerSize = MemoryLayout<inotify_event>.size

    /// Decodes a buffer filled by `read(2)` on an inotify descriptor.
    ///
    /// `struct inotify_event` ends in a flexible array (`char name[]`) that Swift does not
    /// import, so the header is loaded unaligned and the name is sliced by hand, bounds
    /// checked: a truncated tail is dropped rather than read past.
    static func decode(_ buffer: UnsafeRawBufferPointer) -> [InotifyEvent] {
        var events: [InotifyEvent] = []
        var offset = 0
        while offset + headerSize <= buffer.count {
            let header = buffer.loadUnaligned(fromByteOffset: offset, as: inotify_event.self)
            let length = Int(header.len)
            guard offset + headerSize + length <= buffer.count else { break }
            var name: [UInt8] = []
            if length > 0 {
                let start = offset + headerSize
                let slice = buffer[start..<(start + length)]
                let end = slice.firstIndex(of: 0) ?? slice.endIndex
                name = Array(slice[slice.startIndex..<end])
            }
            events.append(InotifyEvent(wd: header.wd, mask: header.mask, cookie: header.cookie, name: name))
            offset += headerSize + length
        }
        return events
    }
}
#endif
