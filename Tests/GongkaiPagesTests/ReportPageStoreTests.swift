import Foundation
import GongkaiCore
import GongkaiStore
import Testing

@testable import GongkaiPages

/// `ReportPage.input(from:)` reads only the cells a page draws; the page must not change for it.
@Suite struct ReportPageStoreTests {
    /// A copy of the database main's daemon wrote at 8003ca1 (14 reports: accepted, rejected,
    /// duplicate, superseded, empty, DOC/ODT), migrated by this build.
    static func store() throws -> (Store, String) {
        let fixture = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Fixtures/main-8003ca1/gongkai.sqlite").path
        let folder = NSTemporaryDirectory() + "gongkai-page-store-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        try FileManager.default.copyItem(atPath: fixture, toPath: folder + "/gongkai.sqlite")
        return (try Store(path: folder + "/gongkai.sqlite"), folder)
    }

    @Test(arguments: [ReportPage.Tables.marked, .none])
    func readingFewerCellsDrawsTheSamePage(tables: ReportPage.Tables) throws {
        let (store, folder) = try Self.store()
        defer {
            try? store.close()
            try? FileManager.default.removeItem(atPath: folder)
        }
        var everything = try ReportPage.input(from: store, tables: .all, generatedAt: "2026-11-30T00:00:00Z")
        everything.tables = tables
        let light = try ReportPage.input(from: store, tables: tables, generatedAt: "2026-11-30T00:00:00Z")
        #expect(light.reports.count == 14)
        // Fewer cells read …
        let allCells = everything.reports.reduce(0) { $0 + $1.cells.count }
        let readCells = light.reports.reduce(0) { $0 + $1.cells.count }
        // (Most of these reports have a finding drawn in a table: `.marked` reads most cells.)
        #expect(readCells < (tables == .none ? allCells / 4 : allCells), "\(readCells) of \(allCells)")
        // … the same page.
        #expect(ReportPage.render(light) == ReportPage.render(everything))
    }

    @Test func theTablesFollowTheStoreSize() {
        #expect(ReportPage.Tables.automatic(reportCount: 0, markedCount: 0) == .all)
        #expect(ReportPage.Tables.automatic(reportCount: 1_000, markedCount: 1_000) == .all)
        #expect(ReportPage.Tables.automatic(reportCount: 1_001, markedCount: 1_000) == .marked)
        #expect(ReportPage.Tables.automatic(reportCount: 50_000, markedCount: 10) == .marked)
        #expect(ReportPage.Tables.automatic(reportCount: 1_001, markedCount: 1_001) == .none)
    }
}
