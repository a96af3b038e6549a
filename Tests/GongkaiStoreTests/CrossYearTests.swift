import Foundation
import GRDB
import GongkaiCore
import GongkaiStore
import Testing

/// The cross-year checks inside the store: on arrival in either order, after a new version,
/// and after a merge or a split of agency keys.
final class CrossYearTests {
    let directory: String
    var path: String { directory + "/cross.sqlite" }

    init() throws {
        directory = NSTemporaryDirectory() + "gongkai-cross-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
    }

    deinit { try? FileManager.default.removeItem(atPath: directory) }

    /// A 2021-template report with Table 3's carried rows and Table 2's stock rows.
    func report(
        _ claim: String, year: Int, key: String, agency: String? = nil, carried: Int, forward: Int,
        stock: (valid: Int, made: Int, repealed: Int) = (10, 0, 0)
    ) -> ReportInput {
        var cells: [CellInput] = []
        for column in 0..<7 {
            let label = column == 6 ? "总计" : "c\(column)"
            let c = column == 6 ? carried * 6 : carried
            let f = column == 6 ? forward * 6 : forward
            cells.append(
                CellInput(
                    table: .t3, rowIndex: 1, rowKey: Table3RowKey.carried, rowLabel: "二、上年结转政府信息公开申请数量",
                    columnIndex: column, columnLabel: label, value: .integer(c), raw: "\(c)", inferred: false))
            cells.append(
                CellInput(
                    table: .t3, rowIndex: 24, rowKey: Table3RowKey.carriedForward, rowLabel: "四、结转下年度继续办理",
                    columnIndex: column, columnLabel: label, value: .integer(f), raw: "\(f)", inferred: false))
        }
        for (index, (column, value)) in [("本年制发件数", stock.made), ("本年废止件数", stock.repealed), ("现行有效件数", stock.valid)].enumerated() {
            cells.append(
                CellInput(
                    table: .t2, rowIndex: 0, rowKey: "第二十条第（一）项", rowLabel: "规章", columnIndex: index, columnLabel: column,
                    value: .integer(value), raw: "\(value)", inferred: false))
        }
        return ReportInput(
            claimID: claim, fileNameRaw: Array("\(claim).txt".utf8), fileName: "\(claim).txt", sha256: claim, size: 1,
            receivedAt: "2026-11-30T00:00:00.000Z", verdict: .accepted, rejection: nil, policy: .standard, template: "2021",
            year: year, agency: agency ?? key, cells: cells, agencyKey: key)
    }

    func put(_ store: Store, _ items: [ReportInput]) throws -> [IngestOutcome] {
        let decisions = try store.decide(items)
        return try store.commit(
            zip(items, decisions).map { PlacedReport(input: $0, decision: $1, finalName: $0.fileNameRaw) },
            processedAt: "2026-11-30T00:00:01.000Z")
    }

    func crossYear(_ store: Store, _ id: Int64) throws -> [FindingInput] {
        try store.findings(reportID: id).filter { $0.relatedReportID != nil }
    }

    @Test(arguments: [false, true])
    func aCarryOverThatDisagreesIsFoundOnBothReportsInEitherOrder(reversed: Bool) throws {
        let store = try Store(path: path)
        defer { try? store.close() }
        let y2021 = report("a2021", year: 2021, key: "某局", carried: 0, forward: 3)
        let y2022 = report("a2022", year: 2022, key: "某局", carried: 2, forward: 1)  // 2 ≠ 3 in every column
        let order = reversed ? [y2022, y2021] : [y2021, y2022]
        var outcomes: [IngestOutcome] = []
        for item in order { outcomes += try put(store, [item]) }
        let ids = Dictionary(uniqueKeysWithValues: outcomes.map { ($0.claimID, $0.id) })
        let laterID = try #require(ids["a2022"])
        let earlierID = try #require(ids["a2021"])
        let later = try crossYear(store, laterID)
        let earlier = try crossYear(store, earlierID)
        #expect(later.count == 7)
        #expect(later.allSatisfy { $0.code == "CROSS_YEAR_CARRY_MISMATCH" && $0.severity == .warning && $0.relatedReportID == earlierID })
        #expect(earlier.count == 7)
        #expect(earlier.allSatisfy { $0.row == "四、结转下年度继续办理" && $0.relatedReportID == laterID })
        let total = try #require(later.first { $0.column == "总计" })
        #expect(total.expected == "18" && total.actual == "12")
        #expect(try store.report(id: laterID)?.warningCount == 7)
        // The arriving report's outcome carries its findings (the journal record names them).
        let arriving = try #require(outcomes.last)
        #expect(arriving.findings.contains { $0.relatedReportID != nil })
        #expect(!arriving.neighbourFindings.isEmpty)
    }

