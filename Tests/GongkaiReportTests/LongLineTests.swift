import Foundation
import GongkaiTestSupport
import Testing

@testable import GongkaiReport

/// Reports saved by crawlers arrive as the whole report on one line. The engine's cost
/// must grow linearly with such a line (timed by `gongkai-bench --one-line`, not here);
/// these tests check that the linear forms of the label and text helpers give exactly
/// what the straightforward forms gave, and that a one-line report reads the same
/// however long its narrative is.
@Suite("Long lines")
struct LongLineTests {
    /// Pieces that exercise label splitting: markers of every kind, leading dashes and
    /// bullets (skipped before a marker), noise, digits, spaces.
    static let fragments = [
        "（一）", "(二)", "1.", "2、", "3．", "一、", "二", "十一、", "一二", "x", "12", "申请", "予以公开", "-", "•", "--",
        "（七）总计", "总计", "0", "1000001", "/", "—", "无", "申请数量1000001", "( 一 )", "（ 1 ）", "1", "一",
        "三、本年度办理结果", "(三) 不予公开", "2.其他法律行政", "行政复议", "“", "”", "…", "·", "，", "。", "( )", "(", "）",
    ]

    static func randomText(_ g: inout SplitMix64, pieces: Int) -> String {
        var parts: [String] = []
        for _ in 0..<pieces {
            let joined = (0..<Int.random(in: 1...3, using: &g)).map { _ in fragments.randomElement(using: &g) ?? "" }.joined()
            parts.append(joined)
        }
        let separators = [" ", "  ", " - ", " • ", "\t"]
        var text = ""
        for (i, part) in parts.enumerated() {
            if i > 0 { text += separators.randomElement(using: &g) ?? " " }
            text += part
        }
        return text
    }

    /// `CellReading.splitLabels` as it was: the core of the whole growing label
    /// recomputed for every piece (quadratic on a long line).
    static func splitLabelsReference(_ text: String) -> [String] {
        let parts = text.utf8.split(separator: 0x20, omittingEmptySubsequences: true).map { String(Substring($0)) }
        guard parts.count > 1 else { return [text] }
        var labels: [String] = []
        for part in parts {
            if labels.isEmpty
                || (LabelText.core(of: part).marker != nil && !LabelText.core(of: part).text.isEmpty
                    && LabelText.core(of: labels[labels.count - 1]).text.unicodeScalars.count >= 2)
            {
                labels.append(part)
            } else {
                labels[labels.count - 1] += " " + part
            }
        }
        return labels
    }

    @Test func splitLabelsMatchesTheReference() {
        var g = SplitMix64(seed: 0x10_4E11_4E00)
        for round in 0..<3000 {
            let text = Self.randomText(&g, pieces: round < 2900 ? Int.random(in: 1...12, using: &g) : 400)
            #expect(CellReading.splitLabels(text) == Self.splitLabelsReference(text), "\(text)")
        }
    }

    @Test func coreLengthFollowsTheGrowingLabel() {
        var g = SplitMix64(seed: 0xC0_4E00)
        for _ in 0..<2000 {
            var label = ""
            var length = LabelText.CoreLength()
            for _ in 0..<Int.random(in: 1...8, using: &g) {
                let piece = (Bool.random(using: &g) ? " " : "") + Self.randomText(&g, pieces: Int.random(in: 1...3, using: &g))
                label += piece
                length.append(piece)
                #expect(length.value == LabelText.core(of: label).text.unicodeScalars.count, "\(label)")
                #expect(LabelText.coreLength(Array(label.unicodeScalars)) == length.value, "\(label)")
            }
        }
    }

    @Test func noiseAndDigitSwitchesMatchTheirTables() {
        for v in UInt32(0)...0x10FFFF {
            if LabelText.isNoise(v) != LabelText.noise.contains(v) {
                Issue.record("isNoise(\(String(v, radix: 16))) disagrees with the noise set")
            }
            guard let s = Unicode.Scalar(v) else { continue }
            if ChineseNumeral.value(of: s) != LabelText.chineseDigitValues[v] {
                Issue.record("ChineseNumeral.value(of: \(String(v, radix: 16))) disagrees with the table")
            }
        }
    }

    @Test func scalarsAreDecodedInOnePass() {
        var g = SplitMix64(seed: 0x5CA1A7)
        // Scalars of every UTF-8 length: ASCII, two bytes, three (CJK), four (extension B, emoji).
        let ranges: [ClosedRange<UInt32>] = [0x00...0x7F, 0x80...0x7FF, 0x800...0xD7FF, 0xE000...0xFFFF, 0x10000...0x10FFFF]
        let random = (0..<300).map { _ in
            String(
                String.UnicodeScalarView(
                    (0..<Int.random(in: 0...60, using: &g)).compactMap { _ in
                        Unicode.Scalar(UInt32.random(in: ranges.randomElement(using: &g) ?? 0x00...0x7F, using: &g))
                    }))
        }
        let texts =
            Seeds.names.map(Seeds.text) + ["", "a", "𠀀é\u{301}", "\r\n", "\u{10FFFF}\u{FFFF}\u{80}\u{7FF}\u{800}"]
            + random + (0..<100).map { _ in Self.randomText(&g, pieces: 30) }
        for text in texts {
            #expect(TextNormalizer.unicodeScalars(of: text) == Array(text.unicodeScalars))
        }
    }

