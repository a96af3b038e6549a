import GongkaiReport
import Testing

@testable import GongkaiPDF

/// The layout after poppler on pages of tens of thousands of characters, built directly
/// as glyphs: no shape makes it quadratic (a quadratic step would take minutes here).
/// poppler's own text analysis is not bounded this way; the daemon's time budget covers it.
@Suite struct LayoutScaleTests {
    static func glyph(_ s: Unicode.Scalar, _ x: Double, _ y: Double, _ w: Double = 5, _ h: Double = 10) -> Glyph {
        Glyph(scalar: s, x1: x, y1: y, x2: x + w, y2: y + h)
    }

    static func timed(_ name: String, _ glyphs: [Glyph]) {
        let clock = ContinuousClock()
        let start = clock.now
        let items = PageReader.items(PageGlyphs(number: 1, width: 3000, height: 3000, glyphs: glyphs))
        let elapsed = clock.now - start
        #expect(elapsed < .seconds(20), "\(name): \(elapsed) for \(glyphs.count) glyphs, \(items.count) items")
    }

    @Test func gridOfLooseNumbersWithLabels() {
        var glyphs: [Glyph] = []
        for row in 0..<250 {
            let y = Double(row) * 14
            for (k, s) in "1.标签".unicodeScalars.enumerated() { glyphs.append(Self.glyph(s, 10 + Double(k) * 10, y)) }
            for c in 0..<100 { glyphs.append(Self.glyph("7", 100 + Double(c) * 25, y)); glyphs.append(Self.glyph(" ", 105 + Double(c) * 25, y)) }
        }
        Self.timed("grid", glyphs)
    }

    @Test func oneLongLine() {
        let glyphs = (0..<80_000).map { Self.glyph($0 % 7 == 0 ? " " : "字", Double($0) * 10, 100) }
        Self.timed("line", glyphs)
    }

    @Test func everythingAtOnePoint() {
        let glyphs = (0..<80_000).map { Self.glyph($0 % 3 == 0 ? "1" : "、", 100, 100) }
        Self.timed("point", glyphs)
    }

    @Test func tallColumnOfNumberedLabelsBesideValues() {
        var glyphs: [Glyph] = []
        for row in 0..<12_000 {
            let y = Double(row) * 12
            for (k, s) in "1.甲".unicodeScalars.enumerated() { glyphs.append(Self.glyph(s, 10 + Double(k) * 10, y)) }
            glyphs.append(Self.glyph(" ", 40, y))
            glyphs.append(Self.glyph("0", 200, y + (row % 2 == 0 ? 0 : 3)))
            glyphs.append(Self.glyph("\n", 0, 0, 0, 0))
        }
        Self.timed("column", glyphs)
    }
}
