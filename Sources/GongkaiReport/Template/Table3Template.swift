/// The rows and columns of Table 3 (收到和处理政府信息公开申请情况), the core table.
public enum Table3Template {
    /// The seven numeric columns.
    public static let columns: [String] = ["自然人", "商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他", "总计"]
    /// English names of the columns, for messages.
    public static let columnsEnglish: [String] = [
        "natural persons", "businesses", "research institutions", "public-interest organisations", "legal service organisations", "other organisations",
        "total",
    ]
    /// Index of the 总计 column.
    public static let totalColumn = 6

    /// A data row of Table 3 (group rows carry no numbers and are not listed).
    public struct Row: Sendable, Hashable {
        /// Stable key, e.g. "new", "result.withheld.3", "total".
        public let key: String
        /// The canonical template label, e.g. "一、本年新收政府信息公开申请数量".
        public let label: String
        /// English name for messages.
        public let english: String
        /// The group this row sits in (nil for top-level rows).
        let group: Group?
        /// The numbering the template prints before the label.
        let marker: Marker
        /// The label without numbering, as matched against the text.
        let core: String
        /// Whether the row's value is a term of （七）总计.
        let isResult: Bool
        /// `core`, prepared for similarity.
        let matchKey: LabelText.Key
        /// Position in `allRows`: template order across both versions.
        var ordinal: Int = 0
    }

    /// The groups of result rows (rows with sub-items).
    enum Group: String, Sendable, Hashable {
        case results  // 三、本年度办理结果
        case withheld  // （三）不予公开
        case unavailable  // （四）无法提供
        case notProcessed  // （五）不予处理
        case other  // （六）其他处理 (a group only in 2021)

        var label: String {
            switch self {
            case .results: "三、本年度办理结果"
            case .withheld: "（三）不予公开"
            case .unavailable: "（四）无法提供"
            case .notProcessed: "（五）不予处理"
            case .other: "（六）其他处理"
            }
        }
        var marker: Marker {
            switch self {
            case .results: .top(3)
            case .withheld: .paren(3)
            case .unavailable: .paren(4)
            case .notProcessed: .paren(5)
            case .other: .paren(6)
            }
        }
        var core: String { Self.cores[self] ?? "" }
        static let cores: [Group: String] = Dictionary(
            uniqueKeysWithValues: [Group.results, .withheld, .unavailable, .notProcessed, .other].map { ($0, LabelText.core(of: $0.label).text) })
        var parent: Group? { self == .results ? nil : .results }
    }

    static func row(_ key: String, _ label: String, _ english: String, group: Group?, result: Bool) -> Row {
        let parsed = LabelText.core(of: label)
        return Row(
            key: key, label: label, english: english, group: group, marker: parsed.marker ?? .none, core: parsed.text, isResult: result,
            matchKey: LabelText.Key(parsed.text))
    }

    static let new = row(Table3RowKey.new, "一、本年新收政府信息公开申请数量", "new applications this year", group: nil, result: false)
    static let carried = row(Table3RowKey.carried, "二、上年结转政府信息公开申请数量", "carried over from last year", group: nil, result: false)
    static let granted = row("granted", "（一）予以公开", "disclosed", group: .results, result: true)
    static let partial = row("partial", "（二）部分公开（区分处理的，只计这一情形，不计其他情形）", "partly disclosed", group: .results, result: true)
    static let withheld: [Row] = [
        ("1.属于国家秘密", "state secret"),
        ("2.其他法律行政法规禁止公开", "forbidden by other laws"),
        ("3.危及“三安全一稳定”", "endangers the \"three securities and one stability\""),
        ("4.保护第三方合法权益", "protects third-party rights"),
        ("5.属于三类内部事务信息", "internal affairs"),
        ("6.属于四类过程性信息", "process information"),
        ("7.属于行政执法案卷", "law-enforcement files"),
        ("8.属于行政查询事项", "administrative enquiry matters"),
    ].enumerated().map { row("withheld.\($0.offset + 1)", $0.element.0, "withheld: \($0.element.1)", group: .withheld, result: true) }
    static let unavailable: [Row] = [
        ("1.本机关不掌握相关政府信息", "not held by this agency"),
        ("2.没有现成信息需要另行制作", "would have to be created"),
        ("3.补正后申请内容仍不明确", "still unclear after correction"),
    ].enumerated().map { row("unavailable.\($0.offset + 1)", $0.element.0, "unavailable: \($0.element.1)", group: .unavailable, result: true) }
    static let notProcessed: [Row] = [
        ("1.信访举报投诉类申请", "petitions and complaints"),
        ("2.重复申请", "repeated applications"),
        ("3.要求提供公开出版物", "asks for published material"),
        ("4.无正当理由大量反复申请", "massive repeated applications"),
        ("5.要求行政机关确认或重新出具已获取信息", "asks to confirm or reissue information"),
    ].enumerated().map { row("notProcessed.\($0.offset + 1)", $0.element.0, "not processed: \($0.element.1)", group: .notProcessed, result: true) }
    static let other2019 = row("other", "（六）其他处理", "otherwise handled", group: .results, result: true)
    static let other2021: [Row] = [
        ("1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请", "applicant did not correct in time"),
        ("2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请", "applicant did not pay the fee in time"),
        ("3.其他", "other"),
    ].enumerated().map { row("other.\($0.offset + 1)", $0.element.0, "otherwise handled: \($0.element.1)", group: .other, result: true) }
    static let total = row(Table3RowKey.total, "（七）总计", "total processed", group: .results, result: false)
    static let carriedForward = row(Table3RowKey.carriedForward, "四、结转下年度继续办理", "carried forward to next year", group: nil, result: false)

    /// The data rows of a template, in template order (23 for 2019, 25 for 2021).
    public static func rows(_ version: TemplateVersion) -> [Row] {
        switch version {
        case .v2019: rows2019
        case .v2021: rows2021
        }
    }

    static let rows2019: [Row] = [new, carried, granted, partial] + withheld + unavailable + notProcessed + [other2019, total, carriedForward]
    static let rows2021: [Row] = [new, carried, granted, partial] + withheld + unavailable + notProcessed + other2021 + [total, carriedForward]
    /// Every data row either template knows, for matching before the version is known.
    static let allRows: [Row] = ([new, carried, granted, partial] + withheld + unavailable + notProcessed + [other2019] + other2021 + [total, carriedForward])
        .enumerated().map { index, row in
            var row = row
            row.ordinal = index
            return row
        }
    static let groups: [Group] = [.results, .withheld, .unavailable, .notProcessed, .other]
}

/// Table 4 (行政复议、行政诉讼): fifteen integers in three blocks of five.
public enum Table4Template {
    public static let blocks: [String] = ["行政复议", "行政诉讼（未经复议直接起诉）", "行政诉讼（复议后起诉）"]
    public static let blocksEnglish: [String] = ["administrative reconsideration", "litigation without reconsideration", "litigation after reconsideration"]
    public static let outcomes: [String] = ["结果维持", "结果纠正", "其他结果", "尚未审结", "总计"]
    public static let outcomesEnglish: [String] = ["upheld", "corrected", "other outcome", "pending", "total"]

    /// Column names of the 15 values, e.g. "行政复议/结果维持".
    public static let columns: [String] = blocks.flatMap { block in outcomes.map { "\(block)/\($0)" } }
    public static let columnsEnglish: [String] = blocksEnglish.flatMap { block in outcomesEnglish.map { "\(block): \($0)" } }
}
