import GongkaiCore
import ArgumentParser
import Foundation
import GongkaiDigest
import GongkaiStore
#if canImport(Glibc)
import Glibc
#endif

/// `gongkai requeue`: moves rejected files back into the inbox so the daemon checks them again.
///
/// The CLI never writes the database: the daemon sees the file arrive (IN_MOVED_TO), checks it
/// and stores a new row; the old row stays as history. Moves are renames that never overwrite
/// (renameat2 RENAME_NOREPLACE, or link + unlink where that is missing); a name taken in inbox/
/// becomes `NAME (1).ext`, `NAME (2).ext`, …. The reason file is moved aside to
/// `rejected/NAME.reason.txt.requeued` (`.requeued.2`, … when taken): it stays readable, but no
/// longer sits beside a file that has left, and the name is free for the next verdict.
struct Requeue: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Move rejected files back into the inbox so the daemon evaluates them again.",
        discussion: """
            Give report ids (or SHA-256 prefixes / file names), or --rejected for every rejected file \
            still in rejected/ (narrowed by --code, --year, --agency, --since). The daemon stores the \
            new verdict as a new row; the database is not touched here.
            """)

    @OptionGroup var store: StoreOptions

    @Flag(help: "Requeue every rejected report whose file is still in rejected/.")
    var rejected = false

    @Option(help: "With --rejected: only reports with a finding with this code.")
    var code: String?

    @Option(help: "With --rejected: only this report year.")
    var year: Int?

    @Option(help: "With --rejected: agency name contains this text.")
    var agency: String?

    @Option(help: "With --rejected: received on or after this UTC date or time.")
    var since: String?

    @Flag(help: "Say what would be moved, move nothing.")
    var dryRun = false

    @Flag(help: "Print a JSON array, one object per file.")
    var json = false

    @Argument(help: "Report ids (or SHA-256 prefixes, file names).")
    var reports: [String] = []

    func validate() throws {
        if rejected == !reports.isEmpty { throw ValidationError("give report ids or --rejected (not both)") }
        if !rejected && (code != nil || year != nil || agency != nil || since != nil) {
            throw ValidationError("--code, --year, --agency and --since go with --rejected")
        }
    }

    struct Plan {
        var detail: ReportDetail
        var source: [UInt8]
    }

    func run() throws {
        let db = try store.openStore()
        let root = store.rootPath
        let rejectedDir = Array((root + "/rejected/").utf8)
        var plans: [Plan] = []
        if rejected {
            let query = try FilterOptions.query(verdict: Verdict.rejected.rawValue, year: year, agency: agency, code: code, since: since, current: false, limit: nil)
            var seen: Set<String> = []
            for summary in try db.reports(matching: query) {
                // Newest first: an older row whose final name a later rejection reused is skipped.
                guard summary.state == .done, summary.finalPath.hasPrefix("rejected/"), seen.insert(summary.finalPath).inserted,
                      let detail = try db.detail(id: summary.id) else { continue }
                let source = rejectedDir + detail.finalNameRaw
                if case .ok = Self.check(source, sha256: summary.sha256) { plans.append(Plan(detail: detail, source: source)) }
            }
        } else {
            for reference in reports {
                guard let summary = try db.resolve(reference).first, let detail = try db.detail(id: summary.id) else {
                    throw CLIError("no report matches \(reference)")
                }
                guard summary.verdict == .rejected, summary.finalPath.hasPrefix("rejected/") else {
                    throw CLIError("report #\(summary.id) (\(summary.fileName)) was accepted; only rejected files are requeued")
                }
                guard summary.state == .done else { throw CLIError("report #\(summary.id) is not yet moved by the daemon; try again later") }
                let source = rejectedDir + detail.finalNameRaw
                switch Self.check(source, sha256: summary.sha256) {
                case .ok: break
                case .missing: throw CLIError("report #\(summary.id): \(root)/\(summary.finalPath) is not there (already requeued or removed)")
                case .other: throw CLIError("report #\(summary.id): \(root)/\(summary.finalPath) now holds another file (a later rejection)")
                }
                if !plans.contains(where: { $0.detail.summary.id == summary.id }) { plans.append(Plan(detail: detail, source: source)) }
            }
        }

        var results: [JSONValue] = []
        var lines = ""
        for plan in plans {
            let r = plan.detail.summary
            let reasonSource = rejectedDir + (plan.detail.reasonNameRaw ?? Self.reasonName(plan.detail.finalNameRaw))
            if dryRun {
                lines += "would requeue #\(r.id) \(r.finalPath) → inbox/\(r.fileName)\n"
                results.append(.object([("id", .int(Int(r.id))), ("from", .string(r.finalPath)), ("to", .string("inbox/" + r.fileName)),
                                        ("reason_moved_to", .null), ("dry_run", .bool(true))]))
                continue
            }
            // The reason file first, so that the name is free when the daemon decides again.
            var reasonAside: [UInt8]?
            if Posix.exists(reasonSource) {
                let reasonName = Array(reasonSource.dropFirst(rejectedDir.count))
                reasonAside = try Posix.moveNoReplace(reasonSource, candidates: (1...1000).map { n in
                    rejectedDir + Self.asideName(reasonName, n)
                })
            }
            let inbox = Array((root + "/inbox/").utf8)
            let moved: [UInt8]
            do {
                moved = try Posix.moveNoReplace(plan.source, candidates: (0...1000).map { inbox + Self.numbered(plan.detail.fileNameRaw, $0) })
            } catch {
                if let reasonAside { _ = try? Posix.moveNoReplace(reasonAside, candidates: [reasonSource]) }
                if !lines.isEmpty { emit(lines) }
                throw CLIError("report #\(r.id): cannot move \(root)/\(r.finalPath) into the inbox: \(error)")
            }
            let name = String(decoding: moved.dropFirst(inbox.count), as: UTF8.self)
            let aside = reasonAside.map { String(decoding: $0.dropFirst(rejectedDir.count - "rejected/".utf8.count), as: UTF8.self) }
            lines += "requeued #\(r.id) \(r.finalPath) → inbox/\(name)" + (aside.map { " (reason moved to \($0))" } ?? "") + "\n"
            results.append(.object([("id", .int(Int(r.id))), ("from", .string(r.finalPath)), ("to", .string("inbox/" + name)),
                                    ("reason_moved_to", .from(aside)), ("dry_run", .bool(false))]))
        }
        if json {
            emit(JSONValue.array(results).rendered + "\n")
        } else {
            emit(lines + (plans.isEmpty ? "nothing to requeue\n" : ""))
        }
    }

    enum FileCheck { case ok, missing, other }

    /// The file at `path` is a regular file with the row's content.
    static func check(_ path: [UInt8], sha256: String?) -> FileCheck {
        guard Posix.isRegular(path) else { return .missing }
        guard let sha256 else { return .ok }
        guard let bytes = Posix.read(path) else { return .missing }
        return SHA256.hex(bytes) == sha256 ? .ok : .other
    }

    /// `NAME.reason.txt`, kept within NAME_MAX as the daemon does.
    static func reasonName(_ name: [UInt8]) -> [UInt8] {
        let suffix = Array(".reason.txt".utf8)
        return truncated(name, to: 255 - suffix.count) + suffix
    }

    /// `REASON.requeued`, then `REASON.requeued.2`, …, with REASON shortened so the
    /// name stays within NAME_MAX (a 255-byte file name has a 255-byte reason file).
    static func asideName(_ reasonName: [UInt8], _ n: Int) -> [UInt8] {
        let suffix = Array(".requeued".utf8) + (n == 1 ? [] : Array(".\(n)".utf8))
        return truncated(reasonName, to: 255 - suffix.count) + suffix
    }

    /// `NAME.ext`, `NAME (1).ext`, `NAME (2).ext`, … (the daemon's numbering).
    static func numbered(_ name: [UInt8], _ n: Int) -> [UInt8] {
        if n == 0 { return name }
        let suffix = Array(" (\(n))".utf8)
        var stem = name
        var ext: [UInt8] = []
        if let dot = name.lastIndex(of: 0x2E), dot > 0 {
            stem = Array(name[..<dot])
            ext = Array(name[dot...])
        }
        return truncated(stem, to: max(1, 255 - suffix.count - ext.count)) + suffix + ext
    }

    /// Cut to at most `limit` bytes without splitting a UTF-8 sequence.
    static func truncated(_ bytes: [UInt8], to limit: Int) -> [UInt8] {
        guard bytes.count > limit else { return bytes }
        var end = limit
        while end > 0 && (bytes[end] & 0xC0) == 0x80 { end -= 1 }
        return Array(bytes[..<end])
    }
}

