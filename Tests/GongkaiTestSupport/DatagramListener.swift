#if canImport(Glibc)
import Glibc
#endif

/// A bound AF_UNIX datagram socket for the tests: the stand-in for systemd's notify socket
/// or journald's native socket. SO_PASSCRED tags every datagram with the sender's pid, so
/// datagrams from other processes (a daemon started by another test) can be ignored.
public final class DatagramListener {
    public let path: String
    public let fd: Int32

    public struct Datagram {
        public var bytes: [UInt8]
        public var pid: pid_t
        public var text: String { String(decoding: bytes, as: UTF8.self) }
    }

    public enum Failure: Error, CustomStringConvertible {
        case system(String, Int32)
        public var description: String {
            switch self {
            case .system(let what, let code): "\(what): \(String(cString: strerror(code)))"
            }
        }
    }

    public init(path: String) throws {
        self.path = path
        fd = socket(AF_UNIX, Int32(SOCK_DGRAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard fd >= 0 else { throw Failure.system("socket", errno) }
        var on: Int32 = 1
        setsockopt(fd, SOL_SOCKET, SO_PASSCRED, &on, socklen_t(MemoryLayout<Int32>.size))
        var big: Int32 = 4 << 20
        setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &big, socklen_t(MemoryLayout<Int32>.size))
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        let pathBytes = Array(path.utf8)
        guard pathBytes.count < MemoryLayout.size(ofValue: address.sun_path) else {
            close(fd)
            throw Failure.system("path too long", ENAMETOOLONG)
        }
        withUnsafeMutableBytes(of: &address.sun_path) { raw in
            for (i, b) in pathBytes.enumerated() { raw[i] = b }
        }
        let rc = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                bind(fd, $0, socklen_t(MemoryLayout<sockaddr_un>.size))
            }
        }
        guard rc == 0 else {
            let code = errno
            close(fd)
            throw Failure.system("bind \(path)", code)
        }
    }

    deinit {
        close(fd)
        unlink(path)
    }

    /// The next datagram, or nil after `timeoutMs` without one.
    public func receive(timeoutMs: Int32 = 2000) -> Datagram? {
        var pfd = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
        let ready = poll(&pfd, 1, timeoutMs)
        guard ready > 0 else { return nil }
        var buffer = [UInt8](repeating: 0, count: 256 * 1024)
        var control = [UInt8](repeating: 0, count: 256)
        var pid: pid_t = -1
        let n = buffer.withUnsafeMutableBytes { data -> Int in
            control.withUnsafeMutableBytes { ctl -> Int in
                var iov = iovec(iov_base: data.baseAddress, iov_len: data.count)
                return withUnsafeMutablePointer(to: &iov) { iovPointer -> Int in
                    var header = msghdr()
                    header.msg_iov = iovPointer
                    header.msg_iovlen = 1
                    header.msg_control = ctl.baseAddress
                    header.msg_controllen = ctl.count
                    let got = recvmsg(fd, &header, Int32(MSG_DONTWAIT))
                    if got >= 0, header.msg_controllen >= MemoryLayout<cmsghdr>.size, let base = ctl.baseAddress {
                        let cmsg = base.assumingMemoryBound(to: cmsghdr.self)
                        if cmsg.pointee.cmsg_level == SOL_SOCKET && cmsg.pointee.cmsg_type == 2 /* SCM_CREDENTIALS */ {
                            let dataOffset = (MemoryLayout<cmsghdr>.size + 7) & ~7
                            // struct ucred { pid_t pid; uid_t uid; gid_t gid; }
                            pid = UnsafeRawPointer(base + dataOffset).loadUnaligned(as: pid_t.self)
                        }
                    }
                    return got
                }
            }
        }
        guard n >= 0 else { return nil }
        return Datagram(bytes: Array(buffer[0..<n]), pid: pid)
    }

    /// The next datagram sent by this process (others are skipped), or nil on timeout.
    public func receiveOwn(timeoutMs: Int32 = 2000, where accept: (Datagram) -> Bool = { _ in true }) -> Datagram? {
        var budget = Int(timeoutMs)
        while budget > 0 {
            let started = Self.nowMs()
            guard let datagram = receive(timeoutMs: Int32(budget)) else { return nil }
            if datagram.pid == getpid() && accept(datagram) { return datagram }
            budget -= Self.nowMs() - started
        }
        return nil
    }

    /// Whether no datagram from this process arrives within `ms`.
    public func isQuiet(forMs ms: Int32) -> Bool {
        receiveOwn(timeoutMs: ms) == nil
    }

    public static func nowMs() -> Int {
        var ts = timespec()
        clock_gettime(CLOCK_MONOTONIC, &ts)
        return ts.tv_sec * 1000 + ts.tv_nsec / 1_000_000
    }
}

/// Parses a journald native-protocol datagram: `NAME=value\n` lines, and the binary form
/// `NAME\n<64-bit LE length><value>\n` for values containing newlines.
public func parseJournalDatagram(_ bytes: [UInt8]) -> [(name: String, value: String)]? {
    var fields: [(String, String)] = []
    var i = 0
    while i < bytes.count {
        guard let nl = bytes[i...].firstIndex(of: 0x0A) else { return nil }
        let line = bytes[i..<nl]
        if let eq = line.firstIndex(of: 0x3D) {
            fields.append(
                (
                    String(decoding: bytes[i..<eq], as: UTF8.self),
                    String(decoding: bytes[(eq + 1)..<nl], as: UTF8.self)
                ))
            i = nl + 1
        } else {
            let name = String(decoding: line, as: UTF8.self)
            let start = nl + 1
            guard start + 8 <= bytes.count else { return nil }
            var length: UInt64 = 0
            for k in 0..<8 { length |= UInt64(bytes[start + k]) << (8 * UInt64(k)) }
            let valueStart = start + 8
            guard let count = Int(exactly: length), valueStart + count < bytes.count,
                bytes[valueStart + count] == 0x0A
            else { return nil }
            fields.append((name, String(decoding: bytes[valueStart..<(valueStart + count)], as: UTF8.self)))
            i = valueStart + count + 1
        }
    }
    return fields
}

/// A fresh private directory under /tmp (short: sun_path holds 108 bytes).
public func makeTemporaryDirectory() throws -> String {
    var template = Array("/tmp/gk-sd-XXXXXX".utf8CString)
    let made = template.withUnsafeMutableBufferPointer { buffer -> UnsafeMutablePointer<CChar>? in
        guard let base = buffer.baseAddress else { return nil }
        return mkdtemp(base)
    }
    guard made != nil else { throw DatagramListener.Failure.system("mkdtemp", errno) }
    return String(decoding: template.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
}
