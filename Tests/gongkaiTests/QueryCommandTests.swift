import Foundation
import GRDB
import Testing

/// A database produced by the real daemon: the five seeds, a copy of 003 with a broken sum
/// (rejected), then a second version of 001 (supersedes it) and an exact copy of 000 (a
/// rejected duplicate). Built once for the suite; the daemon is stopped afterwards.
final class QueryFixture: Sendable {
    let root: CLIRoot
    /// Report id by the name dropped.
    let ids: [String: Int64]
    /// Source file (for `check --json`) by the name dropped.
    let sources: [String: String]

    static let mutated003 = "003_mutated.txt"
    static let second001 = "001_second_version.txt"
    static let copy000 = "000_copy.txt"

    static let shared: Result<QueryFixture, any Error> = Result { try QueryFixture() }

    static func get() throws -> QueryFixture { try shared.get() }

    init() throws {
        root = try CLIRoot()
        var sources: [String: String] = [:]
        for name in CLI.seedNames { sources[name] = CLI.seedDirectory.appendingPathComponent(name).path }
        // Derived files live in base/sources, so `check --json` can read them after the daemon moved the drops.
        let sourceDir = root.base + "/sources"
        try FileManager.default.createDirectory(atPath: sourceDir, withIntermediateDirectories: true)
        func derive(_ name: String, _ text: String) throws -> [UInt8] {
            let path = sourceDir + "/" + name
            try Data(text.utf8).write(to: URL(fileURLWithPath: path))
            sources[name] = path
            return Array(text.utf8)
        }
        let text003 = String(decoding: CLI.seed("003"), as: UTF8.self)
        let broken = text003.replacingOccurrences(of: "一、本年新收政府信息公开申请数量  | 0  |", with: "一、本年新收政府信息公开申请数量  | 5  |")
        guard broken != text003 else { throw HarnessFailure("seed 003 changed: cannot mutate") }
        let mutated = try derive(Self.mutated003, broken)
        let text001 = String(decoding: CLI.seed("001"), as: UTF8.self)
        let revised = text001.replacingOccurrences(of: "特此说明。", with: "特此说明（修订版）。")
        guard revised != text001 else { throw HarnessFailure("seed 001 changed: cannot revise") }
        let second = try derive(Self.second001, revised)
        let copy = try derive(Self.copy000, String(decoding: CLI.seed("000"), as: UTF8.self))

        let daemon = try Daemon(root)
        defer { daemon.stop() }
        for name in CLI.seedNames { try root.drop(name, CLI.seed(String(name.prefix(3)))) }
        try root.drop(Self.mutated003, mutated)
        try root.waitForDone(6, daemon: daemon)
        try root.drop(Self.second001, second)
        try root.drop(Self.copy000, copy)
        try root.waitForDone(8, daemon: daemon)
        daemon.stop()

        var ids: [String: Int64] = [:]
        for row in try root.rows("SELECT id, file_name FROM reports") {
            ids[row["file_name"]] = row["id"]
        }
        self.ids = ids
        self.sources = sources
    }

    func id(_ name: String) -> Int64 {
        if let id = ids[name] { return id }
        return ids[CLI.seedName(name)] ?? -1
    }

    /// `gongkai <subcommand> --root … --database … <arguments>`.
    func run(_ subcommand: String, _ arguments: [String] = []) throws -> CLI.Output {
        try CLI.run([subcommand] + root.options + arguments)
    }

    /// The ids a `list --json` returns, in order.
    func listIDs(_ arguments: [String]) throws -> [Int64] {
        let output = try run("list", ["--json"] + arguments)
        guard output.status == 0, let array = try CLI.json(output) as? [[String: Any]] else {
            throw HarnessFailure("list \(arguments) failed: \(output.stderr)")
        }
        return array.compactMap { ($0["id"] as? Int).map(Int64.init) }
    }
}

