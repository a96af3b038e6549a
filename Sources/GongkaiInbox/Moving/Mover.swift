import GongkaiCore

#if canImport(Glibc)
import Glibc
#endif

/// Moves decided files from their claim folder to `accepted/` or `rejected/`.
///
/// Never overwrites: the final name is chosen free at commit time (`name (1).ext`,
/// `name (2).ext`, … on a collision) and the move itself uses RENAME_NOREPLACE, so a file
/// that appears meanwhile is not replaced either (the next free number is taken). A
/// rejected file gets `NAME.reason.txt` and `NAME.reason.html` beside it, each written to a
/// temporary file in the claim folder first and renamed into place, so a reader never sees
/// half of one.
struct Mover: Sendable {
    let layout: InboxLayout

    /// The temporary name of a reason file in its claim folder (``NameRules/ownPrefix``).
    static let reasonTemporary: [UInt8] = NameRules.ownPrefix + Array("reason.tmp".utf8)

    /// The final names of a batch, in order: for each file the first of `name`,
    /// `name (1)`, … that is free in its verdict's folder (for a rejection, with its reason
    /// file name free too) and not chosen for an earlier file of the batch. Runs before the
    /// batch is committed: the names are stored with the rows.
    func chooseNames(for files: [(name: FileName, verdict: Verdict)]) -> [FileName] {
        var reserved: [Verdict: Set<[UInt8]>] = [:]
        return files.map { file in
            let chosen = freeName(for: file.name, verdict: file.verdict, reserved: reserved[file.verdict] ?? [])
            reserved[file.verdict, default: []].insert(chosen.bytes)
            if file.verdict == .rejected {
                reserved[file.verdict, default: []].formUnion([chosen.reasonFileName.bytes, chosen.reasonPageName.bytes])
            }
            return chosen
        }
    }

    /// The first of `name`, `name (1)`, … that is free in the verdict's folder (and, for
    /// rejections, whose reason file name is free too) and not in `reserved`. Gives up
    /// after `maxCollisions` taken names (a folder an attacker filled): the name then gets
    /// the claim's unique suffix.
    func freeName(for name: FileName, verdict: Verdict, reserved: Set<[UInt8]>) -> FileName {
        let dir = layout.destinationFD(verdict: verdict)
        for n in 0...Self.maxCollisions {
            let candidate = name.numbered(n)
            if reserved.contains(candidate.bytes) { continue }
            if case .success = FileSystem.lstat(dir, candidate.bytes) { continue }
            if verdict == .rejected {
                let beside = [candidate.reasonFileName.bytes, candidate.reasonPageName.bytes]
                if beside.contains(where: reserved.contains) { continue }
                if beside.contains(where: { if case .success = FileSystem.lstat(dir, $0) { true } else { false } }) { continue }
            }
            return candidate
        }
        // Every number up to the bound is taken: a name no one else would choose.
        return name.numbered(Int(SystemClock.wallNanos() & Int64.max))
    }

    /// How many numbered names are tried before a unique one is made up.
    static let maxCollisions = 10_000

    enum Placement {
        /// Moved; the name actually used (differs from the planned one after a late collision).
        case moved(FileName)
        /// The claim folder no longer holds the file but the planned final file exists:
        /// an earlier run moved it and was stopped before marking the row done.
        case alreadyThere
        /// Neither the claimed file nor the final file exists.
        case lost
        /// A failure worth retrying (disk full, I/O error): the file stays claimed.
        case failed(Errno)
    }

    /// What is written beside a rejected file: the reason file and the reason page.
    struct Reason {
        var text: String
        var page: String
    }

