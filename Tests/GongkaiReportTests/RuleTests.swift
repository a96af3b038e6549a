import Testing

@testable import GongkaiReport

/// One test per rule of the spec: a seed mutated to break exactly that rule yields
/// exactly that finding code (compared with the unmutated seed's findings).
@Suite struct RuleTests {
    /// 003: 2021 template, pipe layout, every cell 0, two rows with a dropped cell.
    static let base = Seeds.text(3)
    static let baseCodes = ReportEngine.evaluate(text: base).codeSet

    /// The codes the mutation adds to the base seed's.
    func added(_ text: String, base: String = RuleTests.base) -> Set<String> {
        ReportEngine.evaluate(text: text).codeSet.subtracting(ReportEngine.evaluate(text: base).codeSet)
    }

    func verdict(_ text: String, _ policy: Policy = .standard) -> Verdict {
        ReportEngine.evaluate(text: text).verdict(under: policy)
    }

    // MARK: Table 3 arithmetic

    @Test func flowRule() {
        // 二、上年结转 1 application, nowhere in the results or carried forward.
        let text = Mutation.setRow(Self.base, "二、上年结转", ["1", "0", "0", "0", "0", "0", "1"])
        #expect(added(text) == ["T3_FLOW_MISMATCH"])
        let flow = ReportEngine.evaluate(text: text).findings.filter { $0.code == .table3FlowMismatch }
        #expect(Set(flow.compactMap(\.location.column)) == ["自然人", "总计"])
        #expect(verdict(text) == .rejected)
    }

    @Test func resultsRule() {
        let text = Mutation.setRow(Self.base, "(一)予以公开", ["1", "0", "0", "0", "0", "0", "1"])
        #expect(added(text) == ["T3_RESULTS_MISMATCH"])
        #expect(verdict(text) == .rejected)
    }

    @Test func rowTotalRule() {
        var text = Mutation.setRow(Self.base, "一、本年新收", ["1", "0", "0", "0", "0", "0", "0"])
        text = Mutation.setRow(text, "(一)予以公开", ["1", "0", "0", "0", "0", "0", "0"])
        text = Mutation.setRow(text, "(七)总计", ["1", "0", "0", "0", "0", "0", "0"])
        #expect(added(text) == ["T3_ROW_TOTAL_MISMATCH"])
        #expect(ReportEngine.evaluate(text: text).findings.filter { $0.code == .table3RowTotalMismatch }.count == 3)
    }

    @Test func table4BlockRule() {
        let text = Mutation.replace(
            Self.base, "0  | 0  | 0  | 0  | 0  | 0  | 0  | 0  | 0  | 0  | 0  | 0  | 0  | 0  | 0  | ",
            "1  | 0  | 0  | 0  | 0  | 0  | 0  | 0  | 0  | 0  | 0  | 0  | 0  | 0  | 0  | ")
        #expect(added(text) == ["T4_TOTAL_MISMATCH"])
    }

    // MARK: Blanks and dropped cells

    @Test func blankRecovered() {
        let text = Mutation.setRow(Self.base, "(一)予以公开", ["", "0", "0", "0", "0", "0", "0"])
        #expect(added(text) == ["T3_BLANK_RECOVERED"])
        let e = ReportEngine.evaluate(text: text)
        #expect(e.verdict() == .accepted)
        #expect(e.verdict(under: .strict) == .rejected)
        let cell = e.report.table3?.row("granted")?.cells[0]
        #expect(cell?.value == 0 && cell?.inferred == true)
    }

    @Test func blankUnrecoverable() {
        // Two applications, both results blank in 自然人 and 总计: they must sum to 2.
        var text = Mutation.setRow(Self.base, "一、本年新收", ["2", "0", "0", "0", "0", "0", "2"])
        text = Mutation.replace(text, "共收到依申请公开0件", "共收到依申请公开2件")
        text = Mutation.setRow(text, "(七)总计", ["2", "0", "0", "0", "0", "0", "2"])
        text = Mutation.setRow(text, "(一)予以公开", ["", "0", "0", "0", "0", "0", ""])
        text = Mutation.setRow(text, "(二)部分公开", ["", "0", "0", "0", "0", "0", ""])
        #expect(added(text) == ["T3_BLANK_UNRECOVERABLE"])
        let f = ReportEngine.evaluate(text: text).findings.first { $0.code == .table3BlankUnrecoverable }
        #expect(f?.expected == "sum 2")
    }

