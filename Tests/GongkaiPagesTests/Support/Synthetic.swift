import GongkaiCore
import GongkaiStore

/// Cells of a 2021-template report, laid out as the daemon stores them
/// (ReportInput+Evaluation): Table 2 by block, Table 3's 25 data rows with their keys,
/// Table 4's fifteen "block/outcome" columns on one row.
enum Synthetic {
    static let t3Columns = ["自然人", "商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他", "总计"]

    static let t3Rows2021: [(key: String, label: String)] = [
        ("new", "一、本年新收政府信息公开申请数量"),
        ("carried", "二、上年结转政府信息公开申请数量"),
        ("granted", "（一）予以公开"),
        ("partial", "（二）部分公开（区分处理的，只计这一情形，不计其他情形）"),
        ("withheld.1", "1.属于国家秘密"), ("withheld.2", "2.其他法律行政法规禁止公开"), ("withheld.3", "3.危及“三安全一稳定”"),
        ("withheld.4", "4.保护第三方合法权益"), ("withheld.5", "5.属于三类内部事务信息"), ("withheld.6", "6.属于四类过程性信息"),
        ("withheld.7", "7.属于行政执法案卷"), ("withheld.8", "8.属于行政查询事项"),
        ("unavailable.1", "1.本机关不掌握相关政府信息"), ("unavailable.2", "2.没有现成信息需要另行制作"), ("unavailable.3", "3.补正后申请内容仍不明确"),
        ("notProcessed.1", "1.信访举报投诉类申请"), ("notProcessed.2", "2.重复申请"), ("notProcessed.3", "3.要求提供公开出版物"),
        ("notProcessed.4", "4.无正当理由大量反复申请"), ("notProcessed.5", "5.要求行政机关确认或重新出具已获取信息"),
        ("other.1", "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请"),
        ("other.2", "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请"),
        ("other.3", "3.其他"),
        ("total", "（七）总计"),
        ("carriedForward", "四、结转下年度继续办理"),
    ]

    static let t2Blocks2021: [(block: String, columns: [String], rows: [String])] = [
        ("第二十条第（一）项", ["本年制发件数", "本年废止件数", "现行有效件数"], ["规章", "行政规范性文件"]),
        ("第二十条第（五）项", ["本年处理决定数量"], ["行政许可"]),
        ("第二十条第（六）项", ["本年处理决定数量"], ["行政处罚", "行政强制"]),
        ("第二十条第（八）项", ["本年收费金额（单位：万元）"], ["行政事业性收费"]),
    ]

    static let t4Columns: [String] = ["行政复议", "行政诉讼（未经复议直接起诉）", "行政诉讼（复议后起诉）"].flatMap { block in
        ["结果维持", "结果纠正", "其他结果", "尚未审结", "总计"].map { "\(block)/\($0)" }
    }

    /// A consistent report: `new` applications by natural persons, all granted except
    /// `withheld` withheld (state secret), `carried` carried over and carried forward.
    static func cells(new: Int = 5, carried: Int = 1, withheld: Int = 1, t4: Bool = true, seed: Int = 0) -> [CellInput] {
        var out: [CellInput] = []
        var rowIndex = 0
        for block in t2Blocks2021 {
            for label in block.rows {
                for (c, column) in block.columns.enumerated() {
                    let value: CellInput.Value = column.contains("金额") ? .real(Double(seed % 97) + 0.25) : .integer((seed + rowIndex + c) % 7)
                    out.append(
                        CellInput(
                            table: .t2, rowIndex: rowIndex, rowKey: block.block, rowLabel: label, columnIndex: c,
                            columnLabel: column, value: value, raw: nil, inferred: false))
                }
                rowIndex += 1
            }
        }
        for (r, row) in t3Rows2021.enumerated() {
            let person: Int
            switch row.key {
            case "new": person = new
            case "carried", "carriedForward": person = carried
            case "granted": person = new - withheld
            case "withheld.1": person = withheld
            case "total": person = new
            default: person = 0
            }
            for (c, column) in t3Columns.enumerated() {
                let v = c == 0 || c == 6 ? person : 0
                out.append(
                    CellInput(
                        table: .t3, rowIndex: r, rowKey: row.key, rowLabel: row.label, columnIndex: c, columnLabel: column,
                        value: .integer(v), raw: String(v), inferred: false))
            }
        }
        if t4 {
            for (c, column) in t4Columns.enumerated() {
                out.append(
                    CellInput(
                        table: .t4, rowIndex: 0, rowKey: nil, rowLabel: "行政复议、行政诉讼", columnIndex: c, columnLabel: column,
                        value: .integer(0), raw: "0", inferred: false))
            }
        }
        return out
    }

    /// Sets a cell's value (nil: blank) and whether it was inferred.
    static func set(_ cells: inout [CellInput], _ table: ReportTable, row: String, column: String, value: Int?, inferred: Bool = false) {
        guard let i = cells.firstIndex(where: { $0.table == table && $0.rowLabel == row && $0.columnLabel == column }) else {
            fatalError("no cell \(table) \(row) \(column)")
        }
        cells[i].value = value.map { .integer($0) }
        cells[i].raw = inferred || value == nil ? nil : value.map(String.init)
        cells[i].inferred = inferred
    }

    static func finding(
        _ code: String, _ severity: Severity, _ table: ReportTable?, _ row: String?, _ column: String?,
        _ zh: String, _ en: String
    ) -> FindingInput {
        FindingInput(code: code, severity: severity, table: table, row: row, column: column, messageZH: zh, messageEN: en)
    }
}
