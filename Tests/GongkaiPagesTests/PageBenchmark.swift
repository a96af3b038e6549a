import Foundation
import GongkaiCore
import GongkaiStore
import GongkaiTestSupport
import Testing

@testable import GongkaiPages

/// Not a timed test: a measurement to run by hand and report.
///
///     GONGKAI_PAGES_BENCH=1 swift test -c release -Xswiftc -enable-testing --filter PageBenchmark
///
/// Renders the report page of 10,000 synthetic reports (2,000 agencies × five years, a
/// tenth missing, a quarter with findings: recovered cells, a sum error, whole-file
/// warnings; 2,000,000 cells) and prints the time and the size; the page is left at
/// /tmp/gongkai-report-10000.html for a browser. Set GONGKAI_PAGES_OUT=DIR to also write the
/// fixture reports' pages there (for screenshots).
///
/// Figures (2 cores, Swift 6.3.1, Chromium 156):
///
/// - Release build (this test, 2026-11-30, an otherwise idle machine): the page of 10,000
///   reports with every table renders in 1.76–1.88 s (best of three, two runs), 55.1 MB
///   (5.5 KB a report); a reason page in 0.24–0.40 ms, 15 KB. Earlier, with the machine
///   shared by builds (load 2–5), a release executable of the same code measured 2.2–3.3 s;
///   `tables: .marked` 1.6–2.5 s and 25.3 MB, `.none` 1.9 s and 11.8 MB.
/// - Debug build (this test): 23–38 s for the same page.
/// - Chromium headless, from start to the screenshot of the 10,000-report page: 28.6 s with
///   every report's tables, 18.3 s with `.marked`, 9.0 s with `.none` (1.5 s for an empty
///   page); the 14 fixture reports' page: about 3 s. The page's weight is the per-report
///   tables (closed `<details>`, `content-visibility: auto`), hence `ReportPage.Tables`.
@Suite("page benchmark (GONGKAI_PAGES_BENCH=1)")
struct PageBenchmark {
    static let enabled = ProcessInfo.processInfo.environment["GONGKAI_PAGES_BENCH"] == "1"

    static func syntheticReports(_ count: Int) -> [ReportPage.Report] {
        var random = SplitMix64(seed: 11)
        var out: [ReportPage.Report] = []
        out.reserveCapacity(count)
        var id: Int64 = 0
        var agency = 0
        while out.count < count {
            agency += 1
            for year in 2019...2023 where out.count < count {
                if random.next() % 10 == 0 { continue }  // a year not filed
                id += 1
                let new = Int(random.next() % 200)
                let withheld = new > 0 ? Int(random.next() % UInt64(new + 1)) / 4 : 0
                var cells = Synthetic.cells(new: new, carried: Int(random.next() % 5), withheld: withheld, seed: Int(id))
                var findings: [FindingInput] = []
                var verdict = Verdict.accepted
                switch random.next() % 8 {
                case 0:
                    Synthetic.set(&cells, .t3, row: "二、上年结转政府信息公开申请数量", column: "商业企业", value: 0, inferred: true)
                    findings.append(
                        FindingInput(
                            code: "T3_BLANK_RECOVERED", severity: .warning, table: .t3, row: "二、上年结转政府信息公开申请数量",
                            column: "商业企业", expected: "0", actual: "blank",
                            messageZH: "“二、上年结转政府信息公开申请数量”行的空白单元格（商业企业）由勾稽关系推算为 0。",
                            messageEN: "Row “carried over from last year”: blank businesses recovered as 0 from the table's sum rules."))
                case 1:
                    verdict = .rejected
                    findings.append(
                        FindingInput(
                            code: "T3_FLOW_MISMATCH", severity: .error, table: .t3, column: "自然人", expected: "1", actual: "2",
                            messageZH: "“自然人”栏：第一项加第二项之和为 1，第（七）项总计加第四项之和为 2，二者应相等。",
                            messageEN: "Column natural persons: new + carried over = 1, but total processed + carried forward = 2."))
                    findings.append(
                        FindingInput(
                            code: "T3_ROW_TOTAL_MISMATCH", severity: .error, table: .t3, row: "（一）予以公开", column: "总计",
                            messageZH: "“（一）予以公开”行：自然人与法人或其他组织各栏之和为 3，但总计为 4。",
                            messageEN: "Row “disclosed”: the six applicant columns sum to 3, but the total is 4."))
                default:
                    break
                }
                if random.next() % 4 == 0 {
                    findings.append(
                        FindingInput(
                            code: "SECTION_HEADING_VARIANT", severity: .warning, row: "五、存在的主要问题及改进情况",
                            messageZH: "第5部分标题为“五、存在问题”，模板为“五、存在的主要问题及改进情况”。",
                            messageEN: "Section 5 is headed “五、存在问题”; the template says “五、存在的主要问题及改进情况”."))
                }
                let name = "某某省某某市第\(agency)区人民政府办公室"
                out.append(
                    ReportPage.Report(
                        id: id, fileName: "\(name)\(year)年政府信息公开工作年度报告.pdf", verdict: verdict, policy: .standard,
                        template: year >= 2021 ? "2021" : "2019", year: year, agencyKey: "agency-\(agency)", agencyName: name,
                        processedAt: "2026-11-30T07:00:00.000Z", sha256: String(repeating: "ab", count: 32),
                        finalPath: "\(verdict.rawValue)/\(id).pdf", cells: cells, findings: findings))
            }
        }
        return out
    }

