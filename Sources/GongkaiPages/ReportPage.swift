import GongkaiCore
import GongkaiStore

/// The page of `gongkai report --html FILE`: every stored report at a glance.
///
/// Counts by verdict and year; an agency × year grid coloured by verdict, with the years
/// an agency did not file as empty cells; the most frequent finding codes; Table 3's
/// totals by year as an inline SVG chart; then one closed `<details>` per report with its
/// findings and tables (the reason page's rendering, rows of zeros folded), so that a page
/// of 10,000 reports opens quickly and searches with the browser's find.
///
/// Self-contained UTF-8: inline CSS and SVG, no script, no URL.
public enum ReportPage {
    /// One stored report: its summary, the agency it belongs to, its cells and findings.
    public struct Report: Sendable {
        public var id: Int64
        public var fileName: String
        public var verdict: Verdict
        public var rejection: RejectionCause?
        public var policy: Policy
        public var template: String?
        public var year: Int?
        /// The agency's normalised key (rows of the grid); nil when no agency was read.
        public var agencyKey: String?
        /// The agency's name for display; the grid shows the first name given for a key.
        public var agencyName: String?
        public var processedAt: String
        public var sha256: String?
        /// Where the file ended ("accepted/NAME"), when known.
        public var finalPath: String?
        /// Whether this is the current version of its agency and year (accepted, not superseded).
        public var isCurrent: Bool
        public var cells: [CellInput]
        public var findings: [FindingInput]

        public init(
            id: Int64, fileName: String, verdict: Verdict, rejection: RejectionCause? = nil, policy: Policy = .standard,
            template: String? = nil, year: Int? = nil, agencyKey: String? = nil, agencyName: String? = nil,
            processedAt: String, sha256: String? = nil, finalPath: String? = nil, isCurrent: Bool? = nil,
            cells: [CellInput] = [], findings: [FindingInput] = []
        ) {
            self.id = id
            self.fileName = fileName
            self.verdict = verdict
            self.rejection = rejection
            self.policy = policy
            self.template = template
            self.year = year
            self.agencyKey = agencyKey
            self.agencyName = agencyName
            self.processedAt = processedAt
            self.sha256 = sha256
            self.finalPath = finalPath
            self.isCurrent = isCurrent ?? (verdict == .accepted)
            self.cells = cells
            self.findings = findings
        }

        /// A report as the store lists it, with its agency, cells and findings.
        public init(summary: ReportSummary, agencyKey: String?, agencyName: String?, cells: [CellInput], findings: [FindingInput]) {
            self.init(
                id: summary.id, fileName: summary.fileName, verdict: summary.verdict, rejection: summary.rejection,
                policy: summary.policy, template: summary.template, year: summary.year, agencyKey: agencyKey,
                agencyName: agencyName ?? summary.agency, processedAt: summary.processedAt, sha256: summary.sha256,
                finalPath: summary.finalPath, isCurrent: summary.isCurrent, cells: cells, findings: findings)
        }

        var errorCount: Int { findings.count { $0.severity == .error } }
        var warningCount: Int { findings.count - errorCount }
    }

    /// Everything the page shows, as plain values the caller fills from the store.
    public struct Input: Sendable {
        /// The reports, in the order their sections appear (e.g. newest first).
        public var reports: [Report]
        /// When the page was made (shown in the header).
        public var generatedAt: String
        public var title: String
        /// How many finding codes the "most frequent" table lists.
        public var topCodes: Int
        /// Which report sections draw their tables.
        public var tables: Tables

        public init(
            reports: [Report], generatedAt: String, title: String = "政府信息公开工作年度报告 · 检查汇总 Report overview",
            topCodes: Int = 20, tables: Tables = .all
        ) {
            self.reports = reports
            self.generatedAt = generatedAt
            self.title = title
            self.topCodes = topCodes
            self.tables = tables
        }
    }

