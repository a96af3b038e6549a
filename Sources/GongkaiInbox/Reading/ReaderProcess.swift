import Foundation
import GongkaiCore
import GongkaiReaders
import GongkaiReport

#if canImport(Glibc)
import Glibc
#endif

/// Runs a format reader (PDF, DOCX, HTML) in a child process, so that untrusted files
/// cannot take the daemon down.
///
/// Why a process: poppler and libxml2 are C; a crash in them, an endless loop or an
/// allocation storm on a hostile file would otherwise crash, hang or bloat the daemon and,
/// under systemd, loop it through restarts. The child is the daemon's own executable
/// (`/proc/self/exe read-document FORMAT`), started with `posix_spawn`: its standard input
/// is the claimed file itself (the descriptor the daemon checked), its standard output a
/// pipe carrying the document as JSON, its standard error /dev/null. It limits itself
/// (address space, CPU time, no core dumps) before reading; the parent enforces a wall-clock
/// deadline and an output cap and kills it past them. Whatever goes wrong becomes a
/// ``DocumentReadError``, and so a finding: one file is rejected, the daemon goes on.
///
/// The engine itself stays in the daemon: it is pure Swift, linear in its input, and
/// guarded by the evaluation markers and the time budget.
public struct ReaderProcess: Sendable {
    /// The first argument that makes `gongkaid` the reader child.
    public static let argument = "read-document"

    /// The executable to start (normally `/proc/self/exe`).
    public let executable: String
    /// Wall-clock deadline of one read, in seconds.
    public let deadlineSeconds: Double
    /// Largest document the child may send back, in bytes.
    public let maxOutputBytes: Int

    public init(executable: String = "/proc/self/exe", deadlineSeconds: Double = 60, maxOutputBytes: Int = 256 << 20) {
        self.executable = executable
        self.deadlineSeconds = deadlineSeconds
        self.maxOutputBytes = maxOutputBytes
    }

