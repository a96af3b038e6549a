import Foundation
import GRDB
import GongkaiCore
import GongkaiStore
import Testing

/// The store against a real SQLite file in a temporary folder.
final class StoreTests {
    let directory: String

    init() throws {
        directory = NSTemporaryDirectory() + "gongkai-store-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
    }

    deinit {
        try? FileManager.default.removeItem(atPath: directory)
    }

    var path: String { directory + "/test.sqlite" }

    func input(_ claim: String, name: String = "a.txt", sha: String?, verdict: Verdict = .accepted, agency: String? = "某局", year: Int? = 2023) -> ReportInput {
        ReportInput(
            claimID: claim, fileNameRaw: Array(name.utf8), fileName: name, sha256: sha, size: 10, receivedAt: "2026-11-23T10:00:00.000Z",
            verdict: verdict, rejection: nil, policy: .standard, template: "2021", year: year, agency: agency,
            signatureDate: "2024-01-19", encoding: "UTF-8", rawText: "text",
            cells: [
                CellInput(
                    table: .t3, rowIndex: 0, rowKey: "new", rowLabel: "一、本年新收", columnIndex: 0, columnLabel: "自然人",
                    value: .integer(5), raw: "5", inferred: false),
                CellInput(
                    table: .t3, rowIndex: 0, rowKey: "new", rowLabel: "一、本年新收", columnIndex: 1, columnLabel: "商业企业",
                    value: nil, raw: nil, inferred: false),
                CellInput(
                    table: .t2, rowIndex: 0, rowKey: "第二十条第（八）项", rowLabel: "政府集中采购", columnIndex: 0, columnLabel: "采购总金额",
                    value: .real(12.5), raw: "12.5", inferred: false),
            ],
            findings: [
                FindingInput(
                    code: "T3_X", severity: .warning, table: .t3, row: "r", column: "c", line: 3,
                    expected: "1", actual: "2", messageZH: "中文", messageEN: "English")
            ])
    }

    func ingest(_ store: Store, _ items: [ReportInput]) throws -> [IngestOutcome] {
        let decisions = try store.decide(items)
        let placed = zip(items, decisions).map { PlacedReport(input: $0, decision: $1, finalName: $0.fileNameRaw) }
        return try store.commit(placed, processedAt: "2026-11-23T10:00:01.000Z")
    }

    @Test func storesRowsCellsAndFindingsWithTheirTypes() throws {
        let store = try Store(path: path)
        let outcomes = try ingest(store, [input("c1", sha: "aa")])
        #expect(outcomes.count == 1)
        let id = try #require(outcomes.first?.id)
        let cells = try store.cells(reportID: id)
        #expect(cells.count == 3)
        #expect(cells.first { $0.table == .t3 && $0.columnIndex == 0 }?.value == .integer(5))
        #expect(cells.first { $0.table == .t3 && $0.columnIndex == 1 }?.value == nil)
        #expect(cells.first { $0.table == .t2 }?.value == .real(12.5))
        #expect(try store.findings(reportID: id).first?.messageEN == "English")
        let summary = try #require(try store.report(id: id))
        #expect(summary.state == .stored)
        #expect(summary.warningCount == 1 && summary.errorCount == 0)
        #expect(try store.pendingMoves().map(\.id) == [id])
        try store.markDone([id], movedAt: "2026-11-23T10:00:02.000Z")
        #expect(try store.pendingMoves().isEmpty)
        #expect(try store.report(id: id)?.state == .done)
        try store.close()
    }

    @Test func sameBytesAsAnAcceptedReportIsADuplicateButNotAsARejectedOne() throws {
        let store = try Store(path: path)
        let first = try ingest(store, [input("c1", sha: "aa"), input("c2", name: "b.txt", sha: "aa")])
        #expect(first[0].verdict == .accepted)
        #expect(first[1].verdict == .rejected)
        #expect(first[1].rejection == .duplicate)
        #expect(first[1].duplicateOf?.fileName == "a.txt")
        #expect(first[1].findings.first?.messageEN == "duplicate of a.txt, accepted 2026-11-23T10:00:01.000Z")

        let rejected = try ingest(store, [input("c3", sha: "bb", verdict: .rejected), input("c4", sha: "bb", verdict: .rejected)])
        #expect(rejected.allSatisfy { $0.duplicateOf == nil && $0.rejection == nil })
        #expect(try store.reports(sha256: "bb").count == 2)
        try store.close()
    }

    @Test func newContentForTheSameAgencyAndYearSupersedesTheOldVersion() throws {
        let store = try Store(path: path)
        let a = try ingest(store, [input("c1", sha: "v1")])
        let b = try ingest(store, [input("c2", sha: "v2")])
        let other = try ingest(store, [input("c3", sha: "v3", year: 2022)])
        #expect(b[0].supersedes?.id == a[0].id)
        #expect(other[0].supersedes == nil)
        #expect(try store.report(id: a[0].id)?.supersededBy == b[0].id)
        let c = try ingest(store, [input("c4", sha: "v4")])
        #expect(c[0].supersedes?.id == b[0].id, "the newest current version is superseded, history kept")
        try store.close()
    }

    @Test func aFailedBatchStoresNothing() throws {
        let store = try Store(path: path)
        _ = try ingest(store, [input("c1", sha: "aa")])
        // The second item reuses a claim id: the UNIQUE constraint fails the whole batch.
        #expect(throws: (any Error).self) { try ingest(store, [input("c2", sha: "bb"), input("c1", sha: "cc")]) }
        #expect(try store.reports().count == 1)
        #expect(try store.claimStates(["c1", "c2"]) == ["c1": .stored])
        try store.close()
    }

    @Test func readOnlyStoreReadsButCannotWrite() throws {
        let writer = try Store(path: path)
        _ = try ingest(writer, [input("c1", sha: "aa")])
        let reader = try Store(path: path, readOnly: true)
        #expect(try reader.verdictCounts().accepted == 1)
        #expect(throws: (any Error).self) { try ingest(reader, [input("c2", sha: "bb")]) }
        let pool = try DatabaseQueue(path: path)
        #expect(try pool.read { db in try String.fetchOne(db, sql: "PRAGMA journal_mode") } == "wal")
        try pool.close()
        try reader.close()
        try writer.close()
    }
}