/// Byte-path system calls (Linux names need not be UTF-8).
enum Posix {
    typealias RenameAt2 = @convention(c) (Int32, UnsafePointer<CChar>, Int32, UnsafePointer<CChar>, UInt32) -> Int32
    /// Swift's Glibc module does not export renameat2 (_GNU_SOURCE), so it is looked up at run time.
    static let renameat2: RenameAt2? = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "renameat2")
        .map { unsafeBitCast($0, to: RenameAt2.self) }

    struct Failure: Error, CustomStringConvertible {
        var code: Int32
        var description: String { String(cString: strerror(code)) }
    }

    static func withPath<T>(_ bytes: [UInt8], _ body: (UnsafePointer<CChar>) -> T) -> T {
        let copy = bytes.map { CChar(bitPattern: $0) } + [0]
        return copy.withUnsafeBufferPointer { buffer in
            guard let base = buffer.baseAddress else { return body("") }
            return body(base)
        }
    }

    static func exists(_ path: [UInt8]) -> Bool {
        var st = stat()
        return withPath(path) { lstat($0, &st) } == 0
    }

    static func isRegular(_ path: [UInt8]) -> Bool {
        var st = stat()
        guard withPath(path, { lstat($0, &st) }) == 0 else { return false }
        return (st.st_mode & S_IFMT) == S_IFREG
    }

    static func read(_ path: [UInt8]) -> [UInt8]? {
        let fd = withPath(path) { open($0, O_RDONLY | O_NOFOLLOW | O_CLOEXEC) }
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        var result: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 65536)
        while true {
            let n = buffer.withUnsafeMutableBytes { Glibc.read(fd, $0.baseAddress, $0.count) }
            if n < 0 { if errno == EINTR { continue }; return nil }
            if n == 0 { return result }
            result.append(contentsOf: buffer[..<n])
        }
    }

    /// Renames `from` to the first free candidate, never replacing anything; returns the name used.
    static func moveNoReplace(_ from: [UInt8], candidates: [[UInt8]]) throws -> [UInt8] {
        for candidate in candidates {
            let rc = renameNoReplace(from, candidate)
            if rc == 0 { return candidate }
            if rc != EEXIST { throw Failure(code: rc) }
        }
        throw Failure(code: EEXIST)
    }

    /// 0 or errno. renameat2(RENAME_NOREPLACE); where the kernel or filesystem lacks it,
    /// link + unlink (link fails with EEXIST too, so nothing is ever overwritten).
    static func renameNoReplace(_ from: [UInt8], _ to: [UInt8]) -> Int32 {
        withPath(from) { f in
            withPath(to) { t in
                if let fn = renameat2 {
                    if fn(AT_FDCWD, f, AT_FDCWD, t, 1) == 0 { return 0 }
                    let e = errno
                    guard e == EINVAL || e == ENOSYS else { return e }
                }
                if link(f, t) != 0 { return errno }
                if unlink(f) != 0 { return errno }
                return 0
            }
        }
    }
}
