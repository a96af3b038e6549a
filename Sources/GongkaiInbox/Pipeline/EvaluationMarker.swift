import GongkaiCore

#if canImport(Glibc)
import Glibc
#endif

/// The durable record that a file is being evaluated: an empty file
/// `work/<claim>/.gongkaid-evaluating-N`, made just before the engine runs and removed as
/// soon as it returns.
///
/// If the engine crashes the process (or hangs until the watchdog kills it), the marker
/// stays, and start-up recovery counts the markers of each claim. A file that took the
/// daemon down twice is then rejected as unsafe instead of being taken again: no restart
/// loop on one poison file. Only a death *during evaluation* counts, so a kill -9 while a
/// file waits for its commit or move is not held against it.
///
/// Durability: a process crash keeps the page cache, so no fsync is needed for what this
/// guards against; a power cut may lose a marker, which only costs one more attempt.
enum EvaluationMarker {
    static let prefix: [UInt8] = NameRules.ownPrefix + Array("evaluating-".utf8)

    /// Deaths during evaluation after which a file is rejected without another attempt.
    static let maximumInterruptions = 2

    static func name(_ attempt: Int) -> [UInt8] { prefix + Array(String(attempt).utf8) }

    /// Makes the marker of the claim's next attempt. Returns false when it could not be made
    /// (the evaluation then goes ahead unguarded; the failure is the caller's to log).
    static func place(_ claim: Claim, in layout: InboxLayout) -> Bool {
        let path = claim.claimDirectory + [0x2F] + name(claim.interruptedEvaluations + 1)
        let fd = FileSystem.withCString(path) { openat(layout.workFD, $0, O_WRONLY | O_CREAT | O_NOFOLLOW | O_CLOEXEC, 0o600) }
        guard fd >= 0 else { return false }
        close(fd)
        return true
    }

    /// The evaluation returned: removes this attempt's marker and those of earlier attempts.
    static func remove(_ claim: Claim, in layout: InboxLayout) {
        for attempt in 1...(claim.interruptedEvaluations + 1) {
            _ = FileSystem.unlinkOwn(layout.workFD, claim.claimDirectory + [0x2F] + name(attempt))
        }
    }
}
