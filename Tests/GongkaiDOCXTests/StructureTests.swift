import Foundation
import GongkaiDOCX
import GongkaiReport
import Testing

/// The traps of real Word tables and text, one small document each.
@Suite struct StructureTests {
    typealias Z = MiniZip

    func read(_ body: String) throws -> Document {
        try DOCXReader.read(Z.docx(body: body))
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

    @Test func mergedCellsBothWays() throws {
        let document = try read(
            Z.tbl(
                Z.tr(Z.tc("三、本年度办理结果", "<w:vMerge w:val=\"restart\"/>"), Z.tc("（一）予以公开", "<w:gridSpan w:val=\"2\"/>"), Z.tc("1"), Z.tc("1")),
                Z.tr(Z.tc("", "<w:vMerge/>"), Z.tc("（三）不予公开", "<w:vMerge w:val=\"restart\"/>"), Z.tc("1.属于国家秘密"), Z.tc("0"), Z.tc("0")),
                Z.tr(Z.tc("ignored", "<w:vMerge w:val=\"continue\"/>"), Z.tc("", "<w:vMerge/>"), Z.tc("2.其他法律行政法规禁止公开"), Z.tc("0"), Z.tc("0")),
                Z.tr(Z.tc("四、结转下年度继续办理", "<w:gridSpan w:val=\"3\"/>"), Z.tc("0"), Z.tc("0"))
            ))
        let table = try #require(tables(document).first)
        #expect(table.rows.count == 4)
        let r0 = table.rows[0].cells
        let r1 = table.rows[1].cells
        let r2 = table.rows[2].cells
        let r3 = table.rows[3].cells
        #expect(r0[0] == TableCell("三、本年度办理结果", rowSpan: 3))
        #expect(r0[1] == TableCell("（一）予以公开", columnSpan: 2))
        #expect(r1[0] == TableCell("", continuesAbove: true))
        #expect(r1[1] == TableCell("（三）不予公开", rowSpan: 2))
        #expect(r2[0] == TableCell("", continuesAbove: true))
        #expect(r2[1] == TableCell("", continuesAbove: true))
        #expect(r3[0] == TableCell("四、结转下年度继续办理", columnSpan: 3))
        #expect(
            lines(document) == [
                "| 三、本年度办理结果 |",
                "| （一）予以公开 | 1 | 1 |",
                "| （三）不予公开 |",
                "| 1.属于国家秘密 | 0 | 0 |",
                "| 2.其他法律行政法规禁止公开 | 0 | 0 |",
                "| 四、结转下年度继续办理 | 0 | 0 |",
            ])
    }

    /// A `w:vMerge` continuation with nothing open above it is an ordinary cell.
    @Test func continuationWithoutTopIsAnOrdinaryCell() throws {
        let document = try read(Z.tbl(Z.tr(Z.tc("a", "<w:vMerge/>"), Z.tc("b"))))
        #expect(tables(document).first?.rows.first?.cells == [TableCell("a"), TableCell("b")])
    }

    /// Rows starting later in the grid (`w:gridBefore`) keep vertical merges on their column.
    @Test func gridBeforeKeepsMergesOnTheirColumn() throws {
        let document = try read(
            Z.tbl(
                Z.tr(Z.tc("x"), Z.tc("group", "<w:vMerge w:val=\"restart\"/>"), Z.tc("1")),
                "<w:tr><w:trPr><w:gridBefore w:val=\"1\"/></w:trPr>" + Z.tc("", "<w:vMerge/>") + Z.tc("2") + "</w:tr>"
            ))
        let table = try #require(tables(document).first)
        #expect(table.rows[0].cells[1].rowSpan == 2)
        #expect(table.rows[1].cells[0].continuesAbove)
    }

