/// Accepted or rejected: the outcome of one file, and the folder it ends in.
public enum Verdict: String, Sendable, Codable, Hashable, CaseIterable {
    case accepted
    case rejected

    /// The folder under the data root that holds files of this verdict.
    public var folder: DataFolder {
        switch self {
        case .accepted: .accepted
        case .rejected: .rejected
        }
    }
}

/// How serious a finding is.
public enum Severity: String, Sendable, Codable, Hashable, CaseIterable, Comparable {
    /// The report is wrong: under every policy it is rejected.
    case error
    /// Worth a look; rejected only under the strict policy when it is a template deviation.
    case warning

    public static func < (a: Severity, b: Severity) -> Bool { a == .error && b == .warning }
}

/// The policy a verdict is given under.
public enum Policy: String, Sendable, Codable, Hashable, CaseIterable {
    /// Any error rejects; warnings alone accept.
    case standard = "default"
    /// Also rejects template deviations (blank cells, dropped cells, missing sections, …).
    case strict
}

/// Why a file was rejected when the reason is the file itself rather than its content
/// (`reports.rejection`); nil for content verdicts.
public enum RejectionCause: String, Sendable, Codable, Hashable, CaseIterable {
    /// Same bytes as an accepted report.
    case duplicate
    case notRegular = "not_regular"
    case hardLink = "hard_link"
    case empty
    case tooLarge = "too_large"
    case unreadable
    case nameNotUTF8 = "name_not_utf8"
    /// The daemon died repeatedly while evaluating it (a poison file).
    case unsafe
    /// Its evaluation ran past the time budget.
    case overBudget = "over_budget"
}
