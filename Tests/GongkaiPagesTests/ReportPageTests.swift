import Foundation
import GongkaiCore
import GongkaiStore
import Testing

@testable import GongkaiPages

/// The report page of the 14 real stored reports.
@Suite("the report page")
struct ReportPageTests {
    static func page() -> String {
        ReportPage.render(ReportPage.Input(reports: ShowFixtures.all.map(\.pageReport), generatedAt: "2026-11-30T07:00:00.000Z"))
    }

    static func agencyKey(_ r: ShowReport) -> String { r.agency.map { String($0.filter { !$0.isWhitespace }) } ?? "" }

    @Test(
        "in a browser: sections, marks per report, the agency × year grid, the chart", .enabled(if: Chromium.skipReason == nil, "\(Chromium.skipReason ?? "")"))
    func browser() throws {
        let html = Self.page()
        let dom = DOM(try Chromium.dumpDOM(html: html))
        let reports = ShowFixtures.all

        // Self-contained; every finding of every report present, under its report's anchors.
        for r in reports {
            ReasonPageBrowserTests.checkPage(html: html, dom: dom, findings: r.numberedFindings, anchorPrefix: "r\(r.id)-")
        }
        // One closed section per report.
        let details = dom.all("details")
        #expect(details.map { $0.attributes["id"] ?? "" } == reports.map { "r\($0.id)" })
        #expect(details.allSatisfy { $0.attributes["open"] == nil })

        // Each report's marks are its findings' cells, exactly (rows of zeros folded or not).
        var byReport: [String: Set<Mark>] = [:]
        for m in dom.marks() { byReport[m.report ?? "none", default: []].insert(m.mark) }
        #expect(byReport["none"] == nil, "no mark outside a report's section")
        for r in reports {
            let expected = ExpectedMarks.of(r)
            #expect(byReport["r\(r.id)"] ?? [] == expected, "report \(r.id) \(r.file)")
        }

        // The grid: every agency × every year from 2019 to 2023 (and the unknown year), coloured by verdict.
        var expected: [String: String] = [:]
        let keys = Set(reports.map(Self.agencyKey))
        let years: [Int?] = [2019, 2020, 2021, 2022, 2023, nil]
        for key in keys {
            for year in years {
                let mine = reports.filter { Self.agencyKey($0) == key && $0.year == year }
                let verdict = mine.isEmpty ? "none" : (mine.contains { $0.verdict == .accepted } ? "accepted" : "rejected")
                expected["\(key)|\(year.map(String.init) ?? "")"] = "v-" + verdict
            }
        }
        var grid: [String: String] = [:]
        var agency = ""
        for e in dom.elements {
            if e.name == "tr" { agency = e.attributes["data-agency"] ?? "" }
            guard e.name == "td", let year = e.attributes["data-year"] else { continue }
            let td = e
            #expect(grid["\(agency)|\(year)"] == nil, "one cell per agency and year")
            grid["\(agency)|\(year)"] = td.classes.first { $0.hasPrefix("v-") }
        }
        #expect(grid == expected)
        #expect(grid["宁海县医疗保障局|2021"] == "v-accepted")
        #expect(grid["金水区卫生健康委员会|2020"] == "v-rejected")
        #expect(grid["宁海县医疗保障局|2019"] == "v-none", "a year the agency did not file is an empty cell")

        // The chart is inline SVG: one bar per series and year with current reports.
        #expect(dom.all("svg").count == 1)
        let totals = ReportPage.table3Totals(ShowFixtures.all.map(\.pageReport))
        #expect(totals.map(\.year) == [2019, 2020, 2021, 2022, 2023])
        #expect(dom.all("rect").count == 1 + 3 * totals.count + 3)  // background, bars, legend
        // 2022 is the 平潭 page: 74 new, 1 carried over, 75 processed.
        #expect(totals.first { $0.year == 2022 }.map { [$0.new, $0.carried, $0.total] } == [74, 1, 75])
        // 2021: only the current version of 宁海县 counts (seed-001.docx), not its earlier versions.
        #expect(totals.first { $0.year == 2021 }.map { [$0.new, $0.total, $0.reports] } == [1, 1, 1])

        // The most frequent findings, by reports.
        let text = dom.text
        #expect(text.contains("T3_BLANK_RECOVERED"))
        #expect(text.contains("SECTION_HEADING_VARIANT"))
    }

