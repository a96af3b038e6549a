import GongkaiDOCX
import GongkaiReport
import Testing

/// Every corpus DOCX (the five seeds in the official Word template, two of them also with
/// Table 3 split over two Word tables, and the blank template): read, evaluated by the
/// engine, compared cell by cell with ../shared/corpus/expected.json.
@Suite struct CorpusTests {
    @Test(arguments: Corpus.all)
    func verdictYearTemplate(_ name: String) throws {
        let expected = try Corpus.expected(name)
        let evaluation = try Corpus.reading(name).evaluation
        #expect(
            evaluation.verdict(under: .standard).rawValue == expected.verdict,
            "\(name): \(evaluation.findings.filter { $0.severity == .error }.map(\.messageEN))")
        #expect(evaluation.report.year == expected.year)
        if expected.year != nil {
            #expect(evaluation.report.template?.rawValue == expected.template)
        }
    }

    /// A value printed in the document is read as that value (not inferred); a blank cell
    /// (null in expected.json) is not read as a value: it stays unknown or is recovered
    /// by the rules and marked inferred.
    @Test(arguments: Corpus.seeds)
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
                let cell = row.cells[column]
                if !Self.matches(cell, value) { wrong.append("\(key)[\(column)]: expected \(value.map(String.init) ?? "blank"), got \(Self.show(cell))") }
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

    @Test func blankTemplateIsNotAFilledReport() throws {
        let (document, evaluation) = try Corpus.reading("template-2021-blank.docx")
        #expect(evaluation.verdict() == .rejected)
        #expect(evaluation.report.year == nil)
        // Its cells hold only full-width spaces: read, but blank.
        let cells = document.blocks.flatMap { block -> [TableCell] in
            if case .table(let table) = block { return table.rows.flatMap(\.cells) }
            return []
        }
        #expect(cells.count > 300)
        #expect(cells.contains { $0.text.unicodeScalars.contains("\u{3000}") })
    }

    /// Seed 001 has a real `_GoBack` bookmark in its text: bookmarks are not text. Its
    /// title has a manual line break (`w:br`): a line break in the paragraph.
    @Test func bookmarksAreNotText() throws {
        let document = try Corpus.reading("seed-001.docx").document
        let text = DocumentText.render(document).text
        #expect(!text.contains("_GoBack"))
        #expect(!text.contains("bookmark"))
        #expect(text.contains("宁海县医疗保障局2021年政府信息公开\n工作年度报告"))
    }

    /// The split corpus files read as one Table 3, like the unsplit ones.
    @Test(arguments: [("seed-001-split.docx", "seed-001.docx"), ("seed-004-split.docx", "seed-004.docx")])
    func splitTableReadsLikeTheWholeOne(_ split: String, _ whole: String) throws {
        let a = try Corpus.reading(split).document
        let b = try Corpus.reading(whole).document
        func tables(_ d: Document) -> [Table] {
            d.blocks.compactMap { if case .table(let t) = $0 { t } else { nil } }
        }
        #expect(tables(a).count == tables(b).count)
        #expect(tables(a).map(\.rows) == tables(b).map(\.rows))
    }

    /// Readers run on several threads at once in the daemon: the same bytes give the
    /// same document on every thread.
    @Test func concurrentReadsAgree() async throws {
        let bytes = try Corpus.bytes("seed-001-split.docx")
        let expected = try Corpus.reading("seed-001-split.docx").document
        let documents = await withTaskGroup(of: Document?.self) { group in
            for _ in 0..<16 { group.addTask { try? DOCXReader.read(bytes) } }
            return await group.reduce(into: [Document?]()) { $0.append($1) }
        }
        #expect(documents.count == 16)
        #expect(documents.allSatisfy { $0 == expected })
    }

    static func matches(_ cell: Cell, _ expected: Int?) -> Bool {
        guard let expected else { return cell.value == nil || cell.inferred }
        return cell.value == expected && !cell.inferred
    }

    static func show(_ cell: Cell) -> String {
        (cell.value.map(String.init) ?? "blank") + (cell.inferred ? " (inferred)" : "")
    }
}
