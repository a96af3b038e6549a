/// Finding codes that the daemon and the store add themselves, beside the engine's
/// `FindingCode`: they are about the file or its history, not its content.
public enum DaemonFindingCode: String, Sendable, Codable, Hashable, CaseIterable {
    /// Same bytes as an accepted report.
    case duplicate = "DUPLICATE"
    case fileNotRegular = "FILE_NOT_REGULAR"
    case fileHardLinked = "FILE_HARD_LINKED"
    case fileEmpty = "FILE_EMPTY"
    case fileTooLarge = "FILE_TOO_LARGE"
    case fileUnreadable = "FILE_UNREADABLE"
    case fileNameNotUTF8 = "FILE_NAME_NOT_UTF8"
    case fileUnsafe = "FILE_UNSAFE"
    case fileOverBudget = "FILE_OVER_BUDGET"
}