    /// Which report sections draw their three tables. The page's weight is the tables:
    /// about 5.5 KB per report with them, under 1 KB without (see the benchmark note in
    /// PageBenchmark.swift for what a browser makes of 10,000).
    public enum Tables: String, Sendable, CaseIterable {
        /// Every report with cells (rows of zeros folded), and any whose findings name a table.
        case all
        /// Only reports with a finding drawn in a table; the others show Table 3's
        /// 一 / 二 / （七） / 四 totals on one line.
        case marked
        /// No tables; Table 3's totals on one line.
        case none
    }

    /// Renders the page. Linear in the input: one string with reserved capacity.
    public static func render(_ input: Input) -> String {
        let reports = input.reports
        let cellCount = reports.reduce(0) { $0 + $1.cells.count }
        let findingCount = reports.reduce(0) { $0 + $1.findings.count }
        var h = HTML(capacity: 65_536 + reports.count * 1_200 + cellCount * 12 + findingCount * 900)
        Page.open(title: input.title, into: &h)
        h.raw("<h1>")
        h.text(input.title)
        h.raw("</h1>\n<p class=\"meta\">生成时间 generated ")
        h.text(input.generatedAt)
        h.raw(" · 报告 ")
        h.int(reports.count)
        h.raw(" reports</p>\n")
        h.raw("<nav class=\"meta\"><a href=\"#counts\">按年度 by year</a> · <a href=\"#agencies\">机关×年度 agencies × years</a> · ")
        h.raw("<a href=\"#codes\">常见问题 frequent findings</a> · <a href=\"#t3totals\">表三合计 Table 3 totals</a> · ")
        h.raw("<a href=\"#reports\">各报告 reports</a></nav>\n")

        counts(reports, into: &h)
        agencyGrid(reports, into: &h)
        frequentCodes(reports, limit: input.topCodes, into: &h)
        table3Totals(reports, into: &h)
        sections(reports, tables: input.tables, into: &h)
        Page.close(into: &h)
        return h.out
    }

    // MARK: - Counts by verdict and year

    static func yearText(_ year: Int?) -> String { year.map(String.init) ?? "年份不明 unknown" }

    static func counts(_ reports: [Report], into h: inout HTML) {
        var byYear: [Int?: (accepted: Int, rejected: Int, current: Int)] = [:]
        var accepted = 0
        var current = 0
        for r in reports {
            var c = byYear[r.year] ?? (0, 0, 0)
            if r.verdict == .accepted { c.accepted += 1; accepted += 1 } else { c.rejected += 1 }
            if r.isCurrent { c.current += 1; current += 1 }
            byYear[r.year] = c
        }
        h.raw("<section id=\"counts\"><h2>按结论和年度 · Counts by verdict and year</h2>\n")
        h.raw("<p class=\"meta counts\">接收 accepted <b>")
        h.int(accepted)
        h.raw("</b> · 不予接收 rejected <b>")
        h.int(reports.count - accepted)
        h.raw("</b> · 现行版本 current versions <b>")
        h.int(current)
        h.raw("</b></p>\n<table class=\"plain\"><thead><tr><th>年度 year</th><th>接收 accepted</th><th>不予接收 rejected</th>")
        h.raw("<th>现行 current</th><th>合计 total</th></tr></thead><tbody>\n")
        for (year, c) in byYear.sorted(by: { yearOrder($0.key, $1.key) }) {
            h.raw("<tr><th>")
            h.text(yearText(year))
            h.raw("</th><td class=\"n\">")
            h.int(c.accepted)
            h.raw("</td><td class=\"n\">")
            h.int(c.rejected)
            h.raw("</td><td class=\"n\">")
            h.int(c.current)
            h.raw("</td><td class=\"n\">")
            h.int(c.accepted + c.rejected)
            h.raw("</td></tr>\n")
        }
        h.raw("</tbody></table></section>\n")
    }

    /// Years ascending, the unknown year last.
    static func yearOrder(_ a: Int?, _ b: Int?) -> Bool {
        switch (a, b) {
        case let (x?, y?): x < y
        case (_?, nil): true
        default: false
        }
    }

