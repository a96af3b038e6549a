import GongkaiCore
import Synchronization

#if canImport(Glibc)
import Glibc
#endif

/// Takes ownership of a file in the inbox by renaming it into a fresh claim folder in `work/`.
///
/// The rename (renameat2 with RENAME_NOREPLACE) is the only ownership step: whoever renames
/// the name out of the inbox processes it; a loser sees ENOENT and does nothing. Files
/// are not opened here, so a symlink moves as a link and a FIFO never blocks.
final class Claimer: Sendable {
    private let layout: InboxLayout
    private let prefix: String
    /// Claims made in this run (workers claim in parallel).
    private let counter = Mutex<UInt64>(0)

    enum Outcome {
        case claimed(Claim)
        /// The name is gone (someone else took it, or it was deleted).
        case vanished
        /// A passing failure (ENOSPC, EMFILE, …): keep the file in the inbox and retry later.
        case retry(Errno)
    }

    init(layout: InboxLayout) {
        self.layout = layout
        // Time and pid make claim ids unique across restarts; the counter within a run.
        let ms = SystemClock.wallNanos() / 1_000_000
        prefix = String(ms, radix: 36) + "-" + String(getpid(), radix: 36)
    }

    func nextID() -> String {
        let n = counter.withLock { count in
            count += 1
            return count
        }
        return prefix + "-" + String(n, radix: 36)
    }

    /// Makes a new, empty claim folder in `work/`.
    func makeClaimDirectory() -> Result<String, Errno> {
        while true {
            let id = nextID()
            let rc = FileSystem.mkdir(layout.workFD, Array(id.utf8))
            if rc == 0 { return .success(id) }
            if rc != EEXIST { return .failure(Errno(rc)) }
        }
    }

    /// Claims `inbox/<name>`, whatever it is: a directory or a link moves as itself and
    /// is rejected unopened by the processor.
    func claim(_ name: FileName) -> Outcome {
        let source = layout.inboxRelative(name)
        if case .failure(let e) = FileSystem.lstat(layout.rootFD, source) {
            return e.code == ENOENT ? .vanished : .retry(e)
        }
        let id: String
        switch makeClaimDirectory() {
        case .success(let made): id = made
        case .failure(let e): return .retry(e)
        }
        let claim = Claim(id: id, name: name, receivedAt: Timestamp.now(), startedAt: SystemClock.monotonicNanos(), recovered: false)
        let rc = FileSystem.renameNoReplace(layout.rootFD, source, layout.workFD, claim.workRelative)
        if rc == 0 { return .claimed(claim) }
        _ = FileSystem.rmdir(layout.workFD, claim.claimDirectory)
        return rc == ENOENT ? .vanished : .retry(Errno(rc))
    }

    /// Moves a loose file found directly in `work/` (not in a claim folder) into a claim folder.
    func adopt(workName: FileName) -> Claim? {
        guard case .success(let id) = makeClaimDirectory() else { return nil }
        let claim = Claim(id: id, name: workName, receivedAt: Timestamp.now(), startedAt: SystemClock.monotonicNanos(), recovered: true)
        if FileSystem.renameNoReplace(layout.workFD, workName.bytes, layout.workFD, claim.workRelative) == 0 { return claim }
        _ = FileSystem.rmdir(layout.workFD, claim.claimDirectory)
        return nil
    }
}
