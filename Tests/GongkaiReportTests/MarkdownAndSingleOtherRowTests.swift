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

    enum Style: CaseIterable { case plain, tablePerGroup, valuesOnOwnRows, shortHeader }

    /// Markdown as PDF-to-markdown converters write it: every row opened and closed by
    /// "|", a "|---|" separator under each table's first row; optionally a table per
    /// row group, the values of a row on a row of their own, or a header row with fewer
    /// cells than the data rows.
    static func markdown(_ text: String, _ style: Style = .plain) -> String {
        var out: [String] = []
        var inTable = false
        for line in text.components(separatedBy: "\n") {
            guard line.contains("|") else { out.append(line); inTable = false; continue }
            var cells = line.components(separatedBy: "|").map { $0.trimmingCharacters(in: .whitespaces) }
            while let last = cells.last, last.isEmpty { cells.removeLast() }
            let numbers = cells.filter { !$0.isEmpty && $0.allSatisfy(\.isASCIIDigit) }
            let labels = cells.filter { !$0.isEmpty && !$0.allSatisfy(\.isASCIIDigit) }
            if style == .tablePerGroup, let first = cells.first, ["(三)", "(四)", "(五)", "(六)", "(七)"].contains(where: { first.hasPrefix($0) }) {
                out.append("")
                inTable = false
            }
            if style == .valuesOnOwnRows, numbers.count >= 7, !labels.isEmpty {
                out.append("| " + labels.joined(separator: " | ") + " |")
                if !inTable { out.append("|---|"); inTable = true }
                out.append("| " + numbers.joined(separator: " | ") + " |")
                continue
            }
            let row = style == .shortHeader && !inTable ? cells.filter { !$0.isEmpty } : cells
            out.append("| " + row.joined(separator: " | ") + " |")
            if !inTable {
                out.append("|" + Array(repeating: "---", count: max(cells.count, 1)).joined(separator: "|") + "|")
                inTable = true
            }
        }
        return out.joined(separator: "\n")
    }

    static func nonZeroSeed() -> String {
        var text = Seeds.text(3)
        text = Mutation.setRow(text, "一、本年新收", ["12", "0", "0", "0", "0", "1", "13"])
        text = Mutation.setRow(text, "(一)予以公开", ["12", "0", "0", "0", "0", "1", "13"])
        text = Mutation.setRow(text, "(七)总计", ["12", "0", "0", "0", "0", "1", "13"])
        return text.replacingOccurrences(of: "共收到依申请公开0件", with: "共收到依申请公开13件")
    }

    @Test(arguments: [0, 3])
    func markdownTablesReadLikeTheSeed(_ n: Int) throws {
        try expectSame(Seeds.text(n), Self.markdown(Seeds.text(n)))
    }

    @Test(arguments: Style.allCases)
    func markdownStylesReadLikeTheSeed(_ style: Style) throws {
        let text = Self.nonZeroSeed()
        try expectSame(text, Self.markdown(text, style))
    }

    func expectSame(_ original: String, _ markdown: String) throws {
        let seed = ReportEngine.evaluate(text: original)
        let md = ReportEngine.evaluate(text: markdown)
        #expect(md.verdict() == seed.verdict())
        #expect(md.codes.sorted() == seed.codes.sorted())
        let a = try #require(seed.report.table3)
        let b = try #require(md.report.table3)
        #expect(a.rows.map { $0.cells.map(\.value) } == b.rows.map { $0.cells.map(\.value) })
        #expect(seed.report.table4?.cells.map(\.value) == md.report.table4?.cells.map(\.value))
        #expect(seed.report.table2.map { $0.cells.map(\.value) } == md.report.table2.map { $0.cells.map(\.value) })
    }
}
