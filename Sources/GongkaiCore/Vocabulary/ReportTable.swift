/// The three tables of the national template that hold numbers, as the database and the
/// exports name them.
public enum ReportTable: String, Sendable, Codable, Hashable, CaseIterable, Comparable {
    /// Table 2: 主动公开政府信息情况.
    case t2
    /// Table 3: 收到和处理政府信息公开申请情况.
    case t3
    /// Table 4: 政府信息公开行政复议、行政诉讼情况.
    case t4

    /// The table's number in Chinese with its key: "三 (t3)".
    public var numberedLabel: String {
        switch self {
        case .t2: "二 (t2)"
        case .t3: "三 (t3)"
        case .t4: "四 (t4)"
        }
    }

    public static func < (a: ReportTable, b: ReportTable) -> Bool { a.rawValue < b.rawValue }
}

/// Keys of the Table 3 rows that tools outside the engine read by name (statistics,
/// exports, cross-year checks). The engine's templates use the same constants.
public enum Table3RowKey {
    /// 一、本年新收政府信息公开申请数量.
    public static let new = "new"
    /// 二、上年结转政府信息公开申请数量.
    public static let carried = "carried"
    /// （七）总计 of 三、本年度办理结果.
    public static let total = "total"
    /// 四、结转下年度继续办理.
    public static let carriedForward = "carriedForward"
}

/// The column of Table 3 that sums the applicant columns.
public enum Table3Column {
    /// 总计.
    public static let total = "总计"
}