    /// Table 3 cut in two by a page break: the second part repeats the header rows and
    /// the group labels; read as one table, as in the unsplit document.
    @Test func tableSplitAcrossTwoTablesWithRepeatedHeader() throws {
        let header1 = Z.tr(Z.tc("（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）", "<w:gridSpan w:val=\"3\"/>"), Z.tc("申请人情况", "<w:gridSpan w:val=\"2\"/>"), header: true)
        let header2 = Z.tr(Z.tc("", "<w:gridSpan w:val=\"3\"/>"), Z.tc("自然人"), Z.tc("总计"), header: true)
        func row(_ group: String, _ sub: String, _ label: String, _ values: [String]) -> String {
            Z.tr(
                Z.tc(group == "" ? "" : group, group == "" ? "<w:vMerge/>" : "<w:vMerge w:val=\"restart\"/>"),
                Z.tc(sub == "" ? "" : sub, sub == "" ? "<w:vMerge/>" : "<w:vMerge w:val=\"restart\"/>"),
                Z.tc(label), Z.tc(values[0]), Z.tc(values[1]))
        }
        let first = Z.tbl(
            header1, header2,
            row("三、本年度办理结果", "（四）无法提供", "1.本机关不掌握相关政府信息", ["0", "0"]))
        let second = Z.tbl(
            header1, header2,
            row("三、本年度办理结果", "（四）无法提供", "2.没有现成信息需要另行制作", ["1", "1"]),
            row("", "", "3.补正后申请内容仍不明确", ["0", "0"]))
        let pageBreak = "<w:p><w:r><w:br w:type=\"page\"/></w:r></w:p>"
        let document = try read(first + pageBreak + second)
        let all = tables(document)
        #expect(all.count == 1)
        let table = try #require(all.first)
        #expect(table.rows.count == 5)
        #expect(table.rows[2].cells[0].rowSpan == 3)
        #expect(table.rows[2].cells[1].rowSpan == 3)
        #expect(table.rows[3].cells[0].continuesAbove && table.rows[3].cells[1].continuesAbove)
        let text = lines(document)
        #expect(text.filter { $0.contains("申请人情况") }.count == 1)
        #expect(text.filter { $0.contains("（四）无法提供") }.count == 1)
        #expect(text.contains("| 2.没有现成信息需要另行制作 | 1 | 1 |"))
    }

    /// Two different tables one after the other stay two tables.
    @Test func differentTablesAreNotJoined() throws {
        let document = try read(
            Z.tbl(Z.tr(Z.tc("a"), Z.tc("b")), Z.tr(Z.tc("1"), Z.tc("2")))
                + Z.p("") + Z.tbl(Z.tr(Z.tc("c"), Z.tc("d")), Z.tr(Z.tc("3"), Z.tc("4"))))
        #expect(tables(document).count == 2)
    }

    /// Cells holding only full-width spaces (the blank template's cells) are kept in their
    /// column and read as blank.
    @Test func fullWidthSpacesAreABlankCell() throws {
        let document = try read(Z.tbl(Z.tr(Z.tc("一、本年新收政府信息公开申请数量"), Z.tc("\u{3000}\u{3000}"), Z.tc("0"), Z.tc("\u{3000}"))))
        let cells = try #require(tables(document).first?.rows.first?.cells)
        #expect(cells.count == 4)
        #expect(cells[1].text == "\u{3000}\u{3000}")
        #expect(lines(document) == ["| 一、本年新收政府信息公开申请数量 |  | 0 |  |"])
    }

    /// A label in several runs (formatting changes, proofing marks, bookmarks between
    /// them) is one label.
    @Test func labelSplitAcrossRuns() throws {
        let cell = """
            <w:tc><w:p><w:r><w:t>一、本年</w:t></w:r><w:proofErr w:type="spellStart"/><w:bookmarkStart w:id="0" w:name="_GoBack"/>\
            <w:r><w:rPr><w:b/></w:rPr><w:t>新收</w:t></w:r><w:bookmarkEnd w:id="0"/><w:proofErr w:type="spellEnd"/>\
            <w:r><w:t>政府信息公开</w:t></w:r><w:r><w:t>申请数量</w:t></w:r></w:p></w:tc>
            """
        let document = try read(Z.tbl("<w:tr>" + cell + Z.tc("5") + "</w:tr>"))
        #expect(tables(document).first?.rows.first?.cells.first?.text == "一、本年新收政府信息公开申请数量")
    }

    /// The group label printed vertically: a tall merged cell, one character per line.
    @Test func verticalGroupLabel() throws {
        let vertical =
            "<w:tc><w:tcPr><w:vMerge w:val=\"restart\"/><w:textDirection w:val=\"tbRlV\"/></w:tcPr><w:p>"
            + "三、本年度办理结果".map { "<w:r><w:t>\($0)</w:t></w:r><w:r><w:br/></w:r>" }.joined() + "</w:p></w:tc>"
        let document = try read(
            Z.tbl(
                "<w:tr>" + vertical + Z.tc("（一）予以公开") + Z.tc("3") + "</w:tr>",
                Z.tr(Z.tc("", "<w:vMerge/>"), Z.tc("（二）部分公开"), Z.tc("0"))
            ))
        let table = try #require(tables(document).first)
        #expect(table.rows[0].cells[0].rowSpan == 2)
        #expect(lines(document) == ["| 三、本年度办理结果 |", "| （一）予以公开 | 3 |", "| （二）部分公开 | 0 |"])
    }