    /// The grid's columns: every year from the first to the last (so a year nobody filed
    /// shows), the unknown year last; only the years seen when they span more than 40.
    static func gridYears(_ reports: [Report]) -> [Int?] {
        let known = Set(reports.compactMap(\.year))
        var years: [Int?] = []
        if let lo = known.min(), let hi = known.max() {
            years = hi - lo <= 40 ? Array(lo...hi) : known.sorted()
        }
        if reports.contains(where: { $0.year == nil }) { years.append(nil) }
        return years
    }

    // MARK: - Agency × year

    static let unknownAgency = "（未识别机关 agency not read）"

    static func agencyGrid(_ reports: [Report], into h: inout HTML) {
        struct Row {
            var key: String
            var name: String
            var byYear: [Int?: [Int]] = [:]  // indices into reports
        }
        var rows: [Row] = []
        var rowIndex: [String: Int] = [:]
        for (i, r) in reports.enumerated() {
            let key = r.agencyKey ?? r.agencyName ?? ""
            let at: Int
            if let known = rowIndex[key] {
                at = known
                if rows[at].name == key, let name = r.agencyName { rows[at].name = name }
            } else {
                at = rows.count
                rowIndex[key] = at
                rows.append(Row(key: key, name: key.isEmpty ? unknownAgency : (r.agencyName ?? key)))
            }
            rows[at].byYear[r.year, default: []].append(i)
        }
        // Named agencies by name, the unknown one last.
        rows.sort { a, b in
            if a.key.isEmpty != b.key.isEmpty { return !a.key.isEmpty }
            return a.name == b.name ? a.key < b.key : a.name < b.name
        }
        let years = gridYears(reports)
        h.raw("<section id=\"agencies\"><h2>机关 × 年度 · Agencies × years</h2>\n")
        h.raw("<p class=\"legend\"><span class=\"g-accepted\">■ 已接收 accepted</span> <span class=\"g-rejected\">■ 仅有不予接收 rejected only</span> ")
        h.raw("<span class=\"g-none\">□ 未收到 none</span> · ")
        h.int(rows.count)
        h.raw(" 个机关 agencies</p>\n<div class=\"scroll\"><table class=\"plain agencies\"><thead><tr><th>机关 agency</th>")
        for year in years {
            h.raw("<th>")
            h.text(year.map(String.init) ?? "?")
            h.raw("</th>")
        }
        h.raw("</tr></thead><tbody>\n")
        for row in rows {
            let key = row.key
            // data-agency on the row, data-year on each cell: the grid is machine-checkable like the marks.
            h.raw("<tr")
            h.attribute("data-agency", key)
            h.raw("><th class=\"agency\"")
            if !key.isEmpty, key != row.name { h.attribute("title", key) }
            h.raw(">")
            h.text(row.name)
            h.raw("</th>")
            for year in years {
                guard let indices = row.byYear[year] else {
                    h.raw("<td class=\"v-none\" data-year=\"")
                    if let year { h.int(year) }
                    h.raw("\"></td>")
                    continue
                }
                let accepted = indices.filter { reports[$0].verdict == .accepted }
                let verdict: Verdict = accepted.isEmpty ? .rejected : .accepted
                // The link goes to the current version, else the newest listed.
                let target = accepted.first { reports[$0].isCurrent } ?? accepted.first ?? indices[0]
                h.raw("<td class=\"v-")
                h.raw(verdict.rawValue)
                h.raw("\" data-year=\"")
                if let year { h.int(year) }
                h.raw("\"")
                if indices.count > 1 {
                    h.raw(" title=\"")
                    h.int(accepted.count)
                    h.raw(" accepted, ")
                    h.int(indices.count - accepted.count)
                    h.raw(" rejected\"")
                }
                h.raw("><a href=\"#r")
                h.raw(String(reports[target].id))
                h.raw("\">")
                h.raw(verdict == .accepted ? "✓" : "✗")
                if indices.count > 1 {
                    h.raw("<small>")
                    h.int(indices.count)
                    h.raw("</small>")
                }
                h.raw("</a></td>")
            }
            h.raw("</tr>\n")
        }
        h.raw("</tbody></table></div></section>\n")
    }

    // MARK: - Frequent findings