    /// Moves `work/<claim>/<name>` to its final place and writes the reason file and page of a rejection.
    func place(claimID: String, name: FileName, verdict: Verdict, finalName: FileName, reason: Reason?) -> Placement {
        let dir = layout.destinationFD(verdict: verdict)
        let source = Array(claimID.utf8) + [0x2F] + name.bytes
        var target = finalName
        var result: Placement
        var attempt = 0
        while true {
            let rc = FileSystem.renameNoReplace(layout.workFD, source, dir, target.bytes)
            if rc == 0 { result = .moved(target); break }
            if rc == EEXIST {
                attempt += 1
                target = freeName(for: name, verdict: verdict, reserved: [])
                if attempt > 1000 { return .failed(Errno(rc)) }
                continue
            }
            if rc == ENOENT {
                if case .success = FileSystem.lstat(dir, finalName.bytes) { result = .alreadyThere; target = finalName; break }
                result = .lost
                break
            }
            return .failed(Errno(rc))
        }
        if let reason {
            if let e = writeReason(reason, claimID: claimID, next: target) { return .failed(e) }
        }
        removeClaimDirectory(claimID)
        return result
    }

    /// Writes `rejected/<final>.reason.txt` and `rejected/<final>.reason.html` (each kept
    /// if it is already there: it is ours, from a run that stopped before marking the row
    /// done).
    func writeReason(_ reason: Reason, claimID: String, next finalName: FileName) -> Errno? {
        if let e = writeRejectedFile(reason.text, name: finalName.reasonFileName, claimID: claimID) { return e }
        return writeRejectedFile(reason.page, name: finalName.reasonPageName, claimID: claimID)
    }

    /// Writes one file into `rejected/` through a temporary file in the claim folder (or in
    /// work/ when the claim folder is gone: recovery of a moved file), never replacing.
    private func writeRejectedFile(_ text: String, name: FileName, claimID: String) -> Errno? {
        if case .success = FileSystem.lstat(layout.rejectedFD, name.bytes) { return nil }
        var tempPath = Array(claimID.utf8) + [0x2F] + Self.reasonTemporary
        if case .failure = FileSystem.lstat(layout.workFD, Array(claimID.utf8)) {
            tempPath = Array(".gongkaid-reason-\(claimID).tmp".utf8)
        }
        _ = FileSystem.unlinkOwn(layout.workFD, tempPath)
        let written = FileSystem.writeNewFile(layout.workFD, tempPath, Array(text.utf8))
        guard written == 0 else {
            _ = FileSystem.unlinkOwn(layout.workFD, tempPath)
            return Errno(written)
        }
        let rc = FileSystem.renameNoReplace(layout.workFD, tempPath, layout.rejectedFD, name.bytes)
        if rc != 0 {
            _ = FileSystem.unlinkOwn(layout.workFD, tempPath)
            if rc != EEXIST { return Errno(rc) }
        }
        return nil
    }

    /// Removes a claim folder once its file has left it (our own folder, never user data:
    /// only our temporary reason file may be inside and is removed first).
    func removeClaimDirectory(_ claimID: String) {
        let folder = Array(claimID.utf8)
        _ = FileSystem.unlinkOwn(layout.workFD, folder + [0x2F] + Self.reasonTemporary)
        guard FileSystem.rmdir(layout.workFD, folder) == ENOTEMPTY else { return }
        // Evaluation markers of a recovered claim: remove our own files, never anything else.
        let fd = FileSystem.openDirectory(at: layout.workFD, folder)
        guard fd >= 0 else { return }
        if case .success(let entries) = FileSystem.listDirectory(fd) {
            for entry in entries where entry.name.starts(with: NameRules.ownPrefix) {
                _ = FileSystem.unlinkOwn(fd, entry.name)
            }
        }
        close(fd)
        _ = FileSystem.rmdir(layout.workFD, folder)
    }

    /// fsync `work/`, so the claims of a batch are durable before their rows are committed.
    func syncWork() {
        FileSystem.syncDirectory(layout.workFD)
    }

    /// fsync the three folders a batch of moves touched.
    func syncFolders() {
        FileSystem.syncDirectory(layout.workFD)
        FileSystem.syncDirectory(layout.acceptedFD)
        FileSystem.syncDirectory(layout.rejectedFD)
    }
}
