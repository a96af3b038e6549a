import GongkaiHTML
import GongkaiReport
import Testing

/// The corpus reports as web pages (made from the corpus DOCX by Fixtures/make-html.py:
/// a site's page, and Word's "save as web page"): read, evaluated, compared cell by cell
/// with the expected values of the DOCX each was made from.
@Suite struct CorpusTests {
    @Test(arguments: Corpus.all)
    func verdictYearTemplate(_ name: String) throws {
        let expected = try Corpus.expected(name)
        let evaluation = try Corpus.reading(name).evaluation
        #expect(
            evaluation.verdict(under: .standard).rawValue == expected.verdict,
            "\(name): \(evaluation.findings.filter { $0.severity == .error }.map(\.messageEN))")
        #expect(evaluation.report.year == expected.year)
        #expect(evaluation.report.template?.rawValue == expected.template)
    }

    @Test(arguments: Corpus.all)
    func everyTable3AndTable4Cell(_ name: String) throws {
        let expected = try Corpus.expected(name)
        let report = try Corpus.reading(name).evaluation.report
        let table3 = try #require(report.table3)
        var wrong: [String] = []
        var total = 0
        for (key, values) in expected.t3.sorted(by: { $0.key < $1.key }) {
            guard let row = table3.row(key) else {
                wrong.append("\(key): row missing")
                continue
            }
            for (column, value) in values.enumerated() {
                total += 1
                if !Self.matches(row.cells[column], value) {
                    wrong.append("\(key)[\(column)]: expected \(value.map(String.init) ?? "blank"), got \(Self.show(row.cells[column]))")
                }
            }
        }
        let table4 = try #require(report.table4)
        for (index, value) in (expected.t4 ?? []).enumerated() {
            total += 1
            if !Self.matches(table4.cells[index], value) {
                wrong.append("t4[\(index)]: expected \(value.map(String.init) ?? "blank"), got \(Self.show(table4.cells[index]))")
            }
        }
        #expect(total >= 23 * 7 + 15)
        #expect(wrong.isEmpty, "\(name): \(wrong.count)/\(total) cells wrong: \(wrong.joined(separator: "; "))")
    }

    /// Word's markup (GB18030, one `<p class=MsoNormal>` per cell paragraph, a span per
    /// character, `<o:p>`, spacer rows, conditional comments) gives the same cells as the
    /// plain page.
    @Test(arguments: ["seed-001", "seed-001-split", "seed-002", "seed-004-split"])
    func wordExportGivesTheSameCells(_ name: String) throws {
        let plain = try Corpus.reading(name + ".html").document
        let word = try Corpus.reading(name + "-word.html").document
        #expect(Self.cells(of: word) == Self.cells(of: plain))
        #expect(Self.cells(of: plain).count == 3)
    }

    /// The page title leads; navigation, scripts, styles and the footer are left out.
    @Test func siteChromeIsLeftOut() throws {
        let document = try Corpus.reading("seed-001.html").document
        guard case .paragraph(let title) = document.blocks.first else {
            Issue.record("no title paragraph")
            return
        }
        #expect(title.text == "宁海县医疗保障局2021年政府信息公开工作年度报告")
        let text = DocumentText.render(document).text
        for chrome in ["首页", "广告", "统计代码", "_hmt", "border-collapse", "备案号"] {
            #expect(!text.contains(chrome), "\(chrome)")
        }
        #expect(HTMLReader.detectEncoding(try Corpus.bytes("seed-001-word.html")) == "GB18030")
    }

    /// Readers run on several threads at once in the daemon: the same bytes give the
    /// same document on every thread (the Word page goes through iconv and libxml2).
    @Test func concurrentReadsAgree() async throws {
        let bytes = try Corpus.bytes("seed-002-word.html")
        let expected = try Corpus.reading("seed-002-word.html").document
        let documents = await withTaskGroup(of: Document?.self) { group in
            for _ in 0..<16 { group.addTask { try? HTMLReader.read(bytes) } }
            return await group.reduce(into: [Document?]()) { $0.append($1) }
        }
        #expect(documents.count == 16)
        #expect(documents.allSatisfy { $0 == expected })
    }

    /// Per table: its rows as (text without white space, spans, continuation) tuples.
    static func cells(of document: Document) -> [[[String]]] {
        document.blocks.compactMap { block in
            guard case .table(let table) = block else { return nil }
            return table.rows.compactMap { row in
                let cells = row.cells.map { cell in
                    let text = String(String.UnicodeScalarView(cell.text.unicodeScalars.filter { !$0.properties.isWhitespace }))
                    return "\(text)|\(cell.columnSpan)|\(cell.rowSpan)|\(cell.continuesAbove)"
                }
                // Word's spacer row (empty cells under <![if !supportMisalignedColumns]>).
                return row.cells.allSatisfy({ $0.text.unicodeScalars.allSatisfy(\.properties.isWhitespace) && !$0.continuesAbove }) ? nil : cells
            }
        }
    }

    static func matches(_ cell: Cell, _ expected: Int?) -> Bool {
        guard let expected else { return cell.value == nil || cell.inferred }
        return cell.value == expected && !cell.inferred
    }

    static func show(_ cell: Cell) -> String {
        (cell.value.map(String.init) ?? "blank") + (cell.inferred ? " (inferred)" : "")
    }
}
