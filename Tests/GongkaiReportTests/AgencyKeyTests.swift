import GongkaiReport
import Testing

@Suite struct AgencyKeyTests {
    @Test(arguments: [
        ("宁海县医疗保障局", "宁海县医疗保障局"),
        ("寧海縣醫療保障局", "宁海县医疗保障局"),
        ("宁海县 医疗保障局\u{3000}", "宁海县医疗保障局"),
        ("北京市东城区人民政府（区政府办公室编制）", "北京市东城区人民政府"),
        ("北京市东城区人民政府(区政府办公室 编制)", "北京市东城区人民政府"),
        ("北京市东城区人民政府【办公室发布】", "北京市东城区人民政府"),
        ("中国（上海）自由贸易试验区管理委员会", "中国上海自由贸易试验区管理委员会"),
        ("中国(上海)自由贸易试验区管理委员会", "中国上海自由贸易试验区管理委员会"),
        ("中共某县委·某县人民政府办公室", "中共某县委某县人民政府办公室"),
        ("ＸＸ市第１中学", "xx市第1中学"),
    ])
    func namesWrittenDifferentlyShareAKey(_ name: String, _ key: String) {
        #expect(AgencyKey.make(name) == key)
    }

    @Test func differentAgenciesKeepDifferentKeys() {
        #expect(AgencyKey.make("宁海县医疗保障局") != AgencyKey.make("临河区医疗保障局"))
        #expect(AgencyKey.make("某区人民政府（某街道）") == "某区人民政府某街道", "a bracket without an editorial word is part of the name")
        #expect(AgencyKey.make("（）·  ") == "")
    }
}

@Suite struct AgencyFromTitleTests {
    /// A crawled page starts with its metadata header: "标题: 某区2022年度…" names the agency
    /// after the label.
    @Test func aHeaderLabelBeforeTheTitleIsNotPartOfTheName() {
        // Seed 001 as a crawler saves it: "标题: " before the one-line title.
        let seed = String(decoding: Seeds.bytes(Seeds.names[1]), as: UTF8.self)
        let text = "标题: " + seed.replacingOccurrences(of: "政府信息公开\n工作年度报告", with: "政府信息公开工作年度报告")
        #expect(ReportEngine.evaluate(text: seed).report.agency == "宁海县医疗保障局")
        #expect(ReportEngine.evaluate(text: text).report.agency == "宁海县医疗保障局")
    }
}