@Suite(.serialized) struct QueryCommandTests {
    @Test func theDaemonDecidedAsExpected() throws {
        let f = try QueryFixture.get()
        let rows = try f.root.rows("SELECT id, verdict, supersedes, superseded_by, duplicate_of FROM reports")
        let verdicts = Dictionary(uniqueKeysWithValues: rows.map { (row: Row) -> (Int64, String) in (row["id"], row["verdict"]) })
        for accepted in ["000", "001", "003", "004", QueryFixture.second001] { #expect(verdicts[f.id(accepted)] == "accepted", "\(accepted)") }
        for rejected in ["002", QueryFixture.mutated003, QueryFixture.copy000] { #expect(verdicts[f.id(rejected)] == "rejected", "\(rejected)") }
        let second = try #require(rows.first { ($0["id"] as Int64) == f.id(QueryFixture.second001) })
        #expect((second["supersedes"] as Int64?) == f.id("001"))
        let copy = try #require(rows.first { ($0["id"] as Int64) == f.id(QueryFixture.copy000) })
        #expect((copy["duplicate_of"] as Int64?) == f.id("000"))
    }

    @Test func listFiltersReturnExactlyTheExpectedIDs() throws {
        let f = try QueryFixture.get()
        let all = try f.listIDs([])
        #expect(all.count == 8)
        #expect(all == all.sorted(by: >), "newest first")
        func ids(_ names: [String]) -> Set<Int64> { Set(names.map(f.id)) }
        #expect(Set(try f.listIDs(["--verdict", "rejected"])) == ids(["002", QueryFixture.mutated003, QueryFixture.copy000]))
        #expect(Set(try f.listIDs(["--verdict", "accepted"])) == ids(["000", "001", "003", "004", QueryFixture.second001]))
        #expect(Set(try f.listIDs(["--current"])) == ids(["000", "003", "004", QueryFixture.second001]))
        #expect(Set(try f.listIDs(["--agency", "临河"])) == ids(["003", QueryFixture.mutated003]))
        #expect(Set(try f.listIDs(["--agency", "临河", "--verdict", "accepted"])) == ids(["003"]))
        #expect(Set(try f.listIDs(["--year", "2021", "--agency", "宁海"])) == ids(["001", QueryFixture.second001]))
        #expect(Set(try f.listIDs(["--code", "DUPLICATE"])) == ids([QueryFixture.copy000]))
        #expect(Set(try f.listIDs(["--code", "t3_blank_unrecoverable"])) == ids(["002"]))
        #expect(try f.listIDs(["--limit", "2"]) == Array(all.prefix(2)))
        #expect(try f.listIDs(["--since", "2000-01-01"]).count == 8)
        #expect(try f.listIDs(["--since", "2999-01-01T00:00"]).isEmpty)
        // Year filter against what the engine says.
        for name in f.ids.keys {
            let year = try CLI.check(try #require(f.sources[name]))["year"] as? Int
            if let year { #expect(try f.listIDs(["--year", String(year)]).contains(f.id(name))) }
        }
        // The human listing has one line per report plus the header and the rule.
        let text = try f.run("list")
        #expect(text.status == 0)
        #expect(text.stdout.split(separator: "\n").count == 10)
        #expect(text.stdout.contains("superseded by #\(f.id(QueryFixture.second001))"))
        #expect(try f.run("list", ["--verdict", "maybe"]).status == 2)
        #expect(try f.run("list", ["--since", "yesterday"]).status == 2)
    }

    /// Every Table 2, 3 and 4 cell `check --json` parses appears, in order, in `show`.
    @Test func showRendersEveryCellOfTheParsedTables() throws {
        let f = try QueryFixture.get()
        for name in f.ids.keys.sorted() {
            let check = try CLI.check(try #require(f.sources[name]))
            let output = try f.run("show", [String(f.id(name))])
            #expect(output.status == 0)
            let lines = output.stdout.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
            func section(_ title: String) -> [String] {
                guard let start = lines.firstIndex(where: { $0.hasPrefix(title) }) else { return [] }
                let rest = lines[(start + 1)...]
                let end = rest.firstIndex(where: { !$0.isEmpty && !$0.hasPrefix(" ") }) ?? lines.endIndex
                return Array(lines[(start + 1)..<end])
            }
            func tokens(_ line: String, after label: String) -> [String] {
                line.trimmingCharacters(in: .whitespaces).dropFirst(label.count).split(separator: " ").map(String.init)
            }
            func text(_ value: Any?) -> String {
                if let i = value as? Int { return String(i) }
                if let d = value as? Double { return d == d.rounded() ? String(Int(d)) : String(d) }
                return "-"
            }
            let tables = try #require(check["tables"] as? [String: Any])
            // Table 3: the row label, then its seven values; inferred cells carry "*".
            let t3Lines = section("Table 3")
            var cursor = 0
            for row in (tables["t3"] as? [[String: Any]]) ?? [] {
                let label = try #require(row["label"] as? String)
                let values = (row["values"] as? [Any]) ?? []
                let inferred = (row["inferred"] as? [Bool]) ?? []
                guard let index = t3Lines[cursor...].firstIndex(where: { $0.trimmingCharacters(in: .whitespaces).hasPrefix(label) }) else {
                    Issue.record("\(name): Table 3 row \(label) not shown")
                    continue
                }
                cursor = index + 1
                let expected = values.enumerated().map { i, v in text(v) + ((i < inferred.count && inferred[i]) ? "*" : "") }
                #expect(tokens(t3Lines[index], after: label) == expected, "\(name) \(label)")
            }
            // Table 4: one line per column, in order.
            let t4Values = ((tables["t4"] as? [String: Any])?["values"] as? [Any]) ?? []
            let t4Lines = section("Table 4").filter { !$0.trimmingCharacters(in: .whitespaces).isEmpty && !$0.contains("inferred:") }
            if !t4Values.isEmpty {
                #expect(t4Lines.count == t4Values.count, "\(name): Table 4 lines")
                for (line, value) in zip(t4Lines, t4Values) {
                    let last = line.split(separator: " ").last.map(String.init) ?? ""
                    #expect(last.hasPrefix(text(value)) && last.count <= text(value).count + 1, "\(name): \(line)")
                }
            }
            // Table 2: every row's label and values, block by block.
            let t2Lines = section("Table 2")
            cursor = 0
            for row in (tables["t2"] as? [[String: Any]]) ?? [] {
                let label = try #require(row["label"] as? String)
                guard let index = t2Lines[cursor...].firstIndex(where: { $0.trimmingCharacters(in: .whitespaces).hasPrefix(label + " ") }) else {
                    Issue.record("\(name): Table 2 row \(label) not shown")
                    continue
                }
                cursor = index + 1
                let raw = (row["raw"] as? [Any]) ?? []
                let expected = ((row["values"] as? [Any]) ?? []).enumerated().map { i, v -> String in
                    if v is NSNull, i < raw.count, let r = raw[i] as? String, !r.isEmpty { return r }
                    return text(v)
                }
                #expect(tokens(t2Lines[index], after: label) == expected, "\(name) T2 \(label)")
            }
            // Findings: every code.
            for finding in (check["findings"] as? [[String: Any]]) ?? [] {
                #expect(output.stdout.contains(finding["code"] as? String ?? "?"), "\(name) finding")
            }
        }
    }

    @Test func showTellsWhereTheFileIsAndItsVersions() throws {
        let f = try QueryFixture.get()
        let first = try f.run("show", [String(f.id("001"))])
        #expect(first.stdout.contains("superseded by  #\(f.id(QueryFixture.second001)) \(QueryFixture.second001)"))
        #expect(first.stdout.contains(f.root.accepted + "/" + CLI.seedName("001")))
        let second = try f.run("show", ["--json", String(f.id(QueryFixture.second001))])
        let object = try #require(try CLI.json(second) as? [String: Any])
        #expect((object["supersedes"] as? Int).map(Int64.init) == f.id("001"))
        #expect((object["versions"] as? [[String: Any]])?.compactMap { ($0["id"] as? Int).map(Int64.init) } == [f.id("001"), f.id(QueryFixture.second001)])
        let location = try #require(object["location"] as? [String: Any])
        #expect(location["exists"] as? Bool == true)
        // By file name and by SHA-256 prefix.
        let byName = try f.run("show", ["--json", CLI.seedName("002")])
        let named = try #require(try CLI.json(byName) as? [String: Any])
        #expect((named["id"] as? Int).map(Int64.init) == f.id("002"))
        #expect((named["location"] as? [String: Any])?["path"] as? String == f.root.rejected + "/" + CLI.seedName("002"))
        let sha = try #require(named["sha256"] as? String)
        let bySHA = try f.run("show", ["--json", String(sha.prefix(12))])
        #expect(((try CLI.json(bySHA) as? [String: Any])?["id"] as? Int).map(Int64.init) == f.id("002"))
        // Inferred cells are marked and explained.
        #expect(first.stdout.contains("* inferred"))
        // Tables in JSON: 25 Table 3 rows of 7 cells.
        let t3 = try #require((object["tables"] as? [String: Any])?["t3"] as? [[String: Any]])
        #expect(t3.count == 25 && t3.allSatisfy { ($0["cells"] as? [Any])?.count == 7 })
    }

    @Test func statsCountAndSumCurrentReports() throws {
        let f = try QueryFixture.get()
        let output = try f.run("stats", ["--json"])
        #expect(output.status == 0)
        let stats = try #require(try CLI.json(output) as? [String: Any])
        #expect(stats["accepted"] as? Int == 5)
        #expect(stats["rejected"] as? Int == 3)
        #expect(stats["current"] as? Int == 4)
        #expect(stats["superseded"] as? Int == 1)
        #expect(stats["duplicates"] as? Int == 1)
        let codes = ((stats["top_codes"] as? [[String: Any]]) ?? []).compactMap { $0["code"] as? String }
        #expect(codes.contains("DUPLICATE") && codes.contains("T3_BLANK_UNRECOVERABLE"))
        // Expected totals from `check --json` of the current versions.
        var expected: [Int: [Int]] = [:]
        for name in ["000", "003", "004", QueryFixture.second001] {
            let check = try CLI.check(try #require(f.sources[name] ?? f.sources[CLI.seedName(name)]))
            let year = try #require(check["year"] as? Int)
            let rows = ((check["tables"] as? [String: Any])?["t3"] as? [[String: Any]]) ?? []
            func total(_ prefix: String) -> Int {
                (rows.first { ($0["label"] as? String)?.hasPrefix(prefix) == true }?["values"] as? [Any])?.last as? Int ?? 0
            }
            let sums = [total("一、"), total("二、"), total("（七）")]
            expected[year] = zip(expected[year] ?? [0, 0, 0], sums).map(+)
        }
        var actual: [Int: [Int]] = [:]
        for row in (stats["table3_by_year"] as? [[String: Any]]) ?? [] {
            if let year = row["year"] as? Int {
                actual[year] = [row["new_applications"] as? Int ?? -1, row["carried_over"] as? Int ?? -1, row["processed"] as? Int ?? -1]
            }
        }
        #expect(actual == expected)
        #expect(actual[2021] == [1, 0, 1], "001's second version counted once, the first not at all")
        let text = try f.run("stats")
        #expect(text.status == 0 && text.stdout.contains("Table 3 totals"))
    }

    /// The CSV of Table 3 holds the same numbers as `check --json` of the same files.
    @Test func table3CSVRoundTripsToCheckJSON() throws {
        let f = try QueryFixture.get()
        let output = try f.run("export", ["--format", "csv", "--table", "t3"])
        #expect(output.status == 0)
        let rows = parseCSV(output.stdout)
        let header = try #require(rows.first)
        let columns = [
            "report_id", "file", "agency", "year", "template", "row_index", "row_key", "row_label",
            "natural_person", "business", "research", "public_interest", "legal_service", "other", "total",
        ]
        for c in columns { #expect(header.contains(c), "missing column \(c)") }
        func col(_ name: String) -> Int { header.firstIndex(of: name) ?? 0 }
        let valueColumns = ["natural_person", "business", "research", "public_interest", "legal_service", "other", "total"]
        var byReport: [Int64: [[String]]] = [:]
        for row in rows.dropFirst() { byReport[Int64(row[col("report_id")]) ?? -1, default: []].append(row) }
        var compared = 0
        for (name, id) in f.ids {
            let check = try CLI.check(try #require(f.sources[name]))
            let t3 = ((check["tables"] as? [String: Any])?["t3"] as? [[String: Any]]) ?? []
            let csvRows = byReport[id] ?? []
            #expect(csvRows.count == t3.count, "\(name): rows")
            for (csv, json) in zip(csvRows, t3) {
                #expect(csv[col("row_label")] == json["label"] as? String)
                let values = (json["values"] as? [Any]) ?? []
                let inferred = (json["inferred"] as? [Bool]) ?? []
                let csvValues = valueColumns.map { csv[col($0)] }
                #expect(csvValues == values.map { ($0 as? Int).map(String.init) ?? "" }, "\(name) \(csv[col("row_label")])")
                #expect(valueColumns.map { csv[col($0 + "_inferred")] == "1" } == inferred)
                #expect(csv[col("file")] == name && csv[col("year")] == ((check["year"] as? Int).map(String.init) ?? ""))
                compared += 1
            }
        }
        #expect(compared >= 150)
        // Excel: a BOM first; --output writes the same text to a file; JSON has the same rows.
        let excel = try f.run("export", ["--table", "t3", "--excel"])
        #expect(Array(excel.stdoutBytes.prefix(3)) == [0xEF, 0xBB, 0xBF])
        let file = f.root.base + "/t3.csv"
        #expect(try f.run("export", ["--table", "t3", "--output", file]).status == 0)
        #expect((try? String(contentsOfFile: file, encoding: .utf8)) == output.stdout)
        let json = try f.run("export", ["--format", "json", "--table", "t3", "--current"])
        let objects = try #require(try CLI.json(json) as? [[String: Any]])
        #expect(Set(objects.compactMap { ($0["report_id"] as? Int).map(Int64.init) }) == Set(["000", "003", "004", QueryFixture.second001].map(f.id)))
        // The other tables export too, with their stable first columns.
        for table in ["t2", "t4", "findings", "reports"] {
            let out = try f.run("export", ["--table", table, "--json"])
            let array = try #require(try CLI.json(out) as? [[String: Any]], "\(table)")
            #expect(!array.isEmpty && array.allSatisfy { $0["report_id"] != nil }, "\(table)")
        }
        let findings = try #require(try CLI.json(try f.run("export", ["--table", "findings", "--json", "--code", "DUPLICATE"])) as? [[String: Any]])
        #expect(findings.contains { $0["code"] as? String == "DUPLICATE" })
    }

    @Test func statusReportsCountsAndWaitingFiles() throws {
        let f = try QueryFixture.get()
        let output = try f.run("status", ["--json"])
        #expect(output.status == 0)
        let status = try #require(try CLI.json(output) as? [String: Any])
        #expect(status["accepted"] as? Int == 5)
        #expect(status["rejected"] as? Int == 3)
        #expect(status["pending_moves"] as? Int == 0)
        #expect(status["work_claimed"] as? Int == 0)
        let last = try #require(status["last_processed"] as? [String: Any])
        #expect((last["id"] as? Int).map(Int64.init) == f.ids.values.max())
        #expect(try f.run("status").stdout.contains("reports    8"))
        // Files waiting: names the daemon would take, not hidden or partial ones.
        for name in ["waiting.txt", ".hidden.txt", "upload.part"] {
            _ = FileManager.default.createFile(atPath: f.root.inbox + "/" + name, contents: Data("x".utf8))
        }
        defer { for name in ["waiting.txt", ".hidden.txt", "upload.part"] { try? FileManager.default.removeItem(atPath: f.root.inbox + "/" + name) } }
        let waiting = try #require(try CLI.json(try f.run("status", ["--json"])) as? [String: Any])
        #expect(waiting["inbox_waiting"] as? Int == 1)
        #expect(waiting["inbox_names"] as? [String] == ["waiting.txt"])
    }

    @Test func errorsAreOneLineAndExitTwo() throws {
        let f = try QueryFixture.get()
        for arguments in [
            ["show", "--database", f.root.base + "/nope.sqlite", "1"], ["list", "--root", f.root.base + "/nothing"],
            ["show"] + f.root.options + ["999999"], ["show"] + f.root.options + ["no-such-file.txt"],
            ["stats", "--database", f.root.base + "/staging"], ["status", "--database", f.sources[QueryFixture.copy000] ?? ""],
        ] {
            let output = try CLI.run(arguments)
            #expect(output.status == 2, "\(arguments)")
            #expect(output.stderr.split(separator: "\n").count == 1, "\(arguments): \(output.stderr)")
            #expect(output.stdout.isEmpty)
        }
    }
}