    @Test("counts by verdict and year")
    func counts() {
        let html = Self.page()
        #expect(html.contains("接收 accepted <b>8</b> · 不予接收 rejected <b>6</b>"))
        #expect(html.contains("<tr><th>2021</th><td class=\"n\">3</td><td class=\"n\">1</td>"))
        #expect(html.contains("<tr><th>年份不明 unknown</th><td class=\"n\">0</td><td class=\"n\">4</td>"))
    }

    @Test("rows of zeros fold on the report page, not on the reason page")
    func folding() {
        let r = ShowFixtures.report(file: "004_0767bf3ff397923b.txt")
        let page = ReportPage.render(ReportPage.Input(reports: [r.pageReport], generatedAt: "now"))
        let reason = r.reasonPage()
        // Seed 004's Table 3 is all recovered zeros: nothing folds, every row is marked.
        #expect(!page.contains("行均为 0"))
        let pingtan = ShowFixtures.report(file: "real-pingtan-2022-crawled.txt")
        let folded = ReportPage.render(ReportPage.Input(reports: [pingtan.pageReport], generatedAt: "now"))
        #expect(folded.contains("行均为 0"))
        #expect(!pingtan.reasonPage().contains("行均为 0"))
        #expect(reason.contains("5.要求行政机关确认或重新出具已获取信息"))
    }

    @Test("tables for every report, for the marked ones, or none", arguments: ReportPage.Tables.allCases)
    func tableModes(mode: ReportPage.Tables) {
        let reports = ShowFixtures.all
        let html = ReportPage.render(ReportPage.Input(reports: reports.map(\.pageReport), generatedAt: "now", tables: mode))
        let dom = DOM(html)
        var sectionsWithTables = Set<String>()
        var report: String? = nil
        for e in dom.elements {
            if e.name == "details", let id = e.attributes["id"] { report = id }
            if e.name == "table", e.classes.contains("grid"), let report { sectionsWithTables.insert(report) }
        }
        // Reports never read (empty, unsupported format …) have no tables to draw.
        let withCells = Set(reports.filter { !$0.cellInputs.isEmpty }.map { "r\($0.id)" })
        let marked = Set(reports.filter { !ExpectedMarks.of($0).isEmpty }.map { "r\($0.id)" })
        switch mode {
        case .all: #expect(sectionsWithTables == withCells.union(marked))
        case .marked: #expect(sectionsWithTables == marked)
        case .none: #expect(sectionsWithTables.isEmpty)
        }
        // Every finding is still there, with its anchor; the marks only where tables are drawn.
        for r in reports {
            let ids = Set(dom.elements.compactMap { $0.attributes["id"] })
            for (n, _) in r.numberedFindings { #expect(ids.contains("r\(r.id)-f\(n)")) }
        }
        #expect(Set(dom.marks().compactMap(\.report)) == (mode == .none ? [] : marked))
        if mode != .all { #expect(html.contains("表三总计 Table 3 totals: 一、新收 0 · 二、上年结转 0 · （七）总计 0 · 四、结转下年度 0")) }
    }

    @Test("hostile names and labels on the report page are text")
    func hostile() {
        var r = ShowFixtures.report(file: "002_7a47732316dc1f9e.txt").pageReport
        r.fileName = EscapingTests.fileName
        r.agencyName = "\"><script>alert(2)</script>"
        r.agencyKey = "<k>&\"'"
        r.findings[0].messageZH = EscapingTests.message
        r.findings[0].code = "<svg onload=x>"
        let html = ReportPage.render(ReportPage.Input(reports: [r], generatedAt: "<now>", title: "<title>&"))
        let lower = html.lowercased()
        #expect(!lower.contains("<script"))
        #expect(!lower.contains("<svg onload"))
        #expect(html.contains("<title>&lt;title&gt;&amp;</title>"))
        #expect(!lower.contains("<!--"))
        let dom = DOM(html)
        #expect(dom.all("tr").contains { $0.attributes["data-agency"] == "<k>&\"'" })
        #expect(dom.text.contains(EscapingTests.message))
    }

    @Test("an empty store")
    func empty() {
        let html = ReportPage.render(ReportPage.Input(reports: [], generatedAt: "now"))
        #expect(html.contains("（无数据 no data）"))
        #expect(DOM(html).all("details").isEmpty)
    }
}
