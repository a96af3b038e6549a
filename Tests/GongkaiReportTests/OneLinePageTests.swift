import Testing

@testable import GongkaiReport

/// A whole report on one line, as crawled web pages give it: headings, table rows and
/// prose run together, each table row's numbers glued into one digit run.
@Suite struct OneLinePageTests {
    static let table3 =
        "三、收到和处理政府信息公开申请情况 （本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和） 申请人情况 自然人 法人或其他组织 总计 商业 企业 科研 机构 社会公益组织 法律服务机构 其他 "
        + "一、本年新收政府信息公开申请数量 713000074二、上年结转政府信息公开申请数量 1000001三、本年度办理结果 （一）予以公开 GRANTED（二）部分公开（区分处理的，只计这一情形，不计其他情形） 8100009"
        + "（三）不予公开 1.属于国家秘密00000002.其他法律行政法规禁止公开 00000003.危及“三安全一稳定” 00000004.保护第三方合法权益 00000005.属于三类内部事务信息 10000016.属于四类过程性信息 20000027.属于行政执法案卷 10000018.属于行政查询事项 0000000"
        + "（四）无法提供 1.本机关不掌握相关政府信息 3700000372.没有现成信息需要另行制作 00000003.补正后申请内容仍不明确 0000000"
        + "（五）不予处理 1.信访举报投诉类申请 00000002.重复申请 00000003.要求提供公开出版物 00000004.无正当理由大量反复申请 00000005.要求行政机关确认或重新出具已获取信息 0000000"
        + "（六）其他处理 1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请 20000022.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请 00000003.其他 0200002"
        + "（七）总计 723000075四、结转下年度继续办理 0000000 "

    static func page(granted: String = "210000021") -> String {
        "某某区2022年度政府信息公开工作年度报告\n"
            + "本报告依据《条例》编制。 一、总体情况 2022年，某某区认真执行《条例》，推进政务公开工作。 "
            + "二、主动公开政府信息情况第二十条第（一）项 信息内容 本年制发件数 本年废止件数 现行有效件数 规章000行政规范性文件8855698第二十条第（五）项信息内容本年处理决定数量行政许可10690第二十条第（六）项信息内容本年处理决定数量行政处罚2113行政强制0第二十条第（八）项信息内容本年收费金额（单位：万元）行政事业性收费9116.36 "
            + table3.replacingOccurrences(of: "GRANTED", with: granted)
            + "四、政府信息公开行政复议、行政诉讼情况行政复议 行政诉讼 结果维持结果纠正其他结果尚未审结总计 未经复议直接起诉 复议后起诉 结果维持结果纠正其他结果尚未审结总计结果维持结果纠正其他结果尚未审结总计 0 1 1 0 2 1 0 0 0 1 0 0 0 0 0 "
            + "五、存在的主要问题及改进情况 政务公开工作还存在一些不足。 六、其他需要报告的事项 本年度未收取信息处理费。\n"
    }

    @Test func aOneLinePageIsSplitIntoRowsAndItsRunsRead() throws {
        let e = ReportEngine.evaluate(text: Self.page())
        #expect(e.t3("一、本年新收政府信息公开申请数量") == [71, 3, 0, 0, 0, 0, 74])
        #expect(e.t3("二、上年结转政府信息公开申请数量") == [1, 0, 0, 0, 0, 0, 1])
        #expect(e.t3("（一）予以公开") == [21, 0, 0, 0, 0, 0, 21])
        #expect(e.t3("（二）部分公开（区分处理的，只计这一情形，不计其他情形）") == [8, 1, 0, 0, 0, 0, 9])
        #expect(e.t3("3.其他") == [0, 2, 0, 0, 0, 0, 2])
        #expect(e.t3("（七）总计") == [72, 3, 0, 0, 0, 0, 75])
        #expect(e.t3("四、结转下年度继续办理") == [0, 0, 0, 0, 0, 0, 0])
        #expect(e.report.table4?.cells.map(\.value) == [0, 1, 1, 0, 2, 1, 0, 0, 0, 1, 0, 0, 0, 0, 0])
        #expect(e.errorCodes.isEmpty, "\(e.codes)")
        #expect(e.verdict() == .accepted)
    }

