import Foundation
import Testing
@testable import GongkaiReport

@Suite struct MarkdownAndSingleOtherRowTests {
    /// A 2021 report whose Table 3 prints the single （六）其他处理 row of 2019: Table 3
    /// is read with the 23 rows it prints; the template stays 2021.
    @Test func aSingleOtherRowIn2021IsReadAsPrinted() throws {
        let seed = Seeds.text(3)
        var lines = seed.components(separatedBy: "\n")
        let first = try #require(lines.firstIndex { $0.hasPrefix("(六)其他处理") })
        let sub = try #require(lines.firstIndex { $0.hasPrefix("3.其他") })
        lines.replaceSubrange(first...sub, with: ["(六)其他处理  | 0  | 0  | 0  | 0  | 0  | 0  | 0  | ||"])
        let e = ReportEngine.evaluate(text: lines.joined(separator: "\n"))
        let s = ReportEngine.evaluate(text: seed)
        #expect(e.report.template == .v2021)
        let t3 = try #require(e.report.table3)
        #expect(t3.rows.count == 23)
        #expect(e.t3("（六）其他处理") == [0, 0, 0, 0, 0, 0, 0])
        #expect(!e.codes.contains("T3_ROW_MISSING"))
        #expect(e.findings.contains { $0.code == .templateYearMismatch && $0.location.table == "t3" })
        #expect(e.verdict() == s.verdict())
        #expect(e.errorCodes == s.errorCodes)
    }

    /// Markdown as PDF-to-markdown converters write it: every row opened and closed by
    /// "|", a "|---|" separator under each table's first row.
    static func markdown(_ text: String) -> String {
        var out: [String] = []
        var inTable = false
        for line in text.components(separatedBy: "\n") {
            guard line.contains("|") else { out.append(line); inTable = false; continue }
            let cells = line.components(separatedBy: "|").map { $0.trimmingCharacters(in: .whitespaces) }
            var trimmed = cells
            while let last = trimmed.last, last.isEmpty { trimmed.removeLast() }
            out.append("| " + trimmed.joined(separator: " | ") + " |")
            if !inTable {
                out.append("|" + Array(repeating: "---", count: max(trimmed.count, 1)).joined(separator: "|") + "|")
                inTable = true
            }
        }
        return out.joined(separator: "\n")
    }

    @Test(arguments: [0, 3])
    func markdownTablesReadLikeTheSeed(_ n: Int) throws {
        let seed = ReportEngine.evaluate(text: Seeds.text(n))
        let md = ReportEngine.evaluate(text: Self.markdown(Seeds.text(n)))
        #expect(md.verdict() == seed.verdict())
        #expect(md.codes.sorted() == seed.codes.sorted())
        let a = try #require(seed.report.table3), b = try #require(md.report.table3)
        #expect(a.rows.map { $0.cells.map(\.value) } == b.rows.map { $0.cells.map(\.value) })
        #expect(seed.report.table4?.cells.map(\.value) == md.report.table4?.cells.map(\.value))
        #expect(seed.report.table2.map { $0.cells.map(\.value) } == md.report.table2.map { $0.cells.map(\.value) })
    }
}
