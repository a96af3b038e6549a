import Foundation
import GongkaiReport
import Testing

/// The same report in other clothes gives the same parse.
///
/// For each seed the baseline is what the engine reads from the file as it is. Every
/// variant (another cell layout, encoding, line end, script, HTML, PDF-like text) must
/// give the same template, year, verdict and Table 3 / Table 4 values; where the
/// variant keeps blank positions, the same inferred flags too.
@Suite("Layout variants")
struct LayoutVariantTests {
    static let seeds = SeedCorpus.names

    static func baseline(_ name: String) -> Evaluation {
        ReportEngine.evaluate(SeedCorpus.bytes(name))
    }

    /// Expects `variant` to read like `base`.
    static func expectSameParse(
        _ base: Evaluation, _ variant: Evaluation, _ what: String,
        inferred: Bool = true, codes: Bool = false, agency: Bool = true,
        knownInferredIssue: Comment? = nil,
        sourceLocation: SourceLocation = #_sourceLocation
    ) {
        let a = ParseSnapshot(base)
        let b = ParseSnapshot(variant)
        #expect(b.template == a.template, "\(what): template", sourceLocation: sourceLocation)
        #expect(b.year == a.year, "\(what): year", sourceLocation: sourceLocation)
        #expect(b.verdict == a.verdict, "\(what): verdict; baseline \(a), variant \(b)", sourceLocation: sourceLocation)
        #expect(b.t3Values == a.t3Values, "\(what): Table 3 values\n\(ParseSnapshot.diff(a.t3Values, b.t3Values))", sourceLocation: sourceLocation)
        #expect(b.t4Values == a.t4Values, "\(what): Table 4 values", sourceLocation: sourceLocation)
        if inferred {
            let check = {
                #expect(
                    b.t3Inferred == a.t3Inferred, "\(what): Table 3 inferred flags\n\(ParseSnapshot.diff(a.t3Inferred, b.t3Inferred))",
                    sourceLocation: sourceLocation)
                #expect(b.t4Inferred == a.t4Inferred, "\(what): Table 4 inferred flags", sourceLocation: sourceLocation)
            }
            if let knownInferredIssue { withKnownIssue(knownInferredIssue, sourceLocation: sourceLocation) { check() } } else { check() }
        }
        if agency {
            #expect(b.agency == a.agency, "\(what): agency", sourceLocation: sourceLocation)
        }
        if codes {
            #expect(b.codes == a.codes, "\(what): finding codes; baseline \(a), variant \(b)", sourceLocation: sourceLocation)
        }
    }

    // MARK: Baselines

    @Test("seed baseline: expected verdict, a year, a template, a full Table 3 and Table 4", arguments: seeds)
    func baseline(_ name: String) throws {
        let e = Self.baseline(name)
        let s = ParseSnapshot(e)
        #expect(s.verdict == SeedCorpus.expectedVerdicts[SeedCorpus.id(name)], "\(name): \(s)")
        #expect(s.year != nil)
        #expect(s.template != nil)
        let t3 = try #require(e.report.table3)
        #expect(t3.rows.count == (s.template == .v2019 ? 23 : 25))
        #expect(t3.rows.allSatisfy { $0.cells.count == 7 })
        #expect(e.report.table4?.cells.count == 15)
        #expect(e.report.encoding == .utf8)
    }

    /// The renderer itself: reading a seed into items and rendering it back in its own
    /// layout must not change the parse (otherwise a variant failure could be the
    /// renderer's fault).
    @Test("renderer round trip in the seed's own layout", arguments: seeds)
    func roundTrip(_ name: String) {
        let text = SeedCorpus.text(name)
        let own = ReportRenderer.dominantLayout(of: text)
        let rendered = ReportRenderer.render(ReportRenderer.items(of: text), as: own)
        Self.expectSameParse(Self.baseline(name), ReportEngine.evaluate(text: rendered), "\(name) re-rendered as \(own)")
    }

    // MARK: a. Other layouts

    @Test("re-rendered in another cell layout", arguments: seeds, CellLayout.allCases)
    func otherLayout(_ name: String, _ layout: CellLayout) {
        let text = SeedCorpus.text(name)
        let rendered = ReportRenderer.render(ReportRenderer.items(of: text), as: layout)
        Self.expectSameParse(Self.baseline(name), ReportEngine.evaluate(Array(rendered.utf8)), "\(name) as \(layout)")
    }

    /// A layout converted twice (pipe → vertical → tab …) still reads the same.
    @Test("re-rendered through two layouts", arguments: seeds)
    func twoHops(_ name: String) {
        let text = SeedCorpus.text(name)
        var current = text
        for layout in [CellLayout.vertical, .tab, .pipe, .vertical] {
            current = ReportRenderer.render(ReportRenderer.items(of: current), as: layout)
        }
        Self.expectSameParse(Self.baseline(name), ReportEngine.evaluate(text: current), "\(name) via vertical→tab→pipe→vertical")
    }

    // MARK: b. Encodings

    @Test("encoded as GB18030, UTF-16LE/BE with BOM, UTF-8 with BOM", arguments: seeds, ReportRenderer.Encoding.allCases)
    func encoded(_ name: String, _ encoding: ReportRenderer.Encoding) {
        let text = SeedCorpus.text(name)
        let bytes = ReportRenderer.encode(text, as: encoding)
        let e = ReportEngine.evaluate(bytes)
        let expected: TextEncoding =
            switch encoding {
            case .gb18030: .gb18030
            case .utf16LE: .utf16LE
            case .utf16BE: .utf16BE
            case .utf8BOM: .utf8BOM
            }
        #expect(e.report.encoding == expected)
        #expect(e.report.text == text, "\(name) as \(encoding): decoded text differs from the original")
        Self.expectSameParse(Self.baseline(name), e, "\(name) as \(encoding)", codes: true)
    }

    /// A re-rendered layout in a non-UTF-8 encoding: both changes at once.
    @Test("vertical layout encoded as GB18030 and tab layout as UTF-16LE", arguments: seeds)
    func layoutAndEncoding(_ name: String) {
        let items = ReportRenderer.items(of: SeedCorpus.text(name))
        let base = Self.baseline(name)
        let a = ReportEngine.evaluate(ReportRenderer.encode(ReportRenderer.render(items, as: .vertical), as: .gb18030))
        Self.expectSameParse(base, a, "\(name) vertical in GB18030")
        let b = ReportEngine.evaluate(ReportRenderer.encode(ReportRenderer.render(items, as: .tab), as: .utf16LE))
        Self.expectSameParse(base, b, "\(name) tab in UTF-16LE")
    }

    // MARK: c. Line ends

    @Test("CRLF line ends", arguments: seeds)
    func crlf(_ name: String) {
        let text = SeedCorpus.text(name).replacingOccurrences(of: "\n", with: "\r\n")
        Self.expectSameParse(Self.baseline(name), ReportEngine.evaluate(Array(text.utf8)), "\(name) with CRLF", codes: true)
    }

    @Test("CR-only line ends", arguments: seeds)
    func crOnly(_ name: String) {
        let text = SeedCorpus.text(name).replacingOccurrences(of: "\n", with: "\r")
        Self.expectSameParse(Self.baseline(name), ReportEngine.evaluate(Array(text.utf8)), "\(name) with CR", codes: true)
    }

    // MARK: d. Traditional characters with pinyin glosses

    @Test("simplified seed in traditional characters with pinyin glosses", arguments: ["001", "002", "003", "004"])
    func traditional(_ id: String) {
        let name = SeedCorpus.name(id)
        let text = ReportRenderer.traditionalWithGlosses(SeedCorpus.text(name), every: 3)
        // The variant really is traditional and glossed.
        #expect(text.contains("("), "no gloss inserted")
        #expect(text != SeedCorpus.text(name))
        Self.expectSameParse(Self.baseline(name), ReportEngine.evaluate(Array(text.utf8)), "\(name) in traditional + glosses", agency: false)
    }

    @Test("seed 003 in traditional with glosses, re-rendered one cell per line")
    func traditionalVertical() {
        let name = SeedCorpus.name("003")
        let text = ReportRenderer.traditionalWithGlosses(SeedCorpus.text(name), every: 2)
        let rendered = ReportRenderer.render(ReportRenderer.items(of: text), as: .vertical)
        Self.expectSameParse(Self.baseline(name), ReportEngine.evaluate(text: rendered), "003 traditional+glosses, vertical", agency: false)
    }

    // MARK: e. HTML

    @Test("rendered as an HTML page", arguments: seeds)
    func html(_ name: String) {
        let page = ReportRenderer.html(ReportRenderer.items(of: SeedCorpus.text(name)))
        #expect(page.contains("<td>&nbsp;</td>") || page.contains("&nbsp;"))
        Self.expectSameParse(Self.baseline(name), ReportEngine.evaluate(Array(page.utf8)), "\(name) as HTML")
    }

    // MARK: f. PDF-like text

    @Test("PDF-like text: rows flattened to single spaces, page numbers between rows", arguments: ["000", "003"])
    func pdfLike(_ id: String) {
        let name = SeedCorpus.name(id)
        let items = ReportRenderer.items(of: SeedCorpus.text(name))
        let text = ReportRenderer.pdfLike(items, pageEvery: 7)
        #expect(text.contains("- 2 -"))
        // Rows holding a group label and an item label flatten to one cell,
        // "（三）不予公开 1.属于国家秘密 0 0 0 0 0 0 0": both labels must still be matched.
        Self.expectSameParse(Self.baseline(name), ReportEngine.evaluate(Array(text.utf8)), "\(name) as PDF-like text")
    }

    /// Blank cells and dropped cells are different findings (001 has two blanks, 003 two
    /// dropped cells); a re-rendering that keeps cell positions must keep them apart.
    @Test("blank and dropped cells stay what they were", arguments: seeds, [CellLayout.pipe, .tab, .vertical])
    func blankVersusDropped(_ name: String, _ layout: CellLayout) {
        let items = ReportRenderer.items(of: SeedCorpus.text(name))
        let a = ParseSnapshot(Self.baseline(name))
        let b = ParseSnapshot(ReportEngine.evaluate(text: ReportRenderer.render(items, as: layout)))
        let keys = ["T3_BLANK_RECOVERED", "T3_DROPPED_CELL_RECOVERED", "T4_BLANK_RECOVERED", "T4_DROPPED_CELL_RECOVERED"]
        let check = {
            for k in keys { #expect(b.codes[k] == a.codes[k], "\(name) as \(layout): \(k) \(a.codes[k] ?? 0) → \(b.codes[k] ?? 0)") }
        }
        // The closing pipe of "a | b | c |" closes the row: it is not an empty cell.
        check()
    }

    @Test("blank and dropped cells stay what they were in HTML", arguments: seeds)
    func blankVersusDroppedHTML(_ name: String) {
        let a = ParseSnapshot(Self.baseline(name))
        let b = ParseSnapshot(ReportEngine.evaluate(text: ReportRenderer.html(ReportRenderer.items(of: SeedCorpus.text(name)))))
        let keys = ["T3_BLANK_RECOVERED", "T3_DROPPED_CELL_RECOVERED", "T4_BLANK_RECOVERED", "T4_DROPPED_CELL_RECOVERED"]
        let check = {
            for k in keys { #expect(b.codes[k] == a.codes[k], "\(name) as HTML: \(k) \(a.codes[k] ?? 0) → \(b.codes[k] ?? 0)") }
        }
        check()
    }

    /// The seeds with blank value cells cannot be flattened with spaces; check the
    /// skip rule picks exactly those.
    @Test("PDF flattening applies only to seeds without blank value cells")
    func pdfSkipRule() {
        let flat = SeedCorpus.names.filter { !ReportRenderer.hasBlankValueCells(ReportRenderer.items(of: SeedCorpus.text($0))) }.map(SeedCorpus.id)
        #expect(flat == ["000", "003"])
    }
}
