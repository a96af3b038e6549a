import ArgumentParser
import Foundation
import GongkaiCore
import GongkaiPages
import GongkaiStore

/// `gongkai report --html FILE`: one self-contained page over the whole database.
struct Report: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Write an HTML overview of the database: counts, agencies × years, frequent findings, Table 3 totals, every report.",
        discussion: """
            The page is self-contained (inline CSS and SVG, no script, no network) and UTF-8. \
            Reports are grouped by agency key (see `gongkai agencies`); filters narrow the reports \
            shown. The database is only read.
            """)

    @OptionGroup var store: StoreOptions

    @OptionGroup var filters: FilterOptions

    @Option(help: ArgumentHelp("Write the page here (written to a temporary file and renamed into place).", valueName: "file"))
    var html: String

    func run() throws {
        let db = try store.openStore()
        let started = Date()
        let summaries = try db.reports(matching: try filters.query()).sorted { $0.id > $1.id }
        let ids = summaries.map(\.id)
        var cells: [Int64: [CellInput]] = [:]
        for table in ReportTable.allCases {
            for (id, list) in try db.cells(table: table, reportIDs: ids) { cells[id, default: []] += list }
        }
        let findings = try db.findings(reportIDs: ids)
        let groups = try db.agencyGroups()
        let reports = summaries.map { summary in
            ReportPage.Report(
                summary: summary, agencyKey: groups[summary.id], agencyName: summary.agency,
                cells: cells[summary.id] ?? [], findings: (findings[summary.id] ?? []).map(\.finding))
        }
        let page = ReportPage.render(ReportPage.Input(reports: reports, generatedAt: Timestamp.now()))
        let target = DataRoot.absolute(html)
        let temporary = target + ".tmp-\(getpid())"
        do {
            try Data(page.utf8).write(to: URL(fileURLWithPath: temporary))
            guard rename(temporary, target) == 0 else { throw CLIError("cannot rename \(temporary) to \(target): \(Errno(errno))") }
        } catch let error as CLIError {
            throw error
        } catch {
            try? FileManager.default.removeItem(atPath: temporary)
            throw CLIError("cannot write \(target): \(StoreOptions.oneLine(error))")
        }
        let seconds = Date().timeIntervalSince(started)
        FileHandle.standardError.write(
            Data("wrote \(target): \(reports.count) reports, \(page.utf8.count / 1024) KiB in \(String(format: "%.2f", seconds)) s\n".utf8))
    }
}