    /// Paragraphs in a cell are joined with line breaks ("商业" / "企业").
    @Test func paragraphsInACellJoinWithLineBreaks() throws {
        let document = try read(Z.tbl("<w:tr><w:tc>" + Z.p("商业") + Z.p("企业") + "</w:tc>" + Z.tc("x") + "</w:tr>"))
        #expect(tables(document).first?.rows.first?.cells.first?.text == "商业\n企业")
    }

    @Test func tabsBreaksAndSpecialCharacters() throws {
        let document = try read(
            "<w:p><w:r><w:t>规章</w:t><w:tab/><w:t>0</w:t><w:br/><w:t>行政</w:t><w:cr/><w:t>A</w:t>"
                + "<w:noBreakHyphen/><w:t xml:space=\"preserve\">\u{3000}B </w:t></w:r></w:p>")
        #expect(paragraphs(document) == ["规章\t0\n行政\nA-\u{3000}B "])
    }

    /// Tracked changes: inserted text is the text now, deleted text is gone.
    @Test func insertionsKeptDeletionsDropped() throws {
        let document = try read(
            "<w:p><w:r><w:t>共收到申请</w:t></w:r><w:del w:id=\"1\" w:author=\"a\"><w:r><w:delText>2</w:delText></w:r></w:del>"
                + "<w:ins w:id=\"2\" w:author=\"a\"><w:r><w:t>3</w:t></w:r></w:ins><w:r><w:t>件</w:t></w:r></w:p>")
        #expect(paragraphs(document) == ["共收到申请3件"])
        let rows = try read(
            Z.tbl(
                Z.tr(Z.tc("a"), Z.tc("1")),
                "<w:tr><w:trPr><w:del w:id=\"3\" w:author=\"a\"/></w:trPr>" + Z.tc("deleted") + Z.tc("9") + "</w:tr>",
                Z.tr(Z.tc("b"), Z.tc("2"))))
        #expect(tables(rows).first?.rows.map { $0.cells.map(\.text) } == [["a", "1"], ["b", "2"]])
    }

    /// Field codes, hidden runs and ruby (pinyin) annotations are not text; field results,
    /// hyperlinks, smart tags and content controls are.
    @Test func fieldsHiddenTextRubyAndContentControls() throws {
        let document = try read(
            """
            <w:p><w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText> PAGE </w:instrText></w:r>\
            <w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:t>4</w:t></w:r><w:r><w:fldChar w:fldCharType="end"/></w:r></w:p>\
            <w:p><w:r><w:rPr><w:vanish/></w:rPr><w:t>hidden</w:t></w:r><w:r><w:rPr><w:vanish w:val="0"/></w:rPr><w:t>shown</w:t></w:r></w:p>\
            <w:p><w:r><w:ruby><w:rubyPr/><w:rt><w:r><w:t>tǒng</w:t></w:r></w:rt><w:rubyBase><w:r><w:t>统</w:t></w:r></w:rubyBase></w:ruby></w:r></w:p>\
            <w:p><w:hyperlink r:id="x" xmlns:r="r"><w:r><w:t>链接</w:t></w:r></w:hyperlink><w:smartTag><w:r><w:t>标记</w:t></w:r></w:smartTag></w:p>\
            <w:sdt><w:sdtPr><w:alias w:val="标题"/><w:text/></w:sdtPr><w:sdtContent><w:p><w:r><w:t>控件内容</w:t></w:r></w:p></w:sdtContent></w:sdt>
            """)
        #expect(paragraphs(document) == ["4", "shown", "统", "链接标记", "控件内容"])
    }