    @Test func droppedCellRecovered() {
        let base = Seeds.text(0)
        let text = Mutation.setRow(base, "(一)予以公", Mutation.zeros(6))
        #expect(added(text, base: base) == ["T3_DROPPED_CELL_RECOVERED"])
        #expect(verdict(text) == .accepted)
    }

    @Test func droppedCellAmbiguous() {
        // Everyone applied once; the results row has six values and the total and
        // carried-forward rows are blank: the dropped column could be any applicant type.
        var text = Mutation.setRow(Self.base, "一、本年新收", ["1", "1", "1", "1", "1", "1", "6"])
        text = Mutation.replace(text, "共收到依申请公开0件", "共收到依申请公开6件")
        text = Mutation.setRow(text, "(一)予以公开", ["1", "1", "1", "1", "1", "5"])
        text = Mutation.setRow(text, "(七)总计", Array(repeating: "", count: 7))
        text = Mutation.setRow(text, "四、结转下年度", Array(repeating: "", count: 7))
        let codes = added(text)
        #expect(codes.contains("T3_DROPPED_CELL_AMBIGUOUS"))
        #expect(codes.isSubset(of: ["T3_DROPPED_CELL_AMBIGUOUS", "T3_BLANK_UNRECOVERABLE", "T3_BLANK_RECOVERED"]))
        #expect(verdict(text) == .rejected)
    }

    @Test func table4BlankRecoveredAndUnrecoverable() {
        let recovered = Mutation.replace(
            Self.base, "0  | 0  | 0  | 0  | 0  | 0  | 0  | 0  | 0  | 0  | 0  | 0  | 0  | 0  | 0  | ",
            "  |   |   |   | 0  | 0  | 0  | 0  | 0  | 0  | 0  | 0  | 0  | 0  | 0  | ")
        #expect(added(recovered) == ["T4_BLANK_RECOVERED"])
        let unrecoverable = Mutation.replace(
            Self.base, "0  | 0  | 0  | 0  | 0  | 0  | 0  | 0  | 0  | 0  | 0  | 0  | 0  | 0  | 0  | ",
            "  |   |   |   | 2  | 0  | 0  | 0  | 0  | 0  | 0  | 0  | 0  | 0  | 0  | ")
        #expect(added(unrecoverable).contains("T4_BLANK_UNRECOVERABLE"))
        #expect(added(unrecoverable).isSubset(of: ["T4_BLANK_UNRECOVERABLE", "TEXT_TABLE_MISMATCH"]))
    }

    @Test func table4DroppedCells() {
        let row = "0  | 0  | 0  | 0  | 0  | 0  | 0  | 0  | 0  | 0  | 0  | 0  | 0  | 0  | 0  | "
        let fourteenZeros = Mutation.replace(Self.base, row, Array(repeating: "0", count: 14).joined(separator: " | ") + " | ")
        #expect(added(fourteenZeros) == ["T4_DROPPED_CELL_RECOVERED"])
        // 1 in an outcome, or 1 as the total with the outcome dropped: both add up.
        let ambiguous = Mutation.replace(Self.base, row, "0 | 0 | 0 | 1 | 0 | 0 | 0 | 0 | 0 | 0 | 0 | 0 | 0 | 0 | ")
        #expect(added(ambiguous).contains("T4_DROPPED_CELL_AMBIGUOUS"))
        #expect(verdict(ambiguous) == .rejected)
    }

    // MARK: Types

    @Test(arguments: ["x", "1.5", "-1", "１O"])
    func table3ValueInvalid(_ value: String) {
        let text = Mutation.setRow(Self.base, "(一)予以公开", ["0", value, "0", "0", "0", "0", "0"])
        #expect(added(text) == ["T3_VALUE_INVALID"])
        #expect(verdict(text) == .rejected)
    }

    @Test func table3ExtraValues() {
        let text = Mutation.setRow(Self.base, "(一)予以公开", Mutation.zeros(8))
        #expect(added(text) == ["T3_EXTRA_VALUES"])
    }

    @Test func table4ValueInvalid() {
        let text = Mutation.replace(
            Self.base, "0  | 0  | 0  | 0  | 0  | 0  | 0  | 0  | 0  | 0  | 0  | 0  | 0  | 0  | 0  | ",
            "0  | 0  | 0  | 0  | 0  | 0  | 0  | 0  | 0  | 0  | 0  | 0  | 0  | 0  | x  | ")
        #expect(added(text) == ["T4_VALUE_INVALID"])
    }

