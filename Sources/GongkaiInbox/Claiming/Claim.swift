import GongkaiCore

/// A file the daemon owns: it sits at `work/<claimID>/<name>`.
///
/// Each claim gets its own folder in `work/`, so the file keeps its exact original name
/// while it is processed (no collision in `work/` can happen, and recovery after a crash
/// knows the name without asking the database). The folder name is the claim id stored
/// in `reports.claim_id`.
struct Claim: Sendable {
    var id: String
    var name: FileName
    /// ISO 8601 time of the claim (the report's `received_at`).
    var receivedAt: String
    /// Monotonic nanoseconds at claim time, for the per-file duration in the log.
    var startedAt: UInt64
    /// Whether start-up recovery found it in `work/` (rather than claiming it now).
    var recovered: Bool
    /// How many times the daemon died while evaluating this file (evaluation markers left
    /// in the claim folder, counted by recovery).
    var interruptedEvaluations: Int = 0

    /// `<claimID>/<name>`, relative to the work folder.
    var workRelative: [UInt8] { Array(id.utf8) + [0x2F] + name.bytes }
    var claimDirectory: [UInt8] { Array(id.utf8) }
}
