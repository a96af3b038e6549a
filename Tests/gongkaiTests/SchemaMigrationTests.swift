import Foundation
import GongkaiCore
import GongkaiStore
import Testing

/// A database written by the daemon of main before the typed store (8003ca1, schema v2):
/// 14 reports from the seeds and the corpus — accepted, rejected, a duplicate, superseded
/// versions, an empty file, a non-UTF-8 name, unsupported formats — and what that build's
/// CLI exported from it (Tests/Fixtures/main-8003ca1). Opened by this build's writer (its
/// migrator runs), every export must read the same, byte for byte, and new reports must
/// be judged against the old rows.
@Suite struct SchemaMigrationTests {
    static let fixtures = CLI.repository.appendingPathComponent("Tests/Fixtures/main-8003ca1")
    let directory: String
    var database: String { directory + "/gongkai.sqlite" }

    init() throws {
        directory = NSTemporaryDirectory() + "gongkai-migration-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        try FileManager.default.copyItem(atPath: Self.fixtures.appendingPathComponent("gongkai.sqlite").path, toPath: database)
    }

    func expected(_ name: String) throws -> String {
        try String(contentsOf: Self.fixtures.appendingPathComponent(name), encoding: .utf8)
    }

    func current(_ arguments: [String]) throws -> String {
        let output = try CLI.run(arguments + ["--database", database])
        #expect(output.status == 0, "\(arguments): \(output.stderr)")
        return output.stdout
    }

    @Test func aDatabaseOfTheLastMainMigratesWithoutLoss() throws {
        defer { try? FileManager.default.removeItem(atPath: directory) }
        // The daemon's way in: open for writing, which runs the migrator.
        let store = try Store(path: database)
        #expect(try store.schemaCheck() == .known)
        try store.close()

        for table in ["reports", "findings", "t2", "t3", "t4"] {
            #expect(try current(["export", "--table", table, "--json"]) == (try expected("export-\(table).json")), "export --table \(table)")
        }
        #expect(try current(["stats", "--json"]) == (try expected("stats.json")))
        #expect(try current(["list", "--json"]) == (try expected("list.json")))
        let shows = try FileManager.default.contentsOfDirectory(atPath: Self.fixtures.path).filter { $0.hasPrefix("show-") }
        #expect(shows.count == 14)
        for name in shows {
            let id = name.dropFirst("show-".count).dropLast(".json".count)
            #expect(try current(["show", "--root", "/nonexistent", "--json", String(id)]) == (try expected(name)), "show \(id)")
        }
    }

    @Test func newReportsAreJudgedAgainstTheMigratedRows() throws {
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let store = try Store(path: database)
        defer { try? store.close() }
        let old = try #require(try store.reports(matching: ReportQuery(currentOnly: true)).first { $0.agency != nil && $0.year != nil })
        let sha = try #require(old.sha256)
        func input(_ claim: String, sha: String) -> ReportInput {
            ReportInput(
                claimID: claim, fileNameRaw: Array("new.txt".utf8), fileName: "new.txt", sha256: sha, size: 1,
                receivedAt: Timestamp.now(), verdict: .accepted, rejection: nil, policy: .standard, year: old.year, agency: old.agency)
        }
        let items = [input("new-1", sha: sha), input("new-2", sha: String(repeating: "0", count: 64))]
        let decisions = try store.decide(items)
        #expect(decisions[0].verdict == .rejected && decisions[0].duplicateOf?.id == old.id)
        #expect(decisions[1].verdict == .accepted)
        let outcomes = try store.commit(
            zip(items, decisions).map { PlacedReport(input: $0, decision: $1, finalName: Array($0.claimID.utf8)) },
            processedAt: Timestamp.now())
        #expect(outcomes.map(\.verdict) == [.rejected, .accepted])
        #expect(try store.report(id: old.id)?.supersededBy == outcomes[1].id)
        #expect(try store.reports().count == 16)
    }
}