    @Test func table4ExtraValues() {
        let text = Mutation.replace(
            Self.base, "0  | 0  | 0  | 0  | 0  | 0  | 0  | 0  | 0  | 0  | 0  | 0  | 0  | 0  | 0  | ",
            "0  | 0  | 0  | 0  | 0  | 0  | 0  | 0  | 0  | 0  | 0  | 0  | 0  | 0  | 0  | 0 | 0 |")
        #expect(added(text) == ["T4_EXTRA_VALUES"])
    }

    @Test func table2Values() {
        let negative = Mutation.replace(Self.base, "规章  | 0  | 0  | 0", "规章  | -1  | 0  | 0")
        #expect(added(negative) == ["T2_VALUE_INVALID"])
        let blank = Mutation.replace(Self.base, "行政许可  | 0  |", "行政许可  |   |")
        #expect(added(blank) == ["T2_CELL_BLANK"])
        #expect(verdict(blank) == .accepted && verdict(blank, .strict) == .rejected)
        let missingRow = Mutation.dropLines(Self.base, containing: "行政强制  |")
        #expect(added(missingRow) == ["T2_ROW_MISSING"])
    }

    // MARK: Structure

    @Test func tablesMissing() {
        let noT3 = Mutation.dropSpan(Self.base, from: "(本列数据的勾稽关系", to: "四、政府信息公开行政复议")
        #expect(added(noT3).contains("T3_MISSING"))
        #expect(verdict(noT3) == .rejected)
        let noT4 = Mutation.dropSpan(Self.base, from: "行政复议  | 行政诉讼", to: "五、存在的主要问题")
        #expect(added(noT4) == ["T4_MISSING"])
        let noT2 = Mutation.dropSpan(Self.base, from: "第二十条第(一)项", to: "三、收到和处理")
        #expect(added(noT2) == ["T2_MISSING"])
    }

    @Test func table3RowMissingAndUnrecognised() {
        let missing = Mutation.dropLines(Self.base, containing: "6.属于四类过程性信息")
        #expect(added(missing) == ["T3_ROW_MISSING", "T3_BLANK_RECOVERED"])
        #expect(verdict(missing) == .accepted && verdict(missing, .strict) == .rejected)
        let unrecognised = Mutation.replace(Self.base, "(七)总计  |", "合计  | 0  | 0  | 0  | 0  | 0  | 0  | 0  | ||\n(七)总计  |")
        #expect(added(unrecognised) == ["T3_ROW_UNRECOGNISED"])
    }

    @Test func sections() {
        let missing = Mutation.dropLines(Self.base, containing: "五、存在的主要问题及改进情况")
        #expect(added(missing) == ["SECTION_MISSING"])
        #expect(verdict(missing) == .accepted && verdict(missing, .strict) == .rejected)
        let variant = Mutation.replace(Self.base, "二、主动公开政府信息情况", "2、主动公开政府信息情况")
        #expect(added(variant) == ["SECTION_HEADING_VARIANT"])
    }

    // MARK: Year, date, agency, fee, text

    @Test func yearInconsistent() {
        let base = Seeds.text(2)
        let text = Mutation.replace(base, "自2020年1月1日起至2020年12月31日止", "自2019年1月1日起至2019年12月31日止")
        #expect(added(text, base: base) == ["YEAR_INCONSISTENT"])
        #expect(ReportEngine.evaluate(text: text).report.year == 2020)
    }

    @Test func yearMissing() {
        var text = Self.base.replacingOccurrences(of: "2023年", with: "本年")
        text = Mutation.dropLines(text, containing: "2024年1月19日")
        // Without its date line the signature block names no agency either.
        #expect(added(text) == ["YEAR_MISSING", "AGENCY_MISSING"])
        #expect(ReportEngine.evaluate(text: text).report.year == nil)
    }

    @Test func yearUnsupported() {
        let base = Seeds.text(2)
        let text = base.replacingOccurrences(of: "2020年", with: "2017年")
        let codes = added(text, base: base)
        #expect(codes.contains("YEAR_UNSUPPORTED"))
        #expect(verdict(text) == .rejected)
    }

    @Test func templateYearMismatch() {
        var text = Self.base.replacingOccurrences(of: "2023年", with: "2020年")
        text = Mutation.replace(text, "2024年1月19日", "2021年1月19日")
        #expect(added(text) == ["TEMPLATE_YEAR_MISMATCH"])
        #expect(verdict(text) == .accepted && verdict(text, .strict) == .rejected)
    }

