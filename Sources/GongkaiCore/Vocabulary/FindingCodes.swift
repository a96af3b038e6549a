/// Finding codes that the daemon and the store add themselves, beside the engine's
/// `FindingCode`: they are about the file, its history or its neighbours, not its content
/// alone.
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
    /// Table 3: 二、上年结转 of year Y differs from 四、结转下年度继续办理 of the same
    /// agency's year Y−1, in one column.
    case crossYearCarryMismatch = "CROSS_YEAR_CARRY_MISMATCH"
    /// Table 2 (2021 template): 现行有效件数 of year Y differs from that of Y−1 plus
    /// 本年制发件数 minus 本年废止件数 of Y (规章, 行政规范性文件).
    case crossYearStockMismatch = "CROSS_YEAR_STOCK_MISMATCH"

    /// The codes of the checks across an agency's consecutive years.
    public static let crossYear: [DaemonFindingCode] = [.crossYearCarryMismatch, .crossYearStockMismatch]
}