    static func frequentCodes(_ reports: [Report], limit: Int, into h: inout HTML) {
        struct Tally {
            var findings = 0
            var reports = 0
            var errors = 0
            var sample: FindingInput
        }
        var tallies: [String: Tally] = [:]
        for r in reports {
            var seen = Set<String>()
            for f in r.findings {
                var t = tallies[f.code] ?? Tally(sample: f)
                t.findings += 1
                if f.severity == .error { t.errors += 1 }
                if seen.insert(f.code).inserted { t.reports += 1 }
                tallies[f.code] = t
            }
        }
        let top = tallies.sorted { a, b in a.value.reports != b.value.reports ? a.value.reports > b.value.reports : a.key < b.key }.prefix(limit)
        h.raw("<section id=\"codes\"><h2>最常见的问题 · Most frequent findings</h2>\n")
        if top.isEmpty {
            h.raw("<p>（无问题 no findings）</p></section>\n")
            return
        }
        h.raw("<table class=\"plain\"><thead><tr><th>代码 code</th><th>报告数 reports</th><th>次数 findings</th><th>错误 errors</th>")
        h.raw("<th>示例 example</th></tr></thead><tbody>\n")
        for (code, t) in top {
            h.raw("<tr><td><code>")
            h.text(code)
            h.raw("</code></td><td class=\"n\">")
            h.int(t.reports)
            h.raw("</td><td class=\"n\">")
            h.int(t.findings)
            h.raw("</td><td class=\"n\">")
            h.int(t.errors)
            h.raw("</td><td class=\"example\"><div>")
            h.text(shortened(t.sample.messageZH, 90))
            h.raw("</div><div class=\"en\">")
            h.text(shortened(t.sample.messageEN, 160))
            h.raw("</div></td></tr>\n")
        }
        h.raw("</tbody></table></section>\n")
    }

    /// At most `limit` characters, with "…" when cut.
    static func shortened(_ s: String, _ limit: Int) -> String {
        s.count <= limit ? s : String(s.prefix(limit)) + "…"
    }

    // MARK: - Table 3 totals by year

    /// Sums of Table 3's 总计 column by year over the current versions: 一 new applications,
    /// 二 carried over, （七）总计 processed.
    static func table3Totals(_ reports: [Report]) -> [(year: Int, new: Int, carried: Int, total: Int, reports: Int)] {
        var sums: [Int: (new: Int, carried: Int, total: Int, reports: Int)] = [:]
        for r in reports where r.isCurrent {
            guard let year = r.year else { continue }
            var s = sums[year] ?? (0, 0, 0, 0)
            var any = false
            for cell in r.cells where cell.table == .t3 {
                // The (ASCII) row key first: most cells stop there.
                guard let key = cell.rowKey, key == Table3RowKey.new || key == Table3RowKey.carried || key == Table3RowKey.total,
                    cell.columnLabel == Table3Column.total, case .integer(let v)? = cell.value
                else { continue }
                switch key {
                case Table3RowKey.new: s.new += v
                case Table3RowKey.carried: s.carried += v
                default: s.total += v
                }
                any = true
            }
            if any { s.reports += 1 }
            sums[year] = s
        }
        return sums.sorted { $0.key < $1.key }.map { y, s in (y, s.new, s.carried, s.total, s.reports) }
    }

    static func table3Totals(_ reports: [Report], into h: inout HTML) {
        let totals = table3Totals(reports)
        h.raw("<section id=\"t3totals\"><h2>表三合计（按年度，现行版本）· Table 3 totals by year (current versions)</h2>\n")
        guard !totals.isEmpty else {
            h.raw("<p>（无数据 no data）</p></section>\n")
            return
        }
        Chart.bars(
            totals.map { ($0.year, [$0.new, $0.carried, $0.total]) },
            series: ["一、本年新收 new", "二、上年结转 carried over", "（七）总计 processed"],
            colors: ["#1e88e5", "#fb8c00", "#43a047"], into: &h)
        h.raw("<table class=\"plain\"><thead><tr><th>年度 year</th><th>报告 reports</th><th>一、本年新收 new</th>")
        h.raw("<th>二、上年结转 carried</th><th>（七）总计 processed</th></tr></thead><tbody>\n")
        for t in totals {
            h.raw("<tr><th>")
            h.int(t.year)
            h.raw("</th><td class=\"n\">")
            h.int(t.reports)
            h.raw("</td><td class=\"n\">")
            h.raw(Format.grouped(t.new))
            h.raw("</td><td class=\"n\">")
            h.raw(Format.grouped(t.carried))
            h.raw("</td><td class=\"n\">")
            h.raw(Format.grouped(t.total))
            h.raw("</td></tr>\n")
        }
        h.raw("</tbody></table></section>\n")
    }

