import GongkaiCore
import GongkaiStore

extension ReportPage.Tables {
    /// The choice when the user made none: as many tables as a browser opens in a few
    /// seconds, and as the daemon reads and renders cheaply. Every table up to
    /// ``drawnReportsBudget`` reports; above that, the marked reports' tables if there are
    /// no more of them than that; otherwise none (each report then shows Table 3's totals
    /// on one line, and `gongkai report --tables marked` draws them all on request).
    ///
    /// Chromium opens 10,000 synthetic reports in 29 s with every table, 18 s with 2,500
    /// marked and 9 s with none (PageBenchmark.swift); reading 10,000 reports' 2,000,000
    /// cells takes the daemon about 20 s of CPU and 1 GB (scripts/bench-daemon.sh).
    ///
    /// - Parameters:
    ///   - reportCount: the reports on the page.
    ///   - markedCount: how many of them have a finding drawn in a table.
    public static func automatic(reportCount: Int, markedCount: Int) -> Self {
        if reportCount <= drawnReportsBudget { return .all }
        return markedCount <= drawnReportsBudget ? .marked : .none
    }

    /// The most reports whose tables a page draws by default.
    public static let drawnReportsBudget = 1_000
}

extension ReportPage {
    /// Reads what the page shows from the store (read transactions only): the reports a
    /// query selects, newest first, with their agency groups, cells and findings.
    ///
    /// Only the cells the page draws are read: every table of a report whose tables are
    /// drawn, and Table 3's 总计 column (the one-line totals and the chart) of the others.
    /// At 10,000 reports that is what keeps the daemon's refresh from holding two million
    /// cells in memory.
    ///
    /// - Parameter tables: which tables to draw; nil chooses ``Tables/automatic(reportCount:markedCount:)``.
    public static func input(from store: Store, matching query: ReportQuery = ReportQuery(), tables: Tables?, generatedAt: String) throws -> Input {
        let summaries = try store.reports(matching: query)
        let ids = summaries.map(\.id)
        let findings = try store.findings(reportIDs: ids)
        // A table is drawn only where a finding names one (see `sections`).
        let marked = ids.filter { id in findings[id]?.contains { $0.finding.table != nil } ?? false }
        let tables = tables ?? .automatic(reportCount: ids.count, markedCount: marked.count)
        let drawn: [Int64]
        switch tables {
        case .all: drawn = ids
        case .marked: drawn = marked
        case .none: drawn = []
        }
        var cells: [Int64: [CellInput]] = [:]
        for table in ReportTable.allCases {
            for (id, list) in try store.cells(table: table, reportIDs: drawn) { cells[id, default: []] += list }
        }
        if drawn.count < ids.count {
            let drawnSet = Set(drawn)
            let others = ids.filter { !drawnSet.contains($0) }
            for (id, list) in try store.cells(table: .t3, column: Table3Column.total, reportIDs: others) { cells[id] = list }
        }
        let groups = try store.agencyGroups()
        let reports = summaries.map { summary in
            Report(
                summary: summary, agencyKey: groups[summary.id], agencyName: summary.agency,
                cells: cells[summary.id] ?? [], findings: (findings[summary.id] ?? []).map(\.finding))
        }
        return Input(reports: reports, generatedAt: generatedAt, tables: tables)
    }
}