    @Test func agreeingYearsAndANewVersionThatFixesTheNumbersLeaveNoFindings() throws {
        let store = try Store(path: path)
        defer { try? store.close() }
        let first = try put(
            store,
            [
                report("b2021", year: 2021, key: "乙局", carried: 0, forward: 3, stock: (10, 0, 0)),
                report("b2022", year: 2022, key: "乙局", carried: 3, forward: 0, stock: (12, 3, 1)),
            ])
        #expect(try crossYear(store, first[0].id).isEmpty && crossYear(store, first[1].id).isEmpty)
        // A wrong new version of 2022: findings on it and on 2021 …
        let wrong = try put(store, [report("b2022-v2", year: 2022, key: "乙局", carried: 1, forward: 0, stock: (13, 3, 1))])
        #expect(
            try crossYear(store, wrong[0].id).map(\.code).sorted() == Array(repeating: "CROSS_YEAR_CARRY_MISMATCH", count: 7) + ["CROSS_YEAR_STOCK_MISMATCH"])
        #expect(try crossYear(store, first[0].id).count == 8)
        // … and a corrected third version clears 2021's.
        let fixed = try put(store, [report("b2022-v3", year: 2022, key: "乙局", carried: 3, forward: 0, stock: (12, 3, 1))])
        #expect(try crossYear(store, fixed[0].id).isEmpty)
        #expect(try crossYear(store, first[0].id).isEmpty)
        #expect(try store.report(id: first[0].id)?.warningCount == 0)
    }

    @Test func aMergeMakesTheFindingsAppearAndASplitTakesThemAway() throws {
        let store = try Store(path: path)
        defer { try? store.close() }
        let ids = try put(
            store,
            [
                report("c2021", year: 2021, key: "丙局", carried: 0, forward: 5),
                report("c2022", year: 2022, key: "丙局办公室", carried: 4, forward: 0),
            ]
        ).map(\.id)
        #expect(try crossYear(store, ids[1]).isEmpty, "two keys: not compared")
        try store.mergeAgency("丙局办公室", into: "丙局", at: "2026-11-30T01:00:00.000Z")
        #expect(try crossYear(store, ids[1]).count == 7)
        #expect(try crossYear(store, ids[0]).count == 7)
        let listing = try store.agencies()
        #expect(listing.first { $0.key == "丙局办公室" }?.mergedInto == "丙局")
        try store.splitAgency("丙局办公室")
        #expect(try crossYear(store, ids[1]).isEmpty && crossYear(store, ids[0]).isEmpty)
        #expect(throws: AgencyError.self) { try store.mergeAgency("无此局", into: "丙局", at: "x") }
    }

    @Test func asErrorsADisagreeingArrivalIsRejectedAndItsNeighbourKeepsItsVerdict() throws {
        let store = try Store(path: path, crossYearSeverity: .error)
        defer { try? store.close() }
        let first = try put(store, [report("d2021", year: 2021, key: "丁局", carried: 0, forward: 3)])
        // In one batch with a consistent 2022 and an inconsistent 2023.
        let next = try put(
            store,
            [
                report("d2022", year: 2022, key: "丁局", carried: 3, forward: 2),
                report("d2023", year: 2023, key: "丁局", carried: 9, forward: 0),
            ])
        #expect(first[0].verdict == .accepted && next[0].verdict == .accepted)
        #expect(next[1].verdict == .rejected)
        #expect(next[1].findings.filter { $0.severity == .error && $0.code == "CROSS_YEAR_CARRY_MISMATCH" }.count == 7)
        #expect(try crossYear(store, next[0].id).isEmpty)
    }

    @Test func rowsStoredBeforeKeysGetThemFromTheCallersRule() throws {
        let store = try Store(path: path)
        defer { try? store.close() }
        var old = report("e2021", year: 2021, key: "", agency: "戊 局", carried: 0, forward: 3)
        old.agencyKey = nil
        let stored = try put(store, [old])
        #expect(try store.assignMissingAgencyKeys({ $0.replacingOccurrences(of: " ", with: "") }, at: "t") == 1)
        let next = try put(store, [report("e2022", year: 2022, key: "戊局", carried: 1, forward: 0)])
        #expect(try crossYear(store, next[0].id).count == 7)
        #expect(try crossYear(store, stored[0].id).count == 7)
    }
}
