import GongkaiReport
import Testing

@testable import GongkaiPDF

/// One test per layout trap, on the real files and on a small hand-laid PDF
/// (Fixtures/trap-split-table.pdf, made by Fixtures/make-traps.py) whose every character
/// position is known.
@Suite struct TrapTests {
    /// The rows of all tables, as the texts of their cells (continuations left out).
    static func rows(_ document: Document) -> [[String]] {
        var out: [[String]] = []
        for block in document.blocks {
            if case .table(let table) = block {
                for row in table.rows { out.append(row.cells.filter { !$0.continuesAbove }.map(\.text)) }
            }
        }
        return out
    }

    static func row(_ rows: [[String]], startingWith label: String) -> [String]? {
        rows.first { $0.contains { $0.hasPrefix(label) } }.map { row in
            Array(row.drop { !$0.hasPrefix(label) })
        }
    }

    static func allText(_ document: Document) -> [String] {
        var out: [String] = []
        for block in document.blocks {
            switch block {
            case .paragraph(let p): out.append(p.text)
            case .table(let t): for r in t.rows { out += r.cells.map(\.text) }
            }
        }
        return out
    }

    // MARK: The hand-laid PDF

    @Test func splitTableReadsEveryRowOnceWithItsBlanks() throws {
        let document = try PDFReader.read(Fixtures.bytes("trap-split-table.pdf"))
        let rows = Self.rows(document)
        let expected: [(String, [String])] = [
            ("一、本年新收政府信息公开申请数量", ["3", "0", "0", "0", "0", "0", "3"]),
            ("二、上年结转政府信息公开申请数量", ["", "0", "0", "0", "0", "0", "0"]),
            ("（一）予以公开", ["2", "0", "0", "0", "0", "0", "2"]),
            ("（二）部分公开（区分处理的，只计这一情形，不计其他情形）", ["1", "0", "0", "0", "0", "0", "1"]),
            ("1.属于国家秘密", ["0", "0", "0", "0", "0", "0", ""]),
            ("2.其他法律行政法规禁止公开", ["0", "0", "", "0", "0", "0", "0"]),
            ("3.危及“三安全一稳定”", ["0", "0", "0", "0", "0", "0", "0"]),
            ("（七）总计", ["3", "0", "0", "0", "0", "0", "3"]),
            ("四、结转下年度继续办理", ["0", "0", "0", "0", "0", "0", "0"]),
        ]
        for (label, values) in expected {
            let row = try #require(Self.row(rows, startingWith: label), "no row \(label)")
            #expect(row == [label] + values, "\(label)")
            #expect(rows.filter { $0.contains(label) }.count == 1, "\(label) read more than once")
        }
    }

    @Test func pageNumberInsideTableIsDropped() throws {
        let document = try PDFReader.read(Fixtures.bytes("trap-split-table.pdf"))
        let texts = Self.allText(document)
        #expect(!texts.contains { $0.contains("- 1 -") || $0.contains("第2页") })
        // Both parts of Table 3 are one table: the page break and its page number do not end it.
        let tables = document.blocks.compactMap { if case .table(let t) = $0 { t } else { nil } }
        let withRows = tables.filter { t in t.rows.contains { $0.cells.contains { $0.text.hasPrefix("一、本年新收") } } }
        let table = try #require(withRows.first)
        #expect(table.rows.contains { $0.cells.contains { $0.text.hasPrefix("四、结转下年度") } })
        #expect(Set(table.rows.compactMap(\.origin?.page)) == [1, 2])
    }

    @Test func verticalGroupLabelIsOneMergedCell() throws {
        let document = try PDFReader.read(Fixtures.bytes("trap-split-table.pdf"))
        let cells = document.blocks.flatMap { block -> [TableCell] in
            if case .table(let t) = block { return t.rows.flatMap(\.cells) }
            return []
        }
        let group = try #require(cells.first { $0.text == "三、本年度办理结果" })
        #expect(group.rowSpan >= 3)
        // No stray characters of the vertical label as cells or lines.
        for ch in ["三", "、", "本", "年", "度", "办", "理", "结", "果"] {
            #expect(!Self.allText(document).contains(ch), "stray \(ch)")
        }
        let text = DocumentText.render(document).text
        let lines = text.split(separator: "\n").map(String.init)
        let g = try #require(lines.firstIndex(of: "| 三、本年度办理结果 |"))
        #expect(lines[g + 1].hasPrefix("| （一）予以公开 |"))
        let withheld = try #require(lines.firstIndex(of: "| （三）不予公开 |"))
        #expect(lines[withheld + 1].hasPrefix("| 1.属于国家秘密 |"))
    }

