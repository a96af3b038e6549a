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

    /// The severity the finding is stored with (cross-year findings: warning by default,
    /// error under `gongkaid --cross-year-errors`).
    public var severity: Severity {
        switch self {
        case .crossYearCarryMismatch, .crossYearStockMismatch: .warning
        default: .error
        }
    }

    /// What it means, for the catalogue (docs/findings.md).
    public var meaning: String {
        switch self {
        case .duplicate: "The file's bytes equal an accepted report's: a duplicate submission."
        case .fileNotRegular: "Not a regular file (a symlink, FIFO, device or folder): neither opened nor followed."
        case .fileHardLinked: "The file has more than one hard link and is not read, for safety."
        case .fileEmpty: "The file is empty."
        case .fileTooLarge: "The file is larger than the daemon's size limit and is not read."
        case .fileUnreadable: "The file could not be opened."
        case .fileNameNotUTF8: "The file name is not valid UTF-8."
        case .fileUnsafe: "The daemon died repeatedly while evaluating the file; it is not tried again."
        case .fileOverBudget: "Evaluating the file took longer than its time budget."
        case .crossYearCarryMismatch: "Table 3 二、上年结转 of year Y differs from 四、结转下年度继续办理 of the agency's year Y−1 (per column; on both reports)."
        case .crossYearStockMismatch: "2021 template: Table 2 现行有效件数 of Y is not that of Y−1 plus 本年制发件数 minus 本年废止件数 of Y (规章, 行政规范性文件; on both reports)."
        }
    }

    /// The meaning in Chinese.
    public var meaningZH: String {
        switch self {
        case .duplicate: "文件内容与已接收的报告完全相同，重复提交。"
        case .fileNotRegular: "不是普通文件（符号链接、管道、设备或文件夹），未打开也未跟随。"
        case .fileHardLinked: "文件有多个硬链接，出于安全原因未读取。"
        case .fileEmpty: "文件为空。"
        case .fileTooLarge: "文件超过大小上限，未读取。"
        case .fileUnreadable: "文件无法打开。"
        case .fileNameNotUTF8: "文件名不是有效的 UTF-8 编码。"
        case .fileUnsafe: "检查程序处理该文件时多次意外中止，不再重试。"
        case .fileOverBudget: "处理该文件超时。"
        case .crossYearCarryMismatch: "表三“上年结转”与同一机关上一年度报告的“结转下年度继续办理”不一致（逐栏；两份报告均记录）。"
        case .crossYearStockMismatch: "2021年版格式：表二现行有效件数不等于上一年度的现行有效件数加本年制发件数减本年废止件数（规章、行政规范性文件；两份报告均记录）。"
        }
    }
}