    /// The decoder validates UTF-8 with the String initialiser and falls back to its own
    /// validator only to name the offset: both must agree on what is valid.
    @Test func utf8ValidationAgreesWithTheOffsetFinder() {
        var g = SplitMix64(seed: 0x0DEC_0DE)
        let seeds = Seeds.names.map(Seeds.bytes)
        let tricky: [[UInt8]] = [
            [0xC0, 0xAF], [0xE0, 0x80, 0x80], [0xED, 0xA0, 0x80], [0xF4, 0x90, 0x80, 0x80], [0xF0, 0x9F, 0x98], [0xC3],
            [0xF5, 0x80, 0x80, 0x80], [0xFF], [0x80], [0xEF, 0xBF, 0xBF], [0xF4, 0x8F, 0xBF, 0xBF],
        ]
        for round in 0..<3000 {
            var bytes = Array((seeds.randomElement(using: &g) ?? []).prefix(Int.random(in: 0...300, using: &g)))
            for _ in 0..<Int.random(in: 0...3, using: &g) {
                let at = Int.random(in: 0...bytes.count, using: &g)
                if round % 2 == 0 {
                    bytes.insert(contentsOf: tricky.randomElement(using: &g) ?? [], at: at)
                } else if at < bytes.count {
                    bytes[at] = UInt8.random(in: 0...255, using: &g)
                }
            }
            let valid = String(validating: bytes, as: UTF8.self) != nil
            #expect(valid == (TextDecoder.firstInvalidUTF8(bytes[...]) == nil), "\(bytes)")
        }
    }

    /// Each seed as a crawler saves it: every line joined into one.
    static func oneLine(_ n: Int, repeatingNarrative times: Int = 0) -> String {
        var lines = Seeds.text(n).replacingOccurrences(of: "\r\n", with: "\n").components(separatedBy: "\n")
        let section2 = lines.firstIndex { $0.contains("主动公开政府信息情况") || $0.contains("主動公開政府信息情況") } ?? 0
        let narrative = lines[..<section2].filter { $0.utf8.count >= 60 }
        for _ in 0..<times { lines.insert(contentsOf: narrative, at: section2) }
        return lines.joined(separator: " ")
    }

    /// A one-line report reads the same whatever the length of its narrative: the same
    /// verdict and the same findings with the narrative repeated fifty times.
    @Test(arguments: 0..<5)
    func oneLineReportsReadTheSameAtAnyLength(_ n: Int) {
        let short = ReportEngine.evaluate(text: Self.oneLine(n))
        let long = ReportEngine.evaluate(text: Self.oneLine(n, repeatingNarrative: 50))
        #expect(short.verdict() == long.verdict())
        #expect(short.codes == long.codes)
        #expect(short.report.table3 == long.report.table3)
        #expect(short.report.table4 == long.report.table4)
    }

    /// The table rows of a seed repeated on one line, many times: the reading of a long
    /// line is that of a short one.
    @Test func repeatedTablesOnOneLine() {
        let lines = Seeds.text(4).components(separatedBy: "\n")
        guard let start = lines.firstIndex(where: { $0.contains("收到和处理政府信息公开申请情况") }),
            let end = lines.firstIndex(where: { $0.contains("存在问题") })
        else {
            Issue.record("seed 4 has no Table 3 section")
            return
        }
        let table = lines[start..<end].joined(separator: " ")
        let once = ReportEngine.evaluate(text: table)
        let many = ReportEngine.evaluate(text: Array(repeating: table, count: 200).joined(separator: " "))
        #expect(once.report.table3 == many.report.table3)
        #expect(once.verdict() == many.verdict())
    }

    /// A colspan counts at most 1000 columns, as in the HTML standard: a huge value no
    /// longer costs a cell per column.
    @Test func hugeColspanIsCapped() {
        #expect(HTMLText.colspan("td colspan=\"3\"") == 3)
        #expect(HTMLText.colspan("td colspan=\"999999999\"") == HTMLText.maxColspan)
        let page = "<html><body><p>x</p><table><tr><td colspan=\"999999999\">规章</td><td>0</td></tr></table></body></html>"
        let lines = TextNormalizer.lines(page)
        #expect(lines.allSatisfy { $0.utf8.count < 2 * HTMLText.maxColspan })
    }
}
