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

    @Option(help: ArgumentHelp("Write the page here (written beside it and renamed into place).", valueName: "file"))
    var html: String

    @Option(
        help: ArgumentHelp(
            "Which reports' tables to draw: all, marked (only reports with a finding in a table), none, or auto "
                + "(all up to \(ReportPage.Tables.drawnReportsBudget) reports; above that the marked ones if there are no more than "
                + "\(ReportPage.Tables.drawnReportsBudget), otherwise none).",
            valueName: "which"))
    var tables: TablesChoice = .auto

    enum TablesChoice: String, ExpressibleByArgument, CaseIterable {
        case auto, all, marked, none
        var tables: ReportPage.Tables? { ReportPage.Tables(rawValue: rawValue) }
    }

    func run() throws {
        let db = try store.openStore()
        let started = Date()
        let input = try ReportPage.input(from: db, matching: try filters.query(), tables: tables.tables, generatedAt: Timestamp.now())
        let page = ReportPage.render(input)
        let target = DataRoot.absolute(html)
        let folder = (target as NSString).deletingLastPathComponent
        let name = Array((target as NSString).lastPathComponent.utf8)
        let directory = FileSystem.openDirectory(folder)
        guard directory >= 0 else { throw CLIError("cannot write \(target): \(folder): \(Errno(errno))") }
        defer { close(directory) }
        let bytes = page.utf8.count
        let error = FileSystem.replaceFile(directory, name, utf8: page)
        guard error == 0 else { throw CLIError("cannot write \(target): \(Errno(error))") }
        let seconds = Date().timeIntervalSince(started)
        FileHandle.standardError.write(
            Data(
                "wrote \(target): \(input.reports.count) reports (tables: \(input.tables.rawValue)), \(bytes / 1024) KiB in \(String(format: "%.2f", seconds)) s\n"
                    .utf8))
    }
}