    @Test func signatureDate() {
        let early = Mutation.replace(Self.base, "2024年1月19日", "2023年6月1日")
        #expect(added(early) == ["SIGNATURE_DATE_INVALID"])
        #expect(verdict(early) == .rejected)
        let impossible = Mutation.replace(Self.base, "2024年1月19日", "2024年2月30日")
        #expect(added(impossible) == ["SIGNATURE_DATE_INVALID"])
    }

    @Test func agencyMissing() {
        // 003 names its agency only above the signature date; without that line there is none.
        let text = Self.base.replacingOccurrences(of: "\n临河区医疗保障局\n", with: "\n")
        #expect(added(text).contains("AGENCY_MISSING"))
        #expect(ReportEngine.evaluate(text: text).report.agency == nil)
    }

    @Test func feeStatementMissing() {
        let base = Seeds.text(1)
        let text = Mutation.replace(base, "本机关2021年未发出依申请公开缴款通知书，也未对申请人收取信息处理费，特此说明。", "无。")
        #expect(added(text, base: base) == ["FEE_STATEMENT_MISSING"])
        #expect(verdict(text) == .accepted && verdict(text, .strict) == .rejected)
    }

    @Test func narrativeDisagreesWithTables() {
        let base = Seeds.text(1)
        let text = Mutation.replace(base, "共收到申请公开信息要求1件", "共收到申请公开信息要求5件")
        #expect(added(text, base: base) == ["TEXT_TABLE_MISMATCH"])
        let f = ReportEngine.evaluate(text: text).findings.first { $0.code == .textTableMismatch }
        #expect(f?.expected == "1" && f?.actual == "5")
        let litigation = Mutation.replace(base, "无行政复议及行政诉讼", "行政复议2件")
        #expect(added(litigation, base: base) == ["TEXT_TABLE_MISMATCH"])
    }

    // MARK: Whole files

    @Test func notAReport() {
        let e = ReportEngine.evaluate(Array("关于召开2023年度工作会议的通知\n请各单位准时参加。".utf8))
        #expect(e.codeSet == ["NOT_A_REPORT"])
        #expect(e.verdict() == .rejected)
    }

    @Test func undecodableBytesNameTheOffset() {
        var bytes = Array("一、总体情况\n".utf8)
        bytes += [0x80, 0xFF, 0xFE, 0x41]
        let e = ReportEngine.evaluate(bytes)
        #expect(e.codeSet == ["DECODE_FAILED"])
        #expect(e.findings.first?.actual == "byte offset \(Array("一、总体情况\n".utf8).count)")
    }

    /// Every code in the catalogue is exercised by a test above (or the seeds).
    @Test func everyCodeIsCovered() {
        let covered: Set<String> = [
            "DECODE_FAILED", "NOT_A_REPORT", "YEAR_UNSUPPORTED", "TEMPLATE_YEAR_MISMATCH", "SECTION_MISSING", "SECTION_HEADING_VARIANT",
            "T2_MISSING", "T2_ROW_MISSING", "T2_CELL_BLANK", "T2_VALUE_INVALID",
            "T3_MISSING", "T3_ROW_MISSING", "T3_ROW_UNRECOGNISED", "T3_VALUE_INVALID", "T3_EXTRA_VALUES", "T3_FLOW_MISMATCH",
            "T3_RESULTS_MISMATCH", "T3_ROW_TOTAL_MISMATCH", "T3_BLANK_RECOVERED", "T3_BLANK_UNRECOVERABLE",
            "T3_DROPPED_CELL_RECOVERED", "T3_DROPPED_CELL_AMBIGUOUS",
            "T4_MISSING", "T4_VALUE_INVALID", "T4_EXTRA_VALUES", "T4_TOTAL_MISMATCH", "T4_BLANK_RECOVERED", "T4_BLANK_UNRECOVERABLE",
            "T4_DROPPED_CELL_RECOVERED", "T4_DROPPED_CELL_AMBIGUOUS",
            "TEXT_TABLE_MISMATCH", "YEAR_MISSING", "YEAR_INCONSISTENT", "SIGNATURE_DATE_INVALID", "AGENCY_MISSING", "FEE_STATEMENT_MISSING",
            // Made by the format readers, covered in GongkaiReadersTests.
            "FORMAT_UNSUPPORTED", "FORMAT_ENCRYPTED", "FORMAT_IMAGE_ONLY", "DOCUMENT_UNREADABLE",
        ]
        #expect(Set(FindingCode.allCases.map(\.rawValue)) == covered)
    }
}
