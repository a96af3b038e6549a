import GongkaiCore
import GongkaiDigest
import GongkaiReaders
import GongkaiReport
import GongkaiStore

#if canImport(Glibc)
import Glibc
#endif

/// Reads one claimed file safely and turns it into a report ready to store.
///
/// Safety first: the entry is `lstat`ed; anything that is not a regular file, is hard
/// linked, empty or over the size limit is rejected without being opened. Otherwise it is
/// opened with O_NOFOLLOW|O_NONBLOCK, `fstat` must match the `lstat` (same device and
/// inode), and at most `maxBytes + 1` bytes are read. If the file changed while it was
/// read, a writer still has it open: the claim is retried later instead of storing half a file.
struct FileProcessor: Sendable {
    let layout: InboxLayout
    let configuration: InboxConfiguration
    /// The policy, which a reload may change (`configuration.policy` is the starting one).
    let policy: LivePolicy

    enum Outcome: Sendable {
        case report(ReportInput)
        /// Try again later (file still changing, descriptor shortage, …).
        case retry(String)
        /// The claimed file is not there (should not happen; logged).
        case missing
    }

    func process(_ claim: Claim) -> Outcome {
        let relative = claim.workRelative
        let entry: StatSample
        switch FileSystem.lstat(layout.workFD, relative) {
        case .failure(let e):
            return e.code == ENOENT ? .missing : .retry("lstat: \(e)")
        case .success(let st):
            entry = StatSample(st)
        }
        if let problem = DaemonFinding.check(entry, maxBytes: configuration.maxBytes) {
            return .report(rejection(claim, problem, size: entry.size))
        }

        let fd = FileSystem.withCString(relative) { openat(layout.workFD, $0, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC | O_NOCTTY) }
        if fd < 0 {
            let e = errno
            switch e {
            case ELOOP, ENXIO, ENODEV, EISDIR:
                return .report(rejection(claim, .notRegular(entry.fileType), size: entry.size))
            case EACCES, EPERM:
                return .report(rejection(claim, .unreadable(Errno(e).description), size: entry.size))
            default:
                return .retry("open: \(Errno(e))")
            }
        }
        defer { close(fd) }
        var before = stat()
        guard fstat(fd, &before) == 0 else { return .retry("fstat: \(Errno(errno))") }
        let opened = StatSample(before)
        guard opened.device == entry.device, opened.inode == entry.inode else {
            return .retry("the name was replaced between lstat and open")
        }
        if let problem = DaemonFinding.check(opened, maxBytes: configuration.maxBytes) {
            return .report(rejection(claim, problem, size: opened.size))
        }

        let bytes: [UInt8]
        switch readCapped(fd, limit: Int(clamping: configuration.maxBytes) + 1, expected: Int(clamping: opened.size)) {
        case .failure(let e): return .retry("read: \(e)")
        case .success(let b): bytes = b
        }
        var after = stat()
        guard fstat(fd, &after) == 0 else { return .retry("fstat: \(Errno(errno))") }
        let closed = StatSample(after)
        if closed.size != opened.size || closed.mtimeNanos != opened.mtimeNanos || bytes.count != Int(opened.size) {
            return .retry("still being written (size \(opened.size) → \(closed.size))")
        }
        if Int64(bytes.count) > configuration.maxBytes {
            return .report(rejection(claim, .tooLarge(Int64(bytes.count), configuration.maxBytes), size: Int64(bytes.count)))
        }
        if bytes.isEmpty {
            return .report(rejection(claim, .empty, size: 0))
        }
        let sha = SHA256.hex(bytes)
        if claim.interruptedEvaluations >= EvaluationMarker.maximumInterruptions {
            // A poison file: it took the daemon down during evaluation twice already. It is
            // read and hashed (that is safe) but not evaluated again.
            var input = rejection(claim, .unsafe(claim.interruptedEvaluations), size: Int64(bytes.count))
            input.sha256 = sha
            return .report(input)
        }
        let guarded = EvaluationMarker.place(claim, in: layout)
        TestHooks.beforeEvaluation(bytes)
        // PDF, DOCX and HTML are read in a child process under limits; text by the engine.
        let format = DocumentFormat.detect(bytes)
        var reading: Result<Document, DocumentReadError>?
        if DocumentEvaluator.needsReader(format) {
            if let executable = configuration.readerExecutable {
                let reader = ReaderProcess(executable: executable, deadlineSeconds: configuration.readerDeadlineSeconds)
                reading = reader.read(fd: fd, format: format)
            } else {
                reading = DocumentEvaluator.read(bytes, format: format)
            }
        }
        let outcome = DocumentEvaluator.evaluate(bytes, format: format, read: reading)
        if guarded { EvaluationMarker.remove(claim, in: layout) }
        var input = ReportInput(outcome: outcome, policy: policy.current, claim: claim, sha256: sha, size: Int64(bytes.count))
        if !claim.name.isValidUTF8 {
            input.findings.insert(DaemonFinding.nameNotUTF8.finding, at: 0)
            input.verdict = .rejected
            input.rejection = DaemonFinding.nameNotUTF8.rejection
        }
        return .report(input)
    }

    /// The stored record of a file rejected for what it is rather than what it says.
    func rejection(_ claim: Claim, _ problem: DaemonFinding, size: Int64?) -> ReportInput {
        ReportInput(
            claimID: claim.id, fileNameRaw: claim.name.bytes, fileName: claim.name.display, sha256: nil, size: size,
            receivedAt: claim.receivedAt, verdict: .rejected, rejection: problem.rejection,
            policy: policy.current, findings: [problem.finding])
    }

    func readCapped(_ fd: Int32, limit: Int, expected: Int) -> Result<[UInt8], Errno> {
        var bytes = [UInt8](repeating: 0, count: min(limit, max(expected, 0) + 1))
        var count = 0
        while count < limit {
            if count == bytes.count { bytes.append(contentsOf: repeatElement(0, count: min(limit - count, max(4096, count)))) }
            let n = bytes.withUnsafeMutableBytes { raw in
                read(fd, raw.baseAddress.map { $0 + count }, raw.count - count)
            }
            if n < 0 {
                if errno == EINTR { continue }
                return .failure(Errno(errno))
            }
            if n == 0 { break }
            count += n
        }
        bytes.removeSubrange(count...)
        return .success(bytes)
    }
}