    // MARK: - One section per report

    /// Table 3's 总计 of 一, 二, （七） and 四 on one line, for a section without tables.
    static func table3Line(_ cells: [CellInput], into h: inout HTML) {
        var values: [String: String] = [:]
        for cell in cells where cell.table == .t3 {
            guard let key = cell.rowKey, cell.columnLabel == Table3Column.total else { continue }
            values[key] = cell.value.map(Format.value) ?? "空"
        }
        guard !values.isEmpty else { return }
        h.raw("<p class=\"meta\">表三总计 Table 3 totals: 一、新收 ")
        h.raw(values[Table3RowKey.new] ?? "—")
        h.raw(" · 二、上年结转 ")
        h.raw(values[Table3RowKey.carried] ?? "—")
        h.raw(" · （七）总计 ")
        h.raw(values[Table3RowKey.total] ?? "—")
        h.raw(" · 四、结转下年度 ")
        h.raw(values[Table3RowKey.carriedForward] ?? "—")
        h.raw("</p>\n")
    }

    static func sections(_ reports: [Report], tables: Tables, into h: inout HTML) {
        h.raw("<section id=\"reports\"><h2>各报告 · Reports (")
        h.int(reports.count)
        h.raw(")</h2>\n")
        Page.legend(into: &h)
        for r in reports {
            let prefix = "r\(r.id)-"
            h.raw("<details class=\"report v-")
            h.raw(r.verdict.rawValue)
            h.raw("\" id=\"r")
            h.raw(String(r.id))
            h.raw("\"><summary><span class=\"badge ")
            h.raw(r.verdict.rawValue)
            h.raw("\">")
            h.raw(r.verdict == .accepted ? "接收 accepted" : "不予接收 rejected")
            h.raw("</span> <bdi>")
            h.text(r.fileName)
            h.raw("</bdi> <span class=\"dim\">· ")
            h.text(r.agencyName ?? "—")
            h.raw(" · ")
            h.text(yearText(r.year))
            h.raw(" · #")
            h.raw(String(r.id))
            h.raw(" · 错误 ")
            h.int(r.errorCount)
            h.raw(" · 提示 ")
            h.int(r.warningCount)
            if !r.isCurrent, r.verdict == .accepted { h.raw(" · 已被取代 superseded") }
            h.raw("</span></summary>\n<p class=\"meta\">")
            var meta = ["规则 policy \(r.policy.rawValue)", "处理时间 processed \(r.processedAt)"]
            if let t = r.template { meta.append("模板 template \(t)") }
            if let c = r.rejection { meta.append("原因 cause \(c.rawValue)") }
            if let p = r.finalPath { meta.append("位置 path \(p)") }
            if let s = r.sha256 { meta.append("SHA-256 \(s.prefix(16))…") }
            h.text(meta.joined(separator: " · "))
            h.raw("</p>\n")
            if r.findings.isEmpty, r.cells.isEmpty {
                h.raw("<p class=\"dim\">（无问题、无表格 no findings, no tables）</p>\n")
            } else {
                let map = FindingMap(findings: r.findings, cells: r.cells)
                // A report never read (empty, unsupported format) has no table to draw unless a finding names one.
                let draw = (tables == .all && !r.cells.isEmpty) || (tables != .none && !map.marks.isEmpty)
                if !draw { table3Line(r.cells, into: &h) }
                Page.findingsAndTables(map, prefix: prefix, foldZeroRows: true, tables: draw, into: &h)
            }
            h.raw("</details>\n")
        }
        h.raw("</section>\n")
    }
}