    typealias Pipe2 = @convention(c) (UnsafeMutablePointer<Int32>?, Int32) -> Int32
    /// glibc's pipe2 sits behind _GNU_SOURCE, which Swift's Glibc module does not define.
    static let pipe2: Pipe2? = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "pipe2").map { unsafeBitCast($0, to: Pipe2.self) }

    /// What the child sends back.
    struct Reply: Codable {
        var document: Document?
        var error: DocumentReadError?
    }

    /// Reads the file open at `fd` (from its start) as `format` in a child process.
    func read(fd: Int32, format: DocumentFormat) -> Result<Document, DocumentReadError> {
        guard lseek(fd, 0, SEEK_SET) == 0 else { return .failure(.broken("cannot rewind the file: \(Errno(errno))")) }
        var pipeFDs: [Int32] = [-1, -1]
        // Close-on-exec from the start (pipe2): another worker's child must not inherit this
        // pipe, or its EOF would wait for that child. Our child gets its end through dup2,
        // which clears the flag.
        guard let pipe2 = Self.pipe2 else { return .failure(.broken("pipe2 is not available")) }
        let made = pipeFDs.withUnsafeMutableBufferPointer { pipe2($0.baseAddress, O_CLOEXEC) }
        guard made == 0 else { return .failure(.broken("pipe: \(Errno(errno))")) }
        let (readEnd, writeEnd) = (pipeFDs[0], pipeFDs[1])
        defer { close(readEnd) }

        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_adddup2(&actions, fd, 0)
        posix_spawn_file_actions_adddup2(&actions, writeEnd, 1)
        posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0)

        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        // The daemon blocks its stop signals in every thread; the child starts clean.
        var empty = sigset_t()
        sigemptyset(&empty)
        posix_spawnattr_setsigmask(&attributes, &empty)
        var defaults = sigset_t()
        sigemptyset(&defaults)
        for number in [SIGTERM, SIGINT, SIGHUP, SIGPIPE] { sigaddset(&defaults, number) }
        posix_spawnattr_setsigdefault(&attributes, &defaults)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF))

        let arguments = [executable, Self.argument, format.rawValue, String(Int(deadlineSeconds.rounded(.up)))]
        var argv: [UnsafeMutablePointer<CChar>?] = arguments.map { strdup($0) } + [nil]
        defer { for pointer in argv { free(pointer) } }
        var pid: pid_t = 0
        let rc = posix_spawn(&pid, executable, &actions, &attributes, &argv, environ)
        close(writeEnd)
        guard rc == 0 else { return .failure(.broken("cannot start the reader: \(Errno(rc))")) }

        // Collect the reply until EOF, the deadline or the cap.
        var output: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 1 << 16)
        let deadline = SystemClock.monotonicNanos() &+ UInt64(deadlineSeconds * 1e9)
        var failure: DocumentReadError?
        while true {
            let now = SystemClock.monotonicNanos()
            guard now < deadline else {
                failure = .overLimit("reading took longer than \(Int(deadlineSeconds)) s")
                break
            }
            var pfd = pollfd(fd: readEnd, events: Int16(POLLIN), revents: 0)
            let waitMs = Int32(clamping: (deadline - now) / 1_000_000 + 1)
            let ready = poll(&pfd, 1, min(waitMs, 1000))
            if ready < 0 {
                if errno == EINTR { continue }
                failure = .broken("poll: \(Errno(errno))")
                break
            }
            if ready == 0 { continue }
            let n = buffer.withUnsafeMutableBytes { Glibc.read(readEnd, $0.baseAddress, $0.count) }
            if n < 0 {
                if errno == EINTR || errno == EAGAIN { continue }
                failure = .broken("read: \(Errno(errno))")
                break
            }
            if n == 0 { break }
            output.append(contentsOf: buffer[..<n])
            if output.count > maxOutputBytes {
                failure = .overLimit("the document is larger than \(maxOutputBytes >> 20) MiB")
                break
            }
        }
        if failure != nil { kill(pid, SIGKILL) }
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
        if let failure { return .failure(failure) }
        let signal = status & 0x7F
        if signal != 0 {
            if signal == SIGXCPU || signal == SIGKILL { return .failure(.overLimit("the reader ran out of CPU time or memory")) }
            return .failure(.broken("the reader stopped with signal \(signal)"))
        }
        let exitCode = (status >> 8) & 0xFF
        guard exitCode == 0 else { return .failure(.broken("the reader exited with status \(exitCode)")) }
        guard let reply = try? JSONDecoder().decode(Reply.self, from: Data(output)) else {
            return .failure(.broken("the reader's reply could not be decoded"))
        }
        if let document = reply.document { return .success(document) }
        return .failure(reply.error ?? .broken("the reader sent nothing"))
    }

    /// The child: limits itself, reads standard input, runs the reader, writes the reply,
    /// exits. Never returns.
    public static func childMain(_ arguments: [String]) -> Never {
        let format = arguments.count > 2 ? DocumentFormat(rawValue: arguments[2]) : nil
        let seconds = arguments.count > 3 ? Int(arguments[3]) ?? 60 : 60
        limit(Int32(RLIMIT_CORE.rawValue), 0)
        limit(Int32(RLIMIT_CPU.rawValue), rlim_t(seconds + 1))
        // Address space: generous for poppler on a large report, small enough that a storm
        // of allocations ends here rather than in the OOM killer's choice of victim.
        limit(Int32(RLIMIT_AS.rawValue), 4 << 30)
        var reply = Reply()
        if let format {
            var bytes: [UInt8] = []
            var chunk = [UInt8](repeating: 0, count: 1 << 16)
            let cap = 512 << 20
            while bytes.count <= cap {
                let n = chunk.withUnsafeMutableBytes { Glibc.read(0, $0.baseAddress, $0.count) }
                if n < 0 { if errno == EINTR { continue }; break }
                if n == 0 { break }
                bytes.append(contentsOf: chunk[..<n])
            }
            TestHooks.beforeReading(bytes)
            switch DocumentEvaluator.read(bytes, format: format) {
            case .success(let document)?: reply.document = document
            case .failure(let error)?: reply.error = error
            case nil: reply.error = .broken("no reader for \(format.rawValue)")
            }
        } else {
            reply.error = .broken("unknown format argument")
        }
        guard let data = try? JSONEncoder().encode(reply) else { exit(3) }
        var offset = 0
        let bytes = [UInt8](data)
        while offset < bytes.count {
            let n = bytes.withUnsafeBytes { write(1, $0.baseAddress.map { $0 + offset }, bytes.count - offset) }
            if n < 0 { if errno == EINTR { continue }; exit(4) }
            offset += n
        }
        exit(0)
    }

    private static func limit(_ resource: Int32, _ value: rlim_t) {
        var current = rlimit()
        getrlimit(resource, &current)
        let bounded = min(value, current.rlim_max)
        var wanted = rlimit(rlim_cur: bounded, rlim_max: current.rlim_max)
        _ = setrlimit(resource, &wanted)
    }
}
