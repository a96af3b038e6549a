import GongkaiCore

/// What the store decides about a report before anything is written: its verdict after
/// the duplicate check (a file with the bytes of an accepted report is a rejected
/// duplicate), and the reports it repeats or replaces. The writer chooses the final name
/// from it, outside any transaction, then commits.
public struct IngestDecision: Sendable, Hashable {
    /// The verdict after the duplicate check.
    public var verdict: Verdict
    /// The accepted report this one duplicates, if it is already stored (a duplicate of an
    /// earlier report of the same batch is known by its verdict only until the commit).
    public var duplicateOf: StoredReference?
    /// The accepted report this one supersedes (same agency and year, new content), if any;
    /// set by the commit (it does not change the file's name, so ``Store/decide(_:)`` leaves
    /// it nil).
    public var supersedes: StoredReference?

    public init(verdict: Verdict, duplicateOf: StoredReference? = nil, supersedes: StoredReference? = nil) {
        self.verdict = verdict
        self.duplicateOf = duplicateOf
        self.supersedes = supersedes
    }
}

/// A report with the store's decision and the final name the writer chose for it: what
/// ``Store/commit(_:processedAt:)`` stores.
public struct PlacedReport: Sendable {
    public var input: ReportInput
    public var decision: IngestDecision
    /// The file's final name (bytes) in the verdict's folder.
    public var finalName: [UInt8]

    public init(input: ReportInput, decision: IngestDecision, finalName: [UInt8]) {
        self.input = input
        self.decision = decision
        self.finalName = finalName
    }
}

/// Why a commit was refused without writing anything.
public enum IngestError: Error, Sendable, CustomStringConvertible {
    /// The database changed between the decision and the commit so that a report's verdict
    /// is no longer the one its name was chosen for (only another writer could do that):
    /// decide again.
    case decisionChanged(claimID: String)

    public var description: String {
        switch self {
        case .decisionChanged(let claim): "the decision for claim \(claim) changed before the commit; decide again"
        }
    }
}

/// A short reference to a stored report, enough to write "duplicate of X, accepted D".
public struct StoredReference: Sendable, Hashable, Codable {
    public var id: Int64
    public var fileName: String
    public var processedAt: String

    enum CodingKeys: String, CodingKey {
        case id
        case fileName = "file_name"
        case processedAt = "processed_at"
    }
}

/// What one stored report became: its row id, its final verdict and its findings (the
/// duplicate check may add one), and where its file is to go.
public struct IngestOutcome: Sendable {
    public var id: Int64
    public var claimID: String
    public var verdict: Verdict
    public var rejection: RejectionCause?
    public var finalNameRaw: [UInt8]
    public var findings: [FindingInput]
    public var duplicateOf: StoredReference?
    public var supersedes: StoredReference?
    /// Cross-year findings this report's arrival gave its stored neighbours, by report id.
    public var neighbourFindings: [Int64: [FindingInput]] = [:]
}

/// Whether a row's file has reached its final place.
public enum ReportState: String, Sendable, Codable, Hashable, CaseIterable {
    /// Committed; the file may still be in work/ (recovery finishes the move).
    case stored
    /// The file is in accepted/ or rejected/.
    case done
}

/// A row whose commit happened but whose file has not been confirmed at its final place.
public struct PendingMove: Sendable, Hashable, Decodable {
    public var id: Int64
    public var claimID: String
    public var fileNameRaw: [UInt8]
    public var fileName: String
    public var verdict: Verdict
    public var finalNameRaw: [UInt8]
    public var sha256: String?
    public var processedAt: String

    enum CodingKeys: String, CodingKey {
        case id
        case claimID = "claim_id"
        case fileNameRaw = "file_name_raw"
        case fileName = "file_name"
        case verdict
        case finalNameRaw = "final_name_raw"
        case sha256
        case processedAt = "processed_at"
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        id = try c.decode(Int64.self, forKey: .id)
        claimID = try c.decode(String.self, forKey: .claimID)
        fileNameRaw = try c.decode(Bytes.self, forKey: .fileNameRaw).bytes
        fileName = try c.decode(String.self, forKey: .fileName)
        verdict = try c.decode(Verdict.self, forKey: .verdict)
        finalNameRaw = try c.decode(Bytes.self, forKey: .finalNameRaw).bytes
        sha256 = try c.decodeIfPresent(String.self, forKey: .sha256)
        processedAt = try c.decode(String.self, forKey: .processedAt)
    }
}