    /// A text box's paragraphs are read after the paragraph that anchors it, once (the
    /// VML fallback repeats them).
    @Test func textBoxesReadOnceWhereTheyStand() throws {
        let box = "<w:txbxContent><w:p><w:r><w:t>框内第一段</w:t></w:r></w:p><w:p><w:r><w:t>框内第二段</w:t></w:r></w:p></w:txbxContent>"
        let document = try read(
            Z.p("前文") + """
                <w:p><w:r><w:t>锚点</w:t></w:r><w:r><mc:AlternateContent><mc:Choice Requires="wps"><w:drawing><wps:wsp><wps:txbx>\(box)\
                </wps:txbx></wps:wsp></w:drawing></mc:Choice><mc:Fallback><w:pict><v:shape><v:textbox>\(box)</v:textbox></v:shape></w:pict>\
                </mc:Fallback></mc:AlternateContent></w:r></w:p>
                """ + Z.p("后文"))
        #expect(paragraphs(document) == ["前文", "锚点", "框内第一段", "框内第二段", "后文"])
    }

    /// A layout table (a frame around the report, or a cell holding the report's tables)
    /// is read as its content: the inner tables stay tables.
    @Test func layoutTablesAreReadAsTheirContent() throws {
        let inner = Z.tbl(Z.tr(Z.tc("规章"), Z.tc("0")), Z.tr(Z.tc("行政规范性文件"), Z.tc("1")))
        let frame = Z.tbl("<w:tr><w:tc>" + Z.p("二、主动公开政府信息情况") + inner + Z.p("") + "</w:tc></w:tr>")
        let document = try read(frame)
        #expect(paragraphs(document) == ["二、主动公开政府信息情况", ""])
        #expect(tables(document).count == 1)
        #expect(tables(document).first?.rows.count == 2)
        // A one-column table is a frame as well: its paragraphs stay paragraphs.
        let box = try read(Z.tbl(Z.tr(Z.tc("注：本表数据截至12月31日。"))))
        #expect(paragraphs(box) == ["注：本表数据截至12月31日。"])
    }

    /// Any namespace prefix (ElementTree writes `ns0:`) and Strict OOXML read the same.
    @Test func prefixesAndStrictNamespace() throws {
        let body = Z.p("一、总体情况")
        let ns0 = try DOCXReader.read(Z.docx(body: body.replacingPrefix("ns0"), prefix: "ns0"))
        let strict = try DOCXReader.read(Z.docx(body: body, namespace: "http://purl.oclc.org/ooxml/wordprocessingml/main"))
        #expect(paragraphs(ns0) == ["一、总体情况"])
        #expect(paragraphs(strict) == ["一、总体情况"])
    }

