import Foundation
import GongkaiCore
import GongkaiStore
import Testing

@testable import GongkaiPages

/// Findings the fixtures do not have, placed by hand: a total row, a 总计 column, a
/// per-column rule, a group row, a sub-row named through its group, Table 4's summed
/// litigation total and its blocks, a row the template lacks, a column the table lacks,
/// two findings on one cell, an unrecoverable blank named only in the message, a missing
/// table.
@Suite("where findings are drawn")
struct FindingPlacementTests {
    static let flowZH = "“商业企业”栏：第一项加第二项之和为 1，第（七）项总计加第四项之和为 0，二者应相等。"

    /// A 2021 report with one finding of each shape, and the marks a person expects.
    static func edgeCases() -> (cells: [CellInput], findings: [FindingInput], expected: Set<Mark>) {
        var cells = Synthetic.cells()
        Synthetic.set(&cells, .t3, row: "二、上年结转政府信息公开申请数量", column: "自然人", value: 1, inferred: true)
        Synthetic.set(&cells, .t3, row: "2.重复申请", column: "自然人", value: nil)
        Synthetic.set(&cells, .t3, row: "3.要求提供公开出版物", column: "自然人", value: nil)
        let f = Synthetic.finding
        let findings: [FindingInput] = [
            f("YEAR_MISSING", .warning, nil, nil, nil, "未找到报告年度。", "No report year was found."),
            f(
                "T3_RESULTS_MISMATCH", .error, .t3, "（七）总计", "自然人", "“自然人”栏：（七）总计为 5，但（一）至（六）各项之和为 4。",
                "Column natural persons: total processed is 5, but the result rows sum to 4."),
            f("T3_FLOW_MISMATCH", .error, .t3, nil, "商业企业", flowZH, "Column businesses: new + carried over = 1, but total processed + carried forward = 0."),
            f(
                "T3_ROW_TOTAL_MISMATCH", .error, .t3, "1.本机关不掌握相关政府信息", "总计", "“1.本机关不掌握相关政府信息”行：……总计为 2。",
                "Row “unavailable: not held”: the six applicant columns sum to 0, but the total is 2."),
            f("TEMPLATE_YEAR_MISMATCH", .warning, .t3, "（六）其他处理", nil, "表三按2019年版格式只列“（六）其他处理”一行。", "Table 3 prints the single 2019 row."),
            f("CROSS_YEAR_UNAVAILABLE", .warning, .t3, "（四）无法提供/2", "总计", "（四）无法提供/2 与上年不符。", "(4) unavailable / 2 disagrees with last year."),
            f("TEXT_TABLE_MISMATCH", .warning, .t4, nil, "行政诉讼/总计", "正文称行政诉讼 3 件，但表四为 0。", "The narrative states 3 lawsuits, but Table 4 has 0."),
            f(
                "T4_TOTAL_MISMATCH", .error, .t4, "行政复议", "行政复议/总计", "“行政复议”：……之和为 1，但总计为 0。",
                "Reconsideration: the four outcomes sum to 1, but the total is 0."),
            f("T4_DROPPED_CELL_AMBIGUOUS", .error, .t4, "行政诉讼（复议后起诉）", nil, "“行政诉讼（复议后起诉）”一栏缺失。", "A litigation-after-reconsideration cell is missing."),
            f(
                "T3_ROW_UNRECOGNISED", .warning, .t3, "九、其他情况说明", nil, "表三中带数字的“九、其他情况说明”行与模板中的任何一行都对应不上。",
                "Table 3 row “九、其他情况说明” has numbers but matches no template row."),
            f(
                "T3_DROPPED_CELL_AMBIGUOUS", .error, .t3, "2.没有现成信息需要另行制作", nil, "“2.没有现成信息需要另行制作”行只有6个数值……",
                "Row “unavailable: would have to be created” has 6 values for 7 columns …"),
            f("T3_EXTRA_VALUES", .error, .t3, "（一）予以公开", "#8", "“（一）予以公开”行有8个数值，多于7栏。", "Row “disclosed” has 8 values for 7 columns."),
            f("T2_VALUE_INVALID", .error, .t2, "规章", "本年废止件数", "表二“规章”行“本年废止件数”栏的“-1”不符合要求。", "Table 2 row “规章”, column 本年废止件数: “-1” is not a valid count."),
            f(
                "T3_BLANK_UNRECOVERABLE", .error, .t3, nil, nil, "空白单元格 2.重复申请/自然人、3.要求提供公开出版物/自然人 的值无法由勾稽关系确定。",
                "Blank cells … cannot be determined from the sum rules."),
            f(
                "T3_BLANK_RECOVERED", .warning, .t3, "二、上年结转政府信息公开申请数量", "自然人", "“二、上年结转政府信息公开申请数量”行的空白单元格（自然人）由勾稽关系推算为 1。",
                "Row “carried over from last year”: blank natural persons recovered as 1 from the table's sum rules."),
            f(
                "CROSS_YEAR_CARRIED", .warning, .t3, "二、上年结转政府信息公开申请数量", "自然人", "上年结转（自然人）1 件，与上一年度报告的结转下年度继续办理 2 件不符。",
                "Carried over (natural persons) 1, but last year's report carried forward 2."),
        ]
        // Numbers: errors first in order (RESULTS 1, FLOW 2, ROW_TOTAL 3, T4_TOTAL 4, T4_DROPPED 5, T3_DROPPED 6, EXTRA 7, T2 8,
        // UNRECOVERABLE 9), then warnings (YEAR 10, TEMPLATE 11, CROSS (四) 12, TEXT 13, UNRECOGNISED 14, RECOVERED 15, CROSS carried 16).
        let expected: Set<Mark> = [
            Mark(table: "t3", row: "（七）总计", column: "自然人", cls: "mark-error", findings: "1"),
            Mark(table: "t3", row: nil, column: "商业企业", cls: "mark-error", findings: "2"),
            Mark(table: "t3", row: "1.本机关不掌握相关政府信息", column: "总计", cls: "mark-error", findings: "3"),
            Mark(table: "t4", row: "行政复议、行政诉讼", column: "行政复议/总计", cls: "mark-error", findings: "4"),
            Mark(table: "t4", row: "行政诉讼（复议后起诉）", column: nil, cls: "mark-error", findings: "5"),
            Mark(table: "t3", row: "2.没有现成信息需要另行制作", column: nil, cls: "mark-error", findings: "6"),
            Mark(table: "t3", row: "（一）予以公开", column: nil, cls: "mark-error", findings: "7"),
            Mark(table: "t2", row: "规章", column: "本年废止件数", cls: "mark-error", findings: "8"),
            Mark(table: "t3", row: "2.重复申请", column: "自然人", cls: "mark-error", findings: "9"),
            Mark(table: "t3", row: "3.要求提供公开出版物", column: "自然人", cls: "mark-error", findings: "9"),
            Mark(table: "t3", row: "（六）其他处理", column: nil, cls: "mark-warning", findings: "11"),
            Mark(table: "t3", row: "2.没有现成信息需要另行制作", column: "总计", cls: "mark-warning", findings: "12"),
            Mark(table: "t4", row: "行政复议、行政诉讼", column: "行政诉讼（未经复议直接起诉）/总计", cls: "mark-warning", findings: "13"),
            Mark(table: "t4", row: "行政复议、行政诉讼", column: "行政诉讼（复议后起诉）/总计", cls: "mark-warning", findings: "13"),
            Mark(table: "t3", row: nil, column: nil, cls: "mark-warning", findings: "14"),
            // A recovered cell that another finding says is wrong: red, both numbers.
            Mark(table: "t3", row: "二、上年结转政府信息公开申请数量", column: "自然人", cls: "mark-warning", findings: "15 16"),
        ]
        return (cells, findings, expected)
    }

