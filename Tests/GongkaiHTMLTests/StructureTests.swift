import Foundation
import GongkaiHTML
import GongkaiReport
import Testing

/// The traps of real report pages, one small page each.
@Suite struct StructureTests {
    func read(_ html: String) throws -> Document {
        try HTMLReader.read(Array(html.utf8))
    }

    func tables(_ document: Document) -> [Table] {
        document.blocks.compactMap { if case .table(let t) = $0 { t } else { nil } }
    }

    func paragraphs(_ document: Document) -> [String] {
        document.blocks.compactMap { if case .paragraph(let p) = $0 { p.text } else { nil } }
    }

    func lines(_ document: Document) -> [String] {
        DocumentText.render(document).text.split(separator: "\n", omittingEmptySubsequences: true).map(String.init)
    }

    static let gb18030 = String.Encoding(rawValue: 0x8000_0632)

    @Test func rowspanAndColspanOnTheGrid() throws {
        let document = try read(
            """
            <table>
            <tr><td rowspan="3">三、本年度办理结果</td><td colspan="2">（一）予以公开</td><td>1</td></tr>
            <tr><td rowspan="2">（三）不予公开</td><td>1.属于国家秘密</td><td>0</td></tr>
            <tr><td>2.其他法律行政法规禁止公开</td><td>0</td></tr>
            <tr><th colspan=3>（七）总计</th><td>1</td></tr>
            </table>
            """)
        let table = try #require(tables(document).first)
        #expect(
            table.rows.map(\.cells) == [
                [TableCell("三、本年度办理结果", rowSpan: 3), TableCell("（一）予以公开", columnSpan: 2), TableCell("1")],
                [TableCell("", continuesAbove: true), TableCell("（三）不予公开", rowSpan: 2), TableCell("1.属于国家秘密"), TableCell("0")],
                [TableCell("", continuesAbove: true), TableCell("", continuesAbove: true), TableCell("2.其他法律行政法规禁止公开"), TableCell("0")],
                [TableCell("（七）总计", columnSpan: 3), TableCell("1")],
            ])
        #expect(
            lines(document) == [
                "| 三、本年度办理结果 |", "| （一）予以公开 | 1 |", "| （三）不予公开 |", "| 1.属于国家秘密 | 0 |",
                "| 2.其他法律行政法规禁止公开 | 0 |", "| （七）总计 | 1 |",
            ])
    }

    /// A cell spanning rows and columns covers its whole block; rowspan=0 runs to the end;
    /// a span past the last row stops there; absurd spans are clamped.
    @Test func spansInEveryDirection() throws {
        let document = try read(
            """
            <table><tr><td rowspan=2 colspan=2>A</td><td>b</td><td rowspan=0>Z</td></tr>
            <tr><td>c</td></tr><tr><td>d</td><td>e</td><td rowspan=99>f</td></tr></table>
            <table><tr><td colspan=100000 rowspan=65535>x</td><td>y</td></tr></table>
            """)
        let all = tables(document)
        let t = try #require(all.first)
        #expect(t.rows[0].cells == [TableCell("A", columnSpan: 2, rowSpan: 2), TableCell("b"), TableCell("Z", rowSpan: 3)])
        #expect(t.rows[1].cells == [TableCell("", columnSpan: 2, continuesAbove: true), TableCell("c"), TableCell("", continuesAbove: true)])
        #expect(t.rows[2].cells == [TableCell("d"), TableCell("e"), TableCell("f"), TableCell("", continuesAbove: true)])
        #expect(all.last?.rows.first?.cells == [TableCell("x", columnSpan: 1000), TableCell("y")])
    }

    @Test func gb18030PageWithMetaCharset() throws {
        let page = """
            <html><head><meta http-equiv="Content-Type" content="text/html; charset=gb2312"><title>某县2023年政府信息公开工作年度报告</title></head>
            <body><p>一、总体情况</p><table><tr><td>本年新收政府信息公开申请数量</td><td>12</td></tr><tr><td>𠀀（扩展B）</td><td>鑫</td></tr></table></body></html>
            """
        let bytes = Array(try #require(page.data(using: Self.gb18030)))
        #expect(!String(decoding: bytes, as: UTF8.self).contains("总体"))
        #expect(HTMLReader.detectEncoding(bytes) == "GB18030")
        let document = try HTMLReader.read(bytes)
        #expect(paragraphs(document) == ["某县2023年政府信息公开工作年度报告", "一、总体情况"])
        #expect(tables(document).first?.rows.map { $0.cells.map(\.text) } == [["本年新收政府信息公开申请数量", "12"], ["𠀀（扩展B）", "鑫"]])
        // `<meta charset=gbk>` form, and no declaration at all (sniffed).
        let short = Array(try #require("<meta charset=gbk><p>总体情况</p>".data(using: Self.gb18030)))
        #expect(paragraphs(try HTMLReader.read(short)) == ["总体情况"])
        let bare = Array(try #require("<p>总体情况</p>".data(using: Self.gb18030)))
        #expect(paragraphs(try HTMLReader.read(bare)) == ["总体情况"])
    }

    /// Chinese sites mislabel pages both ways; BOMs and UTF-16 are honoured.
    @Test func mislabelledAndUnicodePages() throws {
        let gbAsUTF8 = Array(try #require("<meta charset=\"utf-8\"><p>总体情况</p>".data(using: Self.gb18030)))
        #expect(paragraphs(try HTMLReader.read(gbAsUTF8)) == ["总体情况"])
        let utf8AsGB = Array("<meta charset=\"gb2312\"><p>总体情况</p>".utf8)
        #expect(paragraphs(try HTMLReader.read(utf8AsGB)) == ["总体情况"])
        let latin = Array(try #require("<meta charset=\"iso-8859-1\"><p>总体情况</p>".data(using: Self.gb18030)))
        #expect(paragraphs(try HTMLReader.read(latin)) == ["总体情况"])
        let bom = [0xEF, 0xBB, 0xBF] + Array("<p>总体情况</p>".utf8)
        #expect(paragraphs(try HTMLReader.read(bom)) == ["总体情况"])
        let utf16: [UInt8] = [0xFF, 0xFE] + "<html><p>总体情况</p>".utf16.flatMap { unit -> [UInt8] in [UInt8(unit & 0xFF), UInt8(unit >> 8)] }
        #expect(paragraphs(try HTMLReader.read(utf16)) == ["总体情况"])
        let xhtml = Array(try #require("<?xml version=\"1.0\" encoding=\"GBK\"?><html><p>总体情况</p></html>".data(using: Self.gb18030)))
        #expect(paragraphs(try HTMLReader.read(xhtml)) == ["总体情况"])
        // Bytes that are neither: read with replacement characters, never a failure.
        let broken = Array("<p>总体".utf8) + [0xFF, 0x81] + Array("情况</p>".utf8)
        #expect(paragraphs(try HTMLReader.read(broken)).count == 1)
    }

    /// Word's "save as web page": a `<p class=MsoNormal>` per paragraph of a cell, `<o:p>`,
    /// spans per character (some on their own lines), `&nbsp;` in empty cells, list numbers
    /// in downlevel-revealed comments, a spacer row.
    @Test func wordExportedHTML() throws {
        let span = "<span style='font-size:10.0pt;font-family:宋体'>"
        let label = "一、本年新收".map { "\(span)\($0)</span>" }.joined(separator: "\n") + "政府信息公开申请数量"
        let document = try read(
            """
            <html xmlns:o="urn:schemas-microsoft-com:office:office"><head>
            <!--[if gte mso 9]><xml><o:DocumentProperties><o:Author>x</o:Author></o:DocumentProperties></xml><![endif]-->
            </head><body lang=ZH-CN><div class=WordSection1>
            <p class=MsoListParagraph style='mso-list:l0 level1 lfo1'><![if !supportLists]><span style='mso-list:Ignore'>三、<span
            style='font:7.0pt "Times New Roman"'>&nbsp;&nbsp; </span></span><![endif]><span style='font-family:黑体'>收到和处理政府信息公开申请情况<o:p></o:p></span></p>
            <table class=MsoNormalTable border=1 cellspacing=0 cellpadding=0>
             <tr style='mso-yfti-irow:0'>
              <td width=200 valign=top style='border:solid windowtext 1.0pt'>
              <p class=MsoNormal align=center style='text-align:center'>\(label)<span lang=EN-US><o:p></o:p></span></p>
              </td>
              <td width=60 style='border:solid windowtext 1.0pt'>
              <p class=MsoNormal align=center style='text-align:center'><span lang=EN-US>1<o:p></o:p></span></p>
              </td>
              <td width=60><p class=MsoNormal><span lang=EN-US><o:p>&nbsp;</o:p></span></p></td>
              <td width=60><p class=MsoNormal align=center><span style='font-family:宋体'>商业<o:p></o:p></span></p>
              <p class=MsoNormal align=center><span style='font-family:宋体'>企业<o:p></o:p></span></p></td>
             </tr>
             <![if !supportMisalignedColumns]>
             <tr height=0><td width=200 style='border:none'></td><td width=60 style='border:none'></td></tr>
             <![endif]>
            </table></div></body></html>
            """)
        #expect(paragraphs(document) == ["三、\u{A0}\u{A0} 收到和处理政府信息公开申请情况"])
        let table = try #require(tables(document).first)
        #expect(table.rows.first?.cells.map(\.text) == ["一、本年新收政府信息公开申请数量", "1", "", "商业\n企业"])
        #expect(lines(document).first { $0.hasPrefix("| 一") } == "| 一、本年新收政府信息公开申请数量 | 1 |  | 商业企业 |")
    }

    /// Ten thousand nested `<div>`s (and a hundred thousand unclosed `<font>`s): no crash,
    /// no lost text; the nesting below the depth limit is flattened.
    @Test func deeplyNestedElements() throws {
        let divs = "<p>前</p>" + String(repeating: "<div>", count: 10_000) + "深处" + String(repeating: "</div>", count: 10_000) + "<p>后</p>"
        #expect(paragraphs(try read(divs)) == ["前", "深处", "后"])
        let fonts = "<p>前</p>" + String(repeating: "<font>字", count: 100_000) + "<p>后</p>"
        let text = paragraphs(try read(fonts)).joined()
        #expect(text.hasPrefix("前字字"))
        #expect(text.hasSuffix("字后"))
        let tables = "<table><tr><td>" + String(repeating: "<table><tr><td>", count: 5_000) + "深处"
        #expect(paragraphs(try read(tables)) == ["深处"])
        // With a smaller limit, the same.
        let limited = try HTMLReader.read(Array(divs.utf8), limits: ReadLimits(maxDepth: 16))
        #expect(paragraphs(limited) == ["前", "深处", "后"])
    }

    @Test func scriptsStylesAndHiddenTextIgnored() throws {
        let document = try read(
            """
            <html><head><title>年报</title><style>p { color: red } /* <p>样式</p> */</style>
            <script>document.write("<table><tr><td>脚本</td></tr></table>");</script></head>
            <body><script type="text/javascript">var s = '<p>脚本</p>';</script><noscript><p>请启用脚本</p></noscript>
            <!-- <p>注释</p> --><template><p>模板</p></template><p>正文<span style="display: none">隐藏</span>内容</p>
            <select><option>选项</option></select><p hidden>隐藏段落</p><svg><text>图</text></svg></body></html>
            """)
        #expect(paragraphs(document) == ["年报", "正文内容"])
        #expect(tables(document).isEmpty)
    }

    /// Site chrome goes only when it is clearly chrome: no table, little text.
    @Test func chromeDroppedConservatively() throws {
        let longText = String(repeating: "本机关全年主动公开政府信息。", count: 60)
        let document = try read(
            """
            <body><header><a href="/">首页</a></header><nav><a>导航</a></nav>
            <nav><table><tr><td>本年新收政府信息公开申请数量</td><td>3</td></tr></table></nav>
            <aside><p>\(longText)</p></aside><div role="navigation">菜单</div>
            <article><header><h1>某县2023年政府信息公开工作年度报告</h1></header><p>正文</p></article>
            <footer>版权所有</footer><div class="detail"><header><h2>某局2023年年度报告</h2></header></div></body>
            """)
        #expect(paragraphs(document) == [longText, "某县2023年政府信息公开工作年度报告", "正文", "某局2023年年度报告"])
        #expect(tables(document).count == 1)
    }

    /// Layout tables (a table whose cells hold tables; one-column frames) are read as
    /// their content, so the report's tables inside stay tables.
    @Test func layoutTablesAreReadAsTheirContent() throws {
        let document = try read(
            """
            <table width=100%><tr><td width=200><a>首页</a><br><a>政务公开</a></td><td>
              <h2>四、政府信息公开行政复议、行政诉讼情况</h2>
              <table border=1><tr><td colspan=5>行政复议</td></tr><tr><td>结果维持</td><td>结果纠正</td><td>其他结果</td><td>尚未审结</td><td>总计</td></tr>
              <tr><td>0</td><td>1</td><td>0</td><td>0</td><td>1</td></tr></table>
            </td></tr></table>
            <table><tr><td><p>五、存在的主要问题及改进情况</p><p>无。</p></td></tr></table>
            """)
        #expect(paragraphs(document) == ["首页", "政务公开", "四、政府信息公开行政复议、行政诉讼情况", "五、存在的主要问题及改进情况", "无。"])
        #expect(tables(document).count == 1)
        #expect(tables(document).first?.rows.count == 3)
    }

    /// A table split by a page break (its header rows repeated) reads as one table.
    @Test func splitTableIsJoined() throws {
        let header = "<tr><td>项目</td><td>数量</td></tr>"
        let document = try read(
            "<table>\(header)<tr><td>1.属于国家秘密</td><td>0</td></tr></table><p>&nbsp;</p>"
                + "<table>\(header)<tr><td>2.其他法律行政法规禁止公开</td><td>0</td></tr></table>"
                + "<table><tr><td>行政复议</td><td>行政诉讼</td></tr><tr><td>0</td><td>0</td></tr></table>")
        #expect(tables(document).map { $0.rows.count } == [3, 2])
    }

    /// Browser white space: collapsed, trimmed; a line break in the markup between Chinese
    /// characters joins them, between Latin words it is a space; `<pre>` keeps lines.
    @Test func whiteSpaceAsABrowserShowsIt() throws {
        let document = try read("<p>  本年\n   新收\t申请  </p><p>total\nprocessed</p><p>共&nbsp;3&#x3000;件</p><pre>a  b\nc</pre><p>x<br>y</p>")
        #expect(paragraphs(document) == ["本年新收 申请", "total processed", "共\u{A0}3\u{3000}件", "a  b\nc", "x", "y"])
    }

    /// A cell with `<br>` or several paragraphs keeps them as lines of the cell.
    @Test func cellLinesAndInlineMarkup() throws {
        let document = try read("<table><tr><td>商业<br>企业</td><td><b>1</b><i>2</i></td><td><div>结果</div><div>纠正</div></td></tr></table>")
        #expect(tables(document).first?.rows.first?.cells.map(\.text) == ["商业\n企业", "12", "结果\n纠正"])
    }
}