    /// Word's automatic list numbers are text as printed: "一、" headings from a numbered
    /// heading style, "（一）" sub-heads, "1." items in a table; a level restarts under a
    /// new parent; bullets and `numId` 0 print nothing.
    @Test func listNumbering() throws {
        let w = "xmlns:w=\"\(Z.wordNamespace)\""
        func lvl(_ n: Int, _ format: String, _ text: String) -> String {
            "<w:lvl w:ilvl=\"\(n)\"><w:start w:val=\"1\"/><w:numFmt w:val=\"\(format)\"/><w:lvlText w:val=\"\(text)\"/></w:lvl>"
        }
        let numbering = """
            <w:numbering \(w)><w:abstractNum w:abstractNumId="0">\(lvl(0, "chineseCounting", "%1、"))\(lvl(1, "chineseCounting", "（%2）"))\
            \(lvl(2, "decimal", "%3."))</w:abstractNum><w:abstractNum w:abstractNumId="1">\(lvl(0, "bullet", "•"))</w:abstractNum>\
            <w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num><w:num w:numId="2"><w:abstractNumId w:val="1"/></w:num>\
            <w:num w:numId="3"><w:abstractNumId w:val="0"/><w:lvlOverride w:ilvl="0"><w:startOverride w:val="5"/></w:lvlOverride></w:num></w:numbering>
            """
        let styles = """
            <w:styles \(w)><w:style w:type="paragraph" w:styleId="1"><w:name w:val="heading 1"/><w:pPr><w:numPr><w:numId w:val="1"/></w:numPr></w:pPr></w:style>\
            <w:style w:type="paragraph" w:styleId="H1"><w:basedOn w:val="1"/></w:style></w:styles>
            """
        func p(_ text: String, style: String? = nil, num: String? = nil, level: Int? = nil) -> String {
            var numPr = ""
            if num != nil || level != nil {
                numPr = "<w:numPr>" + (level.map { "<w:ilvl w:val=\"\($0)\"/>" } ?? "") + (num.map { "<w:numId w:val=\"\($0)\"/>" } ?? "") + "</w:numPr>"
            }
            return "<w:p><w:pPr>" + (style.map { "<w:pStyle w:val=\"\($0)\"/>" } ?? "") + numPr + "</w:pPr><w:r><w:t>\(text)</w:t></w:r></w:p>"
        }
        let body =
            p("总体情况", style: "1") + p("主动公开", num: "1", level: 1) + p("依申请公开", num: "1", level: 1)
            + p("主动公开政府信息情况", style: "H1") + p("规章", style: "1", level: 1)
            + "<w:tbl><w:tr><w:tc>" + p("属于国家秘密", num: "1", level: 2) + "</w:tc><w:tc>" + p("0") + "</w:tc></w:tr></w:tbl>"
            + p("要点", num: "2") + p("不编号", style: "1", num: "0") + p("另一列表", num: "3")
        let bytes = Z.docx(
            body: body,
            parts: [
                Z.Entry(name: "word/numbering.xml", data: Array(numbering.utf8)),
                Z.Entry(name: "word/styles.xml", data: Array(styles.utf8)),
            ])
        let document = try DOCXReader.read(bytes)
        #expect(
            paragraphs(document) == [
                "一、总体情况", "（一）主动公开", "（二）依申请公开", "二、主动公开政府信息情况", "（一）规章",
                "要点", "不编号", "五、另一列表",
            ])
        #expect(tables(document).first?.rows.first?.cells.first?.text == "1.属于国家秘密")
    }

    /// Number formats, each checked through a list starting at that number.
    @Test func numberFormats() throws {
        let cases: [(String, Int, String)] = [
            ("chineseCounting", 1, "一"), ("chineseCounting", 10, "十"), ("chineseCounting", 11, "十一"), ("chineseCounting", 20, "二十"),
            ("chineseCounting", 105, "一百零五"), ("chineseCounting", 110, "一百一十"), ("chineseCountingThousand", 1001, "一千零一"),
            ("decimal", 4, "4"), ("decimalZero", 4, "04"), ("upperRoman", 14, "XIV"), ("lowerLetter", 4, "d"),
            ("decimalEnclosedCircle", 4, "④"), ("ideographTraditional", 4, "丁"), ("decimalFullWidth", 12, "１２"),
        ]
        var numbering = "<w:numbering xmlns:w=\"\(Z.wordNamespace)\">"
        var body = ""
        for (i, (format, start, _)) in cases.enumerated() {
            numbering +=
                "<w:abstractNum w:abstractNumId=\"\(i)\"><w:lvl w:ilvl=\"0\"><w:start w:val=\"\(start)\"/>"
                + "<w:numFmt w:val=\"\(format)\"/><w:lvlText w:val=\"%1、\"/></w:lvl></w:abstractNum>"
                + "<w:num w:numId=\"\(i + 1)\"><w:abstractNumId w:val=\"\(i)\"/></w:num>"
            body += "<w:p><w:pPr><w:numPr><w:ilvl w:val=\"0\"/><w:numId w:val=\"\(i + 1)\"/></w:numPr></w:pPr><w:r><w:t>x</w:t></w:r></w:p>"
        }
        numbering += "</w:numbering>"
        let document = try DOCXReader.read(Z.docx(body: body, parts: [Z.Entry(name: "word/numbering.xml", data: Array(numbering.utf8))]))
        #expect(paragraphs(document) == cases.map { "\($0.2)、x" })
    }

    /// The main part is found through the package relationships, whatever its name.
    @Test func mainPartFromRelationships() throws {
        let document = Array("<?xml version=\"1.0\"?><w:document xmlns:w=\"\(Z.wordNamespace)\"><w:body>\(Z.p("正文"))</w:body></w:document>".utf8)
        let rels =
            "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\"><Relationship Id=\"r\" "
            + "Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument\" Target=\"/word/document2.xml\"/></Relationships>"
        let bytes = Z.zip([Z.Entry(name: "_rels/.rels", data: Array(rels.utf8)), Z.Entry(name: "word/document2.xml", data: document)])
        #expect(paragraphs(try DOCXReader.read(bytes)) == ["正文"])
    }
}

extension String {
    /// Swaps the `w:` prefix for another.
    func replacingPrefix(_ prefix: String) -> String {
        replacingOccurrences(of: "<w:", with: "<\(prefix):").replacingOccurrences(of: "</w:", with: "</\(prefix):")
            .replacingOccurrences(of: " w:", with: " \(prefix):")
    }
}
