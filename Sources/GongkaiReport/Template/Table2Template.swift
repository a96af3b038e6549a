/// Table 2 (主动公开政府信息情况): blocks of article 20 items, each with its own columns.
public enum Table2Template {
    /// What a Table 2 column holds, which decides what values are legal.
    public enum ColumnKind: String, Sendable, Codable, Hashable {
        /// A count: a non-negative integer.
        case count
        /// 本年增/减: an integer that may be negative.
        case change
        /// An amount of money: a non-negative decimal.
        case money
    }

    public struct Column: Sendable, Hashable {
        public let name: String
        public let kind: ColumnKind
        /// Whether "/" (not applicable) is a legitimate entry (2019 上一年项目数量 of a new agency).
        public let allowsNotApplicable: Bool
    }

    public struct Block: Sendable, Hashable {
        /// "第二十条第（一）项" …
        public let title: String
        /// The item number in article 20: 1, 5, 6, 8 or 9.
        public let item: Int
        public let columns: [Column]
        public let rows: [String]
    }

    static func count(_ name: String) -> Column { Column(name: name, kind: .count, allowsNotApplicable: false) }

    static let blocks2019: [Block] = {
        let items = [count("本年新制作数量"), count("本年新公开数量"), count("对外公开总数量")]
        let projects = [
            Column(name: "上一年项目数量", kind: .count, allowsNotApplicable: true), Column(name: "本年增/减", kind: .change, allowsNotApplicable: false), count("处理决定数量"),
        ]
        return [
            Block(title: "第二十条第（一）项", item: 1, columns: items, rows: ["规章", "规范性文件"]),
            Block(title: "第二十条第（五）项", item: 5, columns: projects, rows: ["行政许可", "其他对外管理服务事项"]),
            Block(title: "第二十条第（六）项", item: 6, columns: projects, rows: ["行政处罚", "行政强制"]),
            Block(title: "第二十条第（八）项", item: 8, columns: Array(projects.prefix(2)), rows: ["行政事业性收费"]),
            Block(title: "第二十条第（九）项", item: 9, columns: [count("采购项目数量"), Column(name: "采购总金额", kind: .money, allowsNotApplicable: false)], rows: ["政府集中采购"]),
        ]
    }()

    static let blocks2021: [Block] = [
        Block(title: "第二十条第（一）项", item: 1, columns: [count("本年制发件数"), count("本年废止件数"), count("现行有效件数")], rows: ["规章", "行政规范性文件"]),
        Block(title: "第二十条第（五）项", item: 5, columns: [count("本年处理决定数量")], rows: ["行政许可"]),
        Block(title: "第二十条第（六）项", item: 6, columns: [count("本年处理决定数量")], rows: ["行政处罚", "行政强制"]),
        Block(title: "第二十条第（八）项", item: 8, columns: [Column(name: "本年收费金额（单位：万元）", kind: .money, allowsNotApplicable: false)], rows: ["行政事业性收费"]),
    ]

    /// The blocks of a template, in order.
    public static func blocks(_ version: TemplateVersion) -> [Block] {
        version == .v2019 ? blocks2019 : blocks2021
    }

    /// Header words that only the 2019 template uses, and those only 2021 uses; the
    /// template version is read from them.
    static let headers2019 = ["本年新制作数量", "本年新公开数量", "对外公开总数量", "上一年项目数量", "本年增/减", "采购项目数量", "采购总金额", "政府集中采购", "其他对外管理服务事项"]
    static let headers2021 = ["本年制发件数", "本年废止件数", "现行有效件数", "本年处理决定数量", "本年收费金额"]
}
