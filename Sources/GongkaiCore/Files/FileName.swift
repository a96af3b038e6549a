/// A file name as the filesystem has it: raw bytes, because Linux names need not be UTF-8.
///
/// The daemon keeps names as bytes end to end (inotify, claim, move), so a file with a
/// non-UTF-8 name is still moved under its own name and never lost; it is only decoded
/// for logs and the database's display column.
public struct FileName: Hashable, Sendable, CustomStringConvertible {
    /// The exact bytes.
    public let bytes: [UInt8]

    public init(bytes: [UInt8]) { self.bytes = bytes }
    public init(_ string: String) { self.bytes = Array(string.utf8) }

    /// The name for display: invalid UTF-8 sequences become U+FFFD.
    public var display: String { String(decoding: bytes, as: UTF8.self) }
    public var description: String { display }

    /// Whether the name is valid UTF-8 (names that are not are rejected with a reason).
    public var isValidUTF8: Bool {
        var iterator = bytes.makeIterator()
        var decoder = UTF8()
        while true {
            switch decoder.decode(&iterator) {
            case .scalarValue: continue
            case .emptyInput: return true
            case .error: return false
            }
        }
    }

    /// Whether the name is one uploaders use while a file is still being written, or a
    /// system's private file: such names are never touched (see ``NameRules``).
    public var isIgnored: Bool { NameRules.isIgnored(bytes) }

    /// The `n`-th collision variant: `name (n).ext`, or `name (n)` without an extension.
    ///
    /// The number goes before the extension so the file still opens with the same program.
    /// Names are kept within the 255-byte limit by shortening the stem.
    public func numbered(_ n: Int) -> FileName {
        guard n > 0 else { return self }
        let suffix = Array(" (\(n))".utf8)
        var stem = bytes
        var ext: [UInt8] = []
        if let dot = bytes.lastIndex(of: 0x2E), dot > 0 {
            stem = Array(bytes[..<dot])
            ext = Array(bytes[dot...])
        }
        let room = NameRules.maxNameBytes - suffix.count - ext.count
        if stem.count > room { stem = NameRules.truncated(stem, to: max(1, room)) }
        return FileName(bytes: stem + suffix + ext)
    }

    /// The name of the reason file written beside a rejected file: `NAME.reason.txt`.
    public var reasonFileName: FileName { suffixed(NameRules.reasonSuffix) }

    /// The name of the reason page written beside it: `NAME.reason.html`.
    public var reasonPageName: FileName { suffixed(NameRules.reasonPageSuffix) }

    /// Where `gongkai requeue` moves a reason file aside: `NAME.requeued` for `n` = 1, then
    /// `NAME.requeued.2`, … (the reason file stays readable but no longer sits beside a file
    /// that has left, and its name is free for the next verdict).
    public func requeuedAside(_ n: Int) -> FileName {
        suffixed(NameRules.requeuedSuffix + (n <= 1 ? "" : ".\(n)"))
    }

    /// `self + suffix`, the stem shortened (never splitting a character) to fit NAME_MAX.
    public func suffixed(_ suffix: String) -> FileName {
        let tail = Array(suffix.utf8)
        return FileName(bytes: NameRules.truncated(bytes, to: NameRules.maxNameBytes - tail.count) + tail)
    }

    /// `self` then `name`, separated by "/": a path relative to a folder descriptor.
    public func appending(_ name: FileName) -> FileName { FileName(bytes: bytes + [0x2F] + name.bytes) }
}

/// Which names in the inbox count as arrivals (daemon.md, "What counts as an arrival").
public enum NameRules {
    /// NAME_MAX on Linux filesystems.
    public static let maxNameBytes = 255

    /// The reason file beside a rejected file: `NAME.reason.txt`.
    public static let reasonSuffix = ".reason.txt"
    /// The reason page beside it: `NAME.reason.html` (the tables with the wrong cells marked).
    public static let reasonPageSuffix = ".reason.html"
    /// A reason file moved aside by `gongkai requeue`.
    public static let requeuedSuffix = ".requeued"
    /// Every file the daemon itself puts in its folders starts with this (uploads never
    /// do: names starting with "." are not arrivals).
    public static let ownPrefix: [UInt8] = Array(".gongkaid-".utf8)

    static let ignoredSuffixes: [[UInt8]] = [".part", ".tmp", ".crdownload", "~"].map { Array($0.utf8) }

    /// Hidden files (`.*`), files being written (`*.part`, `*.tmp`, `*.crdownload`),
    /// editor backups (`*~`) and Office lock files (`~$*`) are not arrivals. Suffixes are
    /// matched without regard to ASCII case (`.PART` is a Windows upload too).
    public static func isIgnored(_ name: [UInt8]) -> Bool {
        guard let first = name.first else { return true }
        if first == 0x2E { return true }  // "."
        if name.count >= 2, name[0] == 0x7E, name[1] == 0x24 { return true }  // "~$"
        let lower = name.map { (0x41...0x5A).contains($0) ? $0 + 0x20 : $0 }
        for suffix in ignoredSuffixes where lower.count >= suffix.count && lower.suffix(suffix.count).elementsEqual(suffix) {
            return true
        }
        return false
    }

    /// Cuts `bytes` to at most `limit` bytes without splitting a UTF-8 sequence.
    public static func truncated(_ bytes: [UInt8], to limit: Int) -> [UInt8] {
        guard bytes.count > limit else { return bytes }
        var end = limit
        // Step back over continuation bytes (10xxxxxx) so a multi-byte character is not split.
        while end > 0, bytes[end] & 0xC0 == 0x80 { end -= 1 }
        return Array(bytes[..<end])
    }
}