    /// "…相关政府信息3700000372.没有现成信息…": the "2" is the next label's item number.
    @Test func theNextLabelsItemNumberIsNotEatenByTheRun() throws {
        let e = ReportEngine.evaluate(text: Self.page())
        #expect(e.t3("1.本机关不掌握相关政府信息") == [37, 0, 0, 0, 0, 0, 37])
        #expect(e.t3("2.没有现成信息需要另行制作") == [0, 0, 0, 0, 0, 0, 0])
        #expect(e.t3("1.属于国家秘密") == [0, 0, 0, 0, 0, 0, 0])
        #expect(e.t3("5.属于三类内部事务信息") == [1, 0, 0, 0, 0, 0, 1])
        let cuts = OneLinePage.split(["x " + Self.table3.replacingOccurrences(of: "GRANTED", with: "210000021")])
        let lines = try #require(cuts).lines
        #expect(lines.contains("1.本机关不掌握相关政府信息 370000037"))
        #expect(lines.contains("2.没有现成信息需要另行制作 0000000"))
    }

    @Test func aRunWithOneSplitIsRead() {
        let splits = DigitRunSplitter.splits("713000074", count: 7) { $0[0..<6].reduce(0, +) == $0[6] }
        #expect(splits == [[71, 3, 0, 0, 0, 0, 74]])
        let read = Table3Parser.read([.digitRun("713000074")], key: "new")
        #expect(read?.ambiguousRun == nil)
    }

    /// "110000011" is 1|10|0|0|0|0|11 or 11|0|0|0|0|0|11: reported, never guessed.
    @Test func aRunWithTwoSplitsIsReportedNotGuessed() throws {
        let splits = DigitRunSplitter.splits("110000011", count: 7) { $0[0..<6].reduce(0, +) == $0[6] }
        #expect(splits.count == 2)
        let read = try #require(Table3Parser.read([.digitRun("110000011")], key: "granted"))
        #expect(read.ambiguousRun == "110000011")
        let e = ReportEngine.evaluate(text: Self.page(granted: "110000011"))
        #expect(e.findings.contains { $0.code == .table3ValueInvalid && $0.actual == "110000011" })
        #expect(e.verdict() != .accepted)
    }

    /// The same two-way run in a table whose column rules admit only 11|0|0|0|0|0|11:
    /// the rules across rows pick the split (and only because it is the one that fits).
    @Test func theColumnRulesPickTheOnlyConsistentSplit() throws {
        let text = Self.page(granted: "110000011")
            .replacingOccurrences(of: "713000074", with: "613000064")
            .replacingOccurrences(of: "723000075", with: "623000065")
        let e = ReportEngine.evaluate(text: text)
        #expect(e.t3("（一）予以公开") == [11, 0, 0, 0, 0, 0, 11])
        #expect(!e.findings.contains { $0.code == .table3ValueInvalid }, "\(e.codes)")
        #expect(e.verdict() == .accepted)
    }

    @Test func gluedTable2ValuesSplitOnlyWhenUnique() {
        let e = ReportEngine.evaluate(text: Self.page())
        let rows = e.report.table2
        #expect(rows.first { $0.label == "规章" }?.cells.map(\.value) == [0, 0, 0])
        #expect(rows.first { $0.label == "行政规范性文件" }?.cells.map(\.value) == [nil, nil, nil])
        #expect(e.findings.contains { $0.code == .table2CellBlank && $0.actual == "8855698" })
        #expect(rows.first { $0.label == "行政事业性收费" }?.cells.first?.value == 9116.36)
    }
}

extension OneLinePageTests {
    /// "共有行政诉讼案件1件、行政复议案件2件": each count goes with its own word.
    @Test func narrativeCountsGoWithTheirOwnWord() {
        let text = Self.page().replacingOccurrences(of: "推进政务公开工作。", with: "推进政务公开工作。全区共有行政诉讼案件1件、行政复议案件2件。")
        let e = ReportEngine.evaluate(text: text)
        #expect(!e.codes.contains("TEXT_TABLE_MISMATCH"), "\(e.codes)")
    }
}
