import GongkaiCore
import GongkaiStore

extension ReportPage.Tables {
    /// The choice for a page of `reportCount` reports when the user made none: every table
    /// while a browser opens the page in a few seconds, then only the marked ones, then none.
    ///
    /// Chromium opens 10,000 synthetic reports in 29 s with every table, 18 s with `.marked`
    /// and 9 s with `.none` (PageBenchmark.swift); 1,000 reports with every table open in
    /// about 4 s.
    public static func automatic(reportCount: Int) -> Self {
        switch reportCount {
        case ...allTablesUpTo: .all
        case ...markedTablesUpTo: .marked
        default: .none
        }
    }

    /// The largest page that draws every report's tables by default.
    public static let allTablesUpTo = 1_000
    /// The largest page that draws the marked reports' tables by default.
    public static let markedTablesUpTo = 20_000
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
    /// - Parameter tables: which tables to draw; nil chooses ``Tables/automatic(reportCount:)``.
    public static func input(from store: Store, matching query: ReportQuery = ReportQuery(), tables: Tables?, generatedAt: String) throws -> Input {
        let summaries = try store.reports(matching: query)
        let tables = tables ?? .automatic(reportCount: summaries.count)
        let ids = summaries.map(\.id)
        let findings = try store.findings(reportIDs: ids)
        let drawn: [Int64]
        switch tables {
        case .all: drawn = ids
        // A table is drawn only where a finding names one (see `sections`).
        case .marked: drawn = ids.filter { id in findings[id]?.contains { $0.finding.table != nil } ?? false }
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
