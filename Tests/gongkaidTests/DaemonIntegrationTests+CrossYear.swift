import Foundation
import Testing

/// The cross-year checks through the real daemon and CLI, on consecutive years made from a
/// real report: the corpus's crawled 2022 page of 平潭综合实验区 (digits run together, as
/// published) and neighbours derived from it, with the agency's name written in simplified
/// and in traditional characters.
extension DaemonIntegrationTests {
    static let crawled2022: String = {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("GongkaiReadersTests/Fixtures/real-pingtan-2022-crawled.txt")
        return (try? String(contentsOf: url, encoding: .utf8)) ?? ""
    }()

    /// The crawled page moved to `year`, with Table 3's runs 一 (new), 二 (carried over),
    /// （七） (total) and 四 (carried forward) replaced: each stays consistent in itself
    /// (一 + 二 = （七） + 四 in every column, every row's 总计 its sum).
    static func derived(year: Int, agency: String = "平潭综合实验区", new: String, carried: String, forward: String) -> [UInt8] {
        var text = crawled2022
        for (from, to) in [
            ("713000074二、", new + "二、"), ("数量 1000001三、", "数量 " + carried + "三、"),
            ("继续办理 0000000 四、", "继续办理 " + forward + " 四、"),
        ] {
            precondition(text.contains(from), "the crawled page changed: \(from)")
            text = text.replacingOccurrences(of: from, with: to)
        }
        text = text.replacingOccurrences(of: "2022年", with: "\(year)年").replacingOccurrences(of: "2022年度", with: "\(year)年度")
        text = text.replacingOccurrences(of: "平潭综合实验区", with: agency)
        return Array(text.utf8)
    }

    static var pingtan2022: [UInt8] { Array(crawled2022.utf8) }
    /// 2021 as the 2022 page expects it: 结转下年度 1 (自然人) = 2022's 上年结转.
    static var consistent2021: [UInt8] { derived(year: 2021, agency: "平潭綜合實驗區", new: "733000076", carried: "0000000", forward: "1000001") }
    /// 2021 carrying 2 forward, where 2022 says 1 came over.
    static var inconsistent2021: [UInt8] { derived(year: 2021, agency: "平潭綜合實驗區", new: "743000077", carried: "0000000", forward: "2000002") }
    /// 2023 taking over the 0 that 2022 carried forward.
    static var consistent2023: [UInt8] { derived(year: 2023, new: "723000075", carried: "0000000", forward: "0000000") }

    /// (file, row, column) of every cross-year finding, sorted.
    func crossYearFindings(_ root: TestRoot) throws -> [String] {
        try root.rows(
            """
            SELECT r.file_name AS file, f.row_label AS row, f.column_label AS col, f.code AS code FROM findings f JOIN reports r ON r.id = f.report_id
            WHERE f.code LIKE 'CROSS_YEAR_%' ORDER BY r.file_name, f.row_label, f.column_label
            """
        ).map { "\($0["file"] as String) \($0["code"] as String) \($0["row"] as String? ?? "-") \($0["col"] as String? ?? "-")" }
    }

    @Test(arguments: [false, true])
    func carryOversThatAgreeGiveNoFindingAndOnesThatDisagreeGiveThemOnBothReports(laterFirst: Bool) throws {
        let root = try TestRoot()
        let daemon = try DaemonProcess(root: root)
        #expect(waitFor(timeout: 10) { daemon.log.contains("ready") })
        var files = [("2021-ok.txt", Self.consistent2021), ("2022.txt", Self.pingtan2022), ("2023-ok.txt", Self.consistent2023)]
        if laterFirst { files.reverse() }
        for (name, bytes) in files {
            try root.drop(name, bytes)
            let count = try root.doneCount() + 1
            #expect(try waitFor(timeout: 30) { try root.doneCount() == count }, "log:\n\(daemon.log.suffix(2000))")
        }
        #expect(root.acceptedFiles.sorted() == ["2021-ok.txt", "2022.txt", "2023-ok.txt"], "log:\n\(daemon.log.suffix(3000))")
        let keys = try root.rows("SELECT DISTINCT agency_group FROM reports").map { $0["agency_group"] as String? }
        #expect(keys == ["平潭综合实验区"], "one agency, its name written two ways")
        #expect(try crossYearFindings(root).isEmpty)

        // A second version of 2021 that carries 2 forward: findings in exactly the two columns
        // that disagree (自然人 and 总计), on the new 2021 version and on 2022.
        try root.drop("2021-v2.txt", Self.inconsistent2021)
        #expect(try waitFor(timeout: 30) { try root.doneCount() == 4 })
        #expect(
            try crossYearFindings(root) == [
                "2021-v2.txt CROSS_YEAR_CARRY_MISMATCH 四、结转下年度继续办理 总计",
                "2021-v2.txt CROSS_YEAR_CARRY_MISMATCH 四、结转下年度继续办理 自然人",
                "2022.txt CROSS_YEAR_CARRY_MISMATCH 二、上年结转政府信息公开申请数量 总计",
                "2022.txt CROSS_YEAR_CARRY_MISMATCH 二、上年结转政府信息公开申请数量 自然人",
            ])
        let listed = try runCLI(["list", "--database", root.database, "--code", "CROSS_YEAR_CARRY_MISMATCH", "--json"])
        #expect(listed.status == 0 && listed.output.contains("2021-v2.txt") && listed.output.contains("\"2022.txt\""), "\(listed.output)")
        #expect(daemon.log.contains("cross_year=CROSS_YEAR_CARRY_MISMATCH"), "the journal record names the check")
        #expect(daemon.terminate().status == 0)
    }

    @Test func aMergeOfTwoKeysMakesTheFindingsAppear() throws {
        let root = try TestRoot()
        let daemon = try DaemonProcess(root: root)
        #expect(waitFor(timeout: 10) { daemon.log.contains("ready") })
        try root.drop("2021.txt", Self.derived(year: 2021, agency: "平潭综合实验区管委会", new: "743000077", carried: "0000000", forward: "2000002"))
        #expect(try waitFor(timeout: 30) { try root.doneCount() == 1 })
        try root.drop("2022.txt", Self.pingtan2022)
        #expect(try waitFor(timeout: 30) { try root.doneCount() == 2 })
        #expect(try crossYearFindings(root).isEmpty, "two agencies as far as the rule knows")
        let merged = try runCLI(["agencies", "--database", root.database, "--merge", "平潭综合实验区管委会", "--into", "平潭综合实验区"])
        #expect(merged.status == 0, "\(merged.output)")
        #expect(try crossYearFindings(root).count == 4)
        let listing = try runCLI(["agencies", "--database", root.database, "--json"])
        #expect(listing.output.contains("\"merged_into\":\"平潭综合实验区\""), "\(listing.output)")
        #expect(try runCLI(["agencies", "--database", root.database, "--split", "平潭综合实验区管委会"]).status == 0)
        #expect(try crossYearFindings(root).isEmpty)
        #expect(daemon.terminate().status == 0)
    }
}
