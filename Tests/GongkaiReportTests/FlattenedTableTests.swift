import Foundation
import Testing

@testable import GongkaiReport

/// Tables flattened to text: each row's numbers glued into one run after the label, as
/// some PDF extractions give them, with page numbers between the rows.
@Suite struct FlattenedTableTests {
    /// Rewrites every pipe row with seven (Table 3) or fifteen (Table 4) numbers as the
    /// label followed by the glued digits; other rows keep their cells, space-separated.
    static func glue(_ text: String) -> String {
        var out: [String] = []
        for (index, line) in text.components(separatedBy: "\n").enumerated() {
            if index > 0 && index % 17 == 0 { out.append("- \(index / 17) -") }
            guard line.contains("|") else { out.append(line); continue }
            let cells = line.components(separatedBy: "|").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
            let numbers = cells.filter { !$0.isEmpty && $0.allSatisfy(\.isASCIIDigit) }
            let labels = cells.filter { !($0.allSatisfy(\.isASCIIDigit)) }
            if numbers.count == 7 || numbers.count == 15 {
                out.append(labels.joined(separator: " ") + numbers.joined())
            } else {
                out.append(cells.joined(separator: " "))
            }
        }
        return out.joined(separator: "\n")
    }

    @Test(arguments: [0, 3])
    func gluedDigitRunsParseLikeTheSeed(_ n: Int) throws {
        let seed = ReportEngine.evaluate(text: Seeds.text(n))
        let glued = ReportEngine.evaluate(text: Self.glue(Seeds.text(n)))
        #expect(glued.verdict() == seed.verdict())
        #expect(glued.codes.sorted() == seed.codes.sorted())
        let a = try #require(seed.report.table3)
        let b = try #require(glued.report.table3)
        #expect(a.rows.map { $0.cells.map(\.value) } == b.rows.map { $0.cells.map(\.value) })
        #expect(seed.report.table4?.cells.map(\.value) == glued.report.table4?.cells.map(\.value))
    }

    @Test func nonZeroRunsAreSplitByTheRowTotal() {
        var text = Seeds.text(3)
        text = Mutation.setRow(text, "一、本年新收", ["12", "0", "0", "0", "0", "1", "13"])
        text = Mutation.setRow(text, "(一)予以公开", ["12", "0", "0", "0", "0", "1", "13"])
        text = Mutation.setRow(text, "(七)总计", ["12", "0", "0", "0", "0", "1", "13"])
        text = text.replacingOccurrences(of: "共收到依申请公开0件", with: "共收到依申请公开13件")
        let glued = ReportEngine.evaluate(text: Self.glue(text))
        #expect(glued.t3("一、本年新收政府信息公开申请数量") == [12, 0, 0, 0, 0, 1, 13])
        #expect(glued.t3("（七）总计") == [12, 0, 0, 0, 0, 1, 13])
        #expect(glued.verdict() == .accepted)
    }

    /// PDF text without layout: every cell on a line of its own, no blank lines, so a
    /// row is a label line followed by value lines. Blank cells vanish in such text,
    /// so only seeds without blanks keep their exact findings.
    @Test(arguments: [0, 1, 3])
    func oneCellPerLineWithoutSeparators(_ n: Int) throws {
        let lines = Seeds.text(n).components(separatedBy: "\n")
            .flatMap { $0.components(separatedBy: CharacterSet(charactersIn: "|\t")) }
            .map { $0.trimmingCharacters(in: .whitespaces) }
            .filter { !$0.isEmpty }
        let seed = ReportEngine.evaluate(text: Seeds.text(n))
        let flat = ReportEngine.evaluate(text: lines.joined(separator: "\n"))
        #expect(flat.verdict() == seed.verdict())
        #expect(flat.report.template == seed.report.template)
        #expect(flat.report.year == seed.report.year)
        let a = try #require(seed.report.table3)
        let b = try #require(flat.report.table3)
        #expect(a.rows.map { $0.cells.map(\.value) } == b.rows.map { $0.cells.map(\.value) })
        #expect(seed.report.table4?.cells.map(\.value) == flat.report.table4?.cells.map(\.value))
        #expect(seed.report.table2.map { $0.cells.map(\.value) } == flat.report.table2.map { $0.cells.map(\.value) })
    }
}

