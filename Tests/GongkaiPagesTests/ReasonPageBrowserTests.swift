import Foundation
import GongkaiCore
import GongkaiStore
import Testing

@testable import GongkaiPages

/// Reason pages of the 14 real stored reports, loaded in headless chromium: the cells
/// marked in the DOM are exactly the cells the findings name.
@Suite("reason pages in a headless browser")
struct ReasonPageBrowserTests {
    /// What every page must be: self-contained UTF-8, no script, no URL; every marked
    /// element says which findings; every finding is on the page with both messages.
    static func checkPage(html: String, dom: DOM, findings: [(number: Int, finding: FindingInput)], anchorPrefix: String = "") {
        #expect(html.hasPrefix("<!DOCTYPE html>"))
        #expect(html.contains("<meta charset=\"utf-8\">"))
        #expect(dom.all("meta").contains { $0.attributes["charset"]?.lowercased() == "utf-8" }, "the browser read the charset")
        #expect(!html.lowercased().contains("<script"), "no script in the source")
        #expect(dom.all("script").isEmpty, "no script element in the DOM")
        #expect(!html.lowercased().contains("http://") && !html.lowercased().contains("https://"), "no URL")
        #expect(!html.lowercased().contains("url("), "no CSS url()")
        for e in dom.elements {
            for (name, value) in e.attributes where ["src", "href", "action", "srcset", "poster", "data"].contains(name) {
                #expect(value.hasPrefix("#"), "\(e.name) \(name)=\(value) is not an in-page anchor")
            }
        }
        for e in dom.markClassed {
            #expect(e.attributes["data-findings"] != nil, "\(e.name) \(e.attributes) has a mark class but no data-findings")
        }
        let text = dom.text
        let ids = Set(dom.elements.compactMap { $0.attributes["id"] })
        for (n, f) in findings {
            #expect(ids.contains("\(anchorPrefix)f\(n)"), "finding \(n) \(f.code) has its entry")
            #expect(text.contains(f.messageZH), "finding \(n) \(f.code): Chinese message on the page")
            #expect(text.contains(f.messageEN), "finding \(n) \(f.code): English message on the page")
        }
    }

    @Test(
        "marked cells = the cells the findings name", .enabled(if: Chromium.skipReason == nil, "\(Chromium.skipReason ?? "")"),
        arguments: ShowFixtures.all.map(\.id))
    func marksMatchFindings(id: Int64) throws {
        let report = ShowFixtures.all.first { $0.id == id }!
        let html = report.reasonPage()
        let dom = DOM(try Chromium.dumpDOM(html: html))
        Self.checkPage(html: html, dom: dom, findings: report.numberedFindings)
        let marks = dom.marks().map(\.mark)
        #expect(marks.count == Set(marks).count, "no place marked twice")
        let expected = ExpectedMarks.of(report)
        let found = Set(marks)
        #expect(found.subtracting(expected).sorted() == [], "marked but named by no finding (\(report.file))")
        #expect(expected.subtracting(found).sorted() == [], "named by a finding but not marked (\(report.file))")
        #expect(dom.text.contains(report.file), "the file name is shown")
    }

    /// Seed 002, rejected: five result rows arrived blank; their 自然人 and 总计 cannot be
    /// recovered (they must sum to 3), the five 法人 columns are recovered as 0. Written out
    /// cell by cell.
    @Test("seed 002: the 10 unrecoverable and 25 recovered cells", .enabled(if: Chromium.skipReason == nil, "\(Chromium.skipReason ?? "")"))
    func seed002() throws {
        let report = ShowFixtures.report(file: "002_7a47732316dc1f9e.txt")
        #expect(report.verdict == .rejected)
        let html = report.reasonPage()
        let dom = DOM(try Chromium.dumpDOM(html: html))
        let rows = ["（一）予以公开", "（二）部分公开（区分处理的，只计这一情形，不计其他情形）", "1.属于国家秘密", "2.其他法律行政法规禁止公开", "3.危及“三安全一稳定”"]
        var expected = Set<Mark>()
        for (k, row) in rows.enumerated() {
            // Errors are numbered first: 1 = 自然人 unrecoverable, 2 = 总计; then the recoveries 3…7 by row.
            expected.insert(Mark(table: "t3", row: row, column: "自然人", cls: "mark-error", findings: "1"))
            expected.insert(Mark(table: "t3", row: row, column: "总计", cls: "mark-error", findings: "2"))
            for column in ["商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他"] {
                expected.insert(Mark(table: "t3", row: row, column: column, cls: "mark-recovered", findings: "\(k + 3)"))
            }
        }
        #expect(Set(dom.marks().map(\.mark)) == expected)
        // The recovered cells show their value, and say it was inferred.
        let recovered = dom.marks().filter { $0.mark.cls == "mark-recovered" }
        #expect(recovered.count == 25)
        for m in recovered {
            let inner = dom.innerText(of: m.element)
            #expect(inner.hasPrefix("0推算"), "recovered cell shows 0 and 推算: \(inner)")
        }
        // The verdict on top.
        #expect(dom.text.contains("不予接收 REJECTED"))
        #expect(html.range(of: "不予接收")!.lowerBound < html.range(of: "表三 收到和处理政府信息公开申请情况")!.lowerBound)
    }

    /// Seed 001: one whole-file finding (a heading), two single recovered blanks.
    @Test("seed 001: two recovered cells, the heading on top", .enabled(if: Chromium.skipReason == nil, "\(Chromium.skipReason ?? "")"))
    func seed001() throws {
        let report = ShowFixtures.report(file: "001_90ff0009c1dfca88.txt")
        let dom = DOM(try Chromium.dumpDOM(html: report.reasonPage()))
        #expect(
            Set(dom.marks().map(\.mark)) == [
                Mark(table: "t3", row: "二、上年结转政府信息公开申请数量", column: "自然人", cls: "mark-recovered", findings: "2"),
                Mark(table: "t3", row: "3.危及“三安全一稳定”", column: "总计", cls: "mark-recovered", findings: "3"),
            ])
        #expect(dom.text.contains("全文问题"))
    }

    /// The crawled 平潭 2022 page: a Table 2 row of glued digits, its three cells blank.
    @Test("平潭 2022: the Table 2 row read as blank", .enabled(if: Chromium.skipReason == nil, "\(Chromium.skipReason ?? "")"))
    func pingtan() throws {
        let report = ShowFixtures.report(file: "real-pingtan-2022-crawled.txt")
        let dom = DOM(try Chromium.dumpDOM(html: report.reasonPage()))
        #expect(
            Set(dom.marks().map(\.mark))
                == Set(
                    ["本年制发件数", "本年废止件数", "现行有效件数"].map {
                        Mark(table: "t2", row: "行政规范性文件", column: $0, cls: "mark-warning", findings: "2")
                    }))
    }
}

extension DOM {
    /// The text inside an element, up to its first closing tag (enough for a `<td>`).
    func innerText(of element: Element) -> String {
        let s = source.unicodeScalars
        let start = s.index(s.startIndex, offsetBy: element.offset)
        let rest = String(source.unicodeScalars[start...])
        guard let open = rest.firstIndex(of: ">"), let close = rest.range(of: "</\(element.name)>") else { return "" }
        return DOM(String(rest[rest.index(after: open)..<close.lowerBound])).text.replacingOccurrences(of: " ", with: "")
    }
}
