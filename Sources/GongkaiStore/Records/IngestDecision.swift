import GongkaiCore

/// What the store decided about a report while storing it, passed to the placement
/// callback so the final name can depend on it (accepted/ or rejected/).
public struct IngestDecision: Sendable {
    /// The verdict after the duplicate check.
    public var verdict: String
    /// The accepted report this one duplicates, if any.
    public var duplicateOf: StoredReference?
    /// The accepted report this one supersedes (same agency and year, new content), if any.
    public var supersedes: StoredReference?
}

/// A short reference to a stored report, enough to write "duplicate of X, accepted D".
public struct StoredReference: Sendable, Hashable {
    public var id: Int64
    public var fileName: String
    public var processedAt: String
}

/// What one stored report became: its row id, its final verdict and its findings (the
/// duplicate check may add one), and where its file is to go.
public struct IngestOutcome: Sendable {
    public var id: Int64
    public var claimID: String
    public var verdict: String
    public var rejection: String?
    public var finalNameRaw: [UInt8]
    public var findings: [FindingInput]
    public var duplicateOf: StoredReference?
    public var supersedes: StoredReference?
}

/// A row whose commit happened but whose file has not been confirmed at its final place.
public struct PendingMove: Sendable, Hashable {
    public var id: Int64
    public var claimID: String
    public var fileNameRaw: [UInt8]
    public var fileName: String
    public var verdict: String
    public var finalNameRaw: [UInt8]
    public var sha256: String?
    public var processedAt: String
}