/// A report published as a web page: site navigation before the title, the tables as
/// HTML, entities and inline markup in the cells.
@Suite struct WebPageTests {
    static func page(_ text: String) -> String {
        var html = "<html><head><title>年度报告</title><style>td{border:1px}</style></head><body>\n"
        for item in [
            "首页", "政务公开", "政府信息公开年报", "无障碍浏览", "简体版", "繁体版", "网站地图", "联系我们", "当前位置：首页 > 政务公开 > 年报",
            "字号：大 中 小", "打印本页", "关闭窗口", "分享到：", "发布时间：2021-01-20", "来源：本站",
        ] {
            html += "<div class=\"nav\">\(item)</div>\n"
        }
        for line in text.components(separatedBy: "\n") {
            let cells = line.components(separatedBy: "\t")
            if cells.count > 1 {
                html += "<table><tr>" + cells.map { "<td><p><span>\($0.isEmpty ? "&nbsp;" : $0)</span></p></td>" }.joined() + "</tr></table>\n"
            } else {
                html += "<p style=\"text-indent:2em\">\(line)</p>\n"
            }
        }
        return html + "<div class=\"footer\">主办单位：某某区人民政府办公室</div></body></html>"
    }

    @Test func navigationBeforeTheTitleDoesNotHideIt() throws {
        let seed = ReportEngine.evaluate(text: Seeds.text(2))
        let web = ReportEngine.evaluate(text: Self.page(Seeds.text(2)))
        #expect(web.report.agency == "金水区卫生健康委员会")
        #expect(web.report.year == 2020)
        #expect(web.verdict() == seed.verdict())
        let a = try #require(seed.report.table3)
        let b = try #require(web.report.table3)
        #expect(a.rows.map { $0.cells.map(\.value) } == b.rows.map { $0.cells.map(\.value) })
    }
}

/// PDF text laid out with spaces (as `pdftotext -layout` gives it): each cell of a tab
/// row starts at a fixed position, blank cells are just space, so the columns survive
/// only as positions on the line.
@Suite struct ColumnAlignedTextTests {
    /// Display width: CJK characters take two columns.
    static func width(_ s: String) -> Int {
        s.unicodeScalars.reduce(0) {
            $0 + (($1.value >= 0x2E80 && $1.value <= 0x9FFF) || ($1.value >= 0xFF00 && $1.value <= 0xFF60) || $1 == "“" || $1 == "”" ? 2 : 1)
        }
    }

    static func render(_ text: String, step: Int = 44) -> String {
        text.components(separatedBy: "\n").map { line in
            guard line.contains("\t") else { return line }
            var out = ""
            for (i, cell) in line.components(separatedBy: "\t").enumerated() {
                let target = i * step
                out += String(repeating: " ", count: max(i == 0 ? 0 : 2, target - width(out)))
                out += cell.trimmingCharacters(in: .whitespaces)
            }
            return out.replacingOccurrences(of: "\\s+$", with: "", options: .regularExpression)
        }.joined(separator: "\n")
    }

    @Test(arguments: [2, 4])
    func positionsKeepTheColumns(_ n: Int) throws {
        let seed = ReportEngine.evaluate(text: Seeds.text(n))
        let aligned = ReportEngine.evaluate(text: Self.render(Seeds.text(n)))
        #expect(aligned.verdict() == seed.verdict())
        #expect(aligned.errorCodes == seed.errorCodes)
        let a = try #require(seed.report.table3)
        let b = try #require(aligned.report.table3)
        #expect(a.rows.map { $0.cells.map(\.value) } == b.rows.map { $0.cells.map(\.value) })
        #expect(seed.report.table4?.cells.map(\.value) == aligned.report.table4?.cells.map(\.value))
    }
}