    @Test func topAlignedTotalJoinsItsRow() throws {
        let document = try PDFReader.read(Fixtures.bytes("trap-split-table.pdf"))
        let rows = Self.rows(document)
        let partial = try #require(Self.row(rows, startingWith: "（二）部分公开"))
        #expect(partial.count == 8)
        #expect(partial.last == "1")
    }

    @Test func itemNumbersOnTheirOwnBaselineJoinTheirLabels() throws {
        let document = try PDFReader.read(Fixtures.bytes("trap-item-numbers.pdf"))
        let rows = Self.rows(document)
        #expect(Self.row(rows, startingWith: "1.属于国家秘密") == ["1.属于国家秘密", "0", "0", "0", "0", "0", "0", "0"])
        #expect(Self.row(rows, startingWith: "5.要求行政机关确认") == ["5.要求行政机关确认或重新出具已获取信息", "1", "0", "0", "0", "0", "0", "1"])
        #expect(!Self.allText(document).contains { $0 == "1." || $0 == "5." })
        let text = DocumentText.render(document).text
        #expect(text.contains("| （三）不予公开 |\n| 1.属于国家秘密 |"))
    }

    @Test func rowCutByThePageBreakIsJoined() throws {
        let document = try PDFReader.read(Fixtures.bytes("trap-row-across-pages.pdf"))
        let rows = Self.rows(document)
        #expect(Self.row(rows, startingWith: "1.申请人无正当理由") == ["1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请", "2", "0", "0", "0", "0", "0", "2"])
        #expect(!rows.contains { $0.first == "行政机关不再处理其政府信息公开" || $0.first == "申请" })
        #expect(Self.row(rows, startingWith: "2.申请人逾期") == ["2.申请人逾期未按收费通知要求缴", "0", "0", "0", "0", "0", "0", "0"])
    }

    // MARK: The real files

    @Test func realReportVerticalLabelFooterAndPageBreak() throws {
        let document = try PDFReader.read(Fixtures.bytes("real-hongze-2024.pdf"))
        let texts = Self.allText(document)
        #expect(!texts.contains { ["-1-", "-2-", "-3-", "-4-", "-5-"].contains($0) })
        let cells = document.blocks.flatMap { block -> [TableCell] in
            if case .table(let t) = block { return t.rows.flatMap(\.cells) }
            return []
        }
        let group = try #require(cells.first { $0.text == "三、本年度办理结果" })
        #expect(group.rowSpan > 1)
        // Item numbers on their own baseline join their labels.
        #expect(cells.contains { $0.text == "1.属于国家秘密" })
        #expect(cells.contains { $0.text == "2.其他法律行政止公开" })
        // Table 3 runs from page 3 to page 4 as one table.
        let tables = document.blocks.compactMap { if case .table(let t) = $0 { t } else { nil } }
        let t3 = try #require(tables.first { t in t.rows.contains { $0.cells.contains { $0.text.hasPrefix("一、本年新收") } } })
        #expect(t3.rows.contains { $0.cells.contains { $0.text.hasPrefix("四、结转下年度") } })
        // The wrapped label of 5. and its numbers below it stay one row.
        let rows = Self.rows(document)
        #expect(Self.row(rows, startingWith: "5.要求行政机关确认或重新出具已获取信息") == ["5.要求行政机关确认或重新出具已获取信息", "0", "0", "0", "0", "0", "0", "0"])
    }

    @Test func blankCellsKeepTheirColumns() throws {
        let rows = Self.rows(try PDFReader.read(Fixtures.bytes("seed-001.pdf")))
        #expect(Self.row(rows, startingWith: "二、上年结转") == ["二、上年结转政府信息公开申请数量", "", "0", "0", "0", "0", "0", "0"])
        #expect(Self.row(rows, startingWith: "3.危及") == ["3.危及“三安全一稳定”", "0", "0", "0", "0", "0", "0", ""])
        // Only 总计 filled: the six blank columns come from the header words.
        let only = Self.rows(try PDFReader.read(Fixtures.bytes("seed-004.pdf")))
        #expect(Self.row(only, startingWith: "一、本年新收") == ["一、本年新收政府信息公开申请数量", "", "", "", "", "", "", "0"])
        let t4 = try #require(only.first { $0.count == 15 && $0.allSatisfy { $0.isEmpty || $0 == "0" } })
        #expect(t4 == ["", "", "", "", "0", "", "", "", "", "0", "", "", "", "", "0"])
    }

    @Test func repeatedHeaderDoesNotDuplicateRows() throws {
        for name in ["seed-001-split.pdf", "seed-004-split.pdf"] {
            let rows = Self.rows(try PDFReader.read(Fixtures.bytes(name)))
            for label in ["一、本年新收", "4.保护第三方合法权益", "1.本机关不掌握", "（七）总计", "四、结转下年度"] {
                #expect(rows.filter { $0.contains { $0.hasPrefix(label) } }.count == 1, "\(name): \(label)")
            }
        }
    }
}