    static func render(_ cells: [CellInput], _ findings: [FindingInput], fileName: String = "edge.txt") -> String {
        ReasonPage.render(
            fileName: fileName, verdict: .rejected, policy: .standard, processedAt: "2026-11-30T00:00:00.000Z",
            sha256: nil, findings: findings, cells: cells, template: "2021", year: 2021, agency: "某某县某某局")
    }

    static func numbered(_ findings: [FindingInput]) -> [(number: Int, finding: FindingInput)] {
        (findings.filter { $0.severity == .error } + findings.filter { $0.severity != .error }).enumerated().map { ($0.offset + 1, $0.element) }
    }

    @Test("each shape of finding lands where a person expects it (source)")
    func edgeCasesInSource() {
        let (cells, findings, expected) = Self.edgeCases()
        let html = Self.render(cells, findings)
        let marks = DOM(html).marks().map(\.mark)
        #expect(Set(marks) == expected)
        #expect(marks.count == expected.count, "each place marked once")
    }

    @Test("each shape of finding lands where a person expects it (browser)", .enabled(if: Chromium.skipReason == nil, "\(Chromium.skipReason ?? "")"))
    func edgeCasesInBrowser() throws {
        let (cells, findings, expected) = Self.edgeCases()
        let html = Self.render(cells, findings)
        let dom = DOM(try Chromium.dumpDOM(html: html))
        ReasonPageBrowserTests.checkPage(html: html, dom: dom, findings: Self.numbered(findings))
        #expect(Set(dom.marks().map(\.mark)) == expected)
        // The whole-file finding is listed before the tables.
        let text = dom.text
        #expect(text.range(of: "未找到报告年度。")!.lowerBound < text.range(of: "表二 主动公开政府信息情况")!.lowerBound)
    }

    @Test("a table that was not read: its caption carries the finding")
    func missingTable() {
        let cells = Synthetic.cells(t4: false)
        let findings = [Synthetic.finding("T4_MISSING", .error, .t4, nil, nil, "未找到表四（政府信息公开行政复议、行政诉讼情况）。", "Table 4 was not found.")]
        let dom = DOM(Self.render(cells, findings))
        #expect(Set(dom.marks().map(\.mark)) == [Mark(table: "t4", row: nil, column: nil, cls: "mark-error", findings: "1")])
        #expect(dom.all("caption").contains { $0.attributes["data-table"] == "t4" })
    }

    @Test("no cells, no findings: still a page with the three tables' places")
    func emptyReport() {
        let html = ReasonPage.render(
            fileName: "empty.txt", verdict: .rejected, policy: .strict, processedAt: "2026-11-30T00:00:00.000Z",
            sha256: nil, findings: [], cells: [])
        #expect(html.contains("（无问题 no findings）"))
        #expect(DOM(html).marks().isEmpty)
        #expect(html.contains("未读到此表"))
    }

    @Test("the same numbers as the reason text file")
    func numbersMatchReasonText() {
        let report = ShowFixtures.report(file: "002_7a47732316dc1f9e.txt")
        let map = FindingMap(findings: report.findingInputs, cells: report.cellInputs)
        for (n, f) in report.numberedFindings {
            #expect(map.finding(n).finding == f)
        }
    }

    @Test("sub-rows named through their group", arguments: ["（四）无法提供/2", "（四）无法提供 2.", "（四）无法提供2.没有现成信息需要另行制作"])
    func subRowThroughGroup(name: String) {
        let t = TableCells(table: .t3, cells: Synthetic.cells())
        let f = Synthetic.finding("X", .warning, .t3, name, "总计", "x", "x")
        #expect(FindingMap.locate(f, in: t) == [.cell(.t3, row: 13, column: 6)])
    }
}
