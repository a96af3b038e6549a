import Foundation
import GongkaiCore
import GongkaiStore
import Testing

@testable import GongkaiPages

/// File names, labels and messages are untrusted: what a browser shows is the text, never
/// markup.
@Suite("hostile text is escaped")
struct EscapingTests {
    static let fileName = "<script>alert(\"x\")</script>&'\"报告<img src=x onerror=alert(1)>\u{202E}txt.exe"
    static let label = "规章<b onmouseover='x()'>&amp;\"</b>"
    static let message = "</td></tr></table><script>document.write(1)</script><!-- & \"'"

    static func page() -> (html: String, cells: [CellInput], findings: [FindingInput]) {
        var cells = Synthetic.cells()
        for i in cells.indices where cells[i].table == .t2 && cells[i].rowLabel == "规章" { cells[i].rowLabel = label }
        let findings = [
            FindingInput(
                code: "T2_VALUE_INVALID<x>", severity: .error, table: .t2, row: label, column: "本年制发件数", expected: "<a>", actual: "\"&",
                messageZH: message, messageEN: message + " en"),
            FindingInput(code: "AGENCY_MISSING", severity: .warning, messageZH: "机关\u{0}名称", messageEN: "agency\u{7}name"),
        ]
        let html = ReasonPage.render(
            fileName: fileName, verdict: .rejected, policy: .standard, processedAt: "<now>", sha256: "\"><script>",
            findings: findings, cells: cells, agency: "\"><script>alert(2)</script>")
        return (html, cells, findings)
    }

    @Test("the source holds no markup from the input")
    func source() {
        let (html, _, _) = Self.page()
        let lower = html.lowercased()
        #expect(!lower.contains("<script"))
        #expect(!lower.contains("<img"))
        #expect(!lower.contains("<b "))
        #expect(!lower.contains("<!--"))
        #expect(html.contains("&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;&amp;&#39;&quot;报告"))
        #expect(!html.unicodeScalars.contains { $0.value < 0x20 && $0 != "\n" && $0 != "\t" && $0 != "\r" }, "no control characters")
        // The file name is isolated, so a right-to-left override cannot reorder the page.
        #expect(html.contains("<bdi class=\"file\">&lt;script&gt;"))
    }

    @Test("the browser shows the text and builds no element from it", .enabled(if: Chromium.skipReason == nil, "\(Chromium.skipReason ?? "")"))
    func browser() throws {
        let (html, _, findings) = Self.page()
        let dom = DOM(try Chromium.dumpDOM(html: html))
        #expect(dom.all("script").isEmpty)
        #expect(dom.all("img").isEmpty)
        #expect(dom.all("b").allSatisfy { $0.attributes.isEmpty }, "only the page's own <b>")
        #expect(!dom.elements.contains { $0.attributes.keys.contains { $0.hasPrefix("on") } }, "no event handler attribute")
        let text = dom.text
        #expect(text.contains(Self.fileName))
        #expect(text.contains(Self.message))
        #expect(text.contains("机关\u{FFFD}名称"))
        // The hostile label round-trips through the attribute exactly.
        let marks = dom.marks().map(\.mark)
        #expect(marks == [Mark(table: "t2", row: Self.label, column: "本年制发件数", cls: "mark-error", findings: "1")])
        #expect(dom.all("title").count == 1)
        #expect(findings.count == 2)
    }

    @Test(
        "escaping",
        arguments: [
            ("plain 文本", "plain 文本"),
            ("<>&\"'", "&lt;&gt;&amp;&quot;&#39;"),
            ("a\u{0}b\u{1B}c\u{7F}d\te\nf", "a\u{FFFD}b\u{FFFD}c\u{FFFD}d\te\nf"),
            ("&amp;", "&amp;amp;"),
        ])
    func escaped(input: String, output: String) {
        #expect(HTML.escaped(input) == output)
    }
}