    @Test(.enabled(if: enabled, "set GONGKAI_PAGES_BENCH=1 (a measurement, run in release)"))
    func tenThousandReports() throws {
        let reports = Self.syntheticReports(10_000)
        #expect(reports.count == 10_000)
        let input = ReportPage.Input(reports: reports, generatedAt: "2026-11-30T07:00:00.000Z")
        var best = Double.infinity
        var html = ""
        for _ in 0..<3 {
            let start = DispatchTime.now().uptimeNanoseconds
            html = ReportPage.render(input)
            best = min(best, Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9)
        }
        try Data(html.utf8).write(to: URL(fileURLWithPath: "/tmp/gongkai-report-10000.html"))
        let cells = reports.reduce(0) { $0 + $1.cells.count }
        print(
            "PageBenchmark: 10,000 reports, \(cells) cells: render \(String(format: "%.2f", best)) s (best of 3), "
                + "\(html.utf8.count) bytes (\(html.utf8.count / 10_000) bytes/report) → /tmp/gongkai-report-10000.html")

        // One reason page, for scale.
        let start = DispatchTime.now().uptimeNanoseconds
        var bytes = 0
        for r in reports.prefix(1_000) {
            bytes +=
                ReasonPage.render(
                    fileName: r.fileName, verdict: r.verdict, policy: r.policy, processedAt: r.processedAt, sha256: r.sha256,
                    findings: r.findings, cells: r.cells
                ).utf8.count
        }
        let each = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9 / 1_000
        print("PageBenchmark: reason page \(String(format: "%.3f", each * 1000)) ms each, \(bytes / 1_000) bytes each")
    }

    @Test(.enabled(if: ProcessInfo.processInfo.environment["GONGKAI_PAGES_OUT"] != nil, "set GONGKAI_PAGES_OUT=DIR to write pages to look at"))
    func writePages() throws {
        let dir = ProcessInfo.processInfo.environment["GONGKAI_PAGES_OUT"]!
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        for r in ShowFixtures.all {
            try Data(r.reasonPage().utf8).write(to: URL(fileURLWithPath: "\(dir)/reason-\(r.id).html"))
        }
        try Data(ReportPageTests.page().utf8).write(to: URL(fileURLWithPath: "\(dir)/report.html"))
        let (cells, findings, _) = FindingPlacementTests.edgeCases()
        try Data(FindingPlacementTests.render(cells, findings).utf8).write(to: URL(fileURLWithPath: "\(dir)/edge.html"))
        try Data(EscapingTests.page().html.utf8).write(to: URL(fileURLWithPath: "\(dir)/hostile.html"))
    }
}
