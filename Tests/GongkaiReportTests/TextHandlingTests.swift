import Foundation
import Testing

@testable import GongkaiReport

@Suite struct TextDecoderTests {
    let sample = "一、总体情况\n统计期限为2023年1月1日至2023年12月31日。𠀀"

    @Test func utf8WithAndWithoutBOM() throws {
        let plain = try TextDecoder.decode(Array(sample.utf8)).get()
        #expect(plain.text == sample && plain.encoding == .utf8)
        let bom = try TextDecoder.decode([0xEF, 0xBB, 0xBF] + Array(sample.utf8)).get()
        #expect(bom.text == sample && bom.encoding == .utf8BOM)
    }

    @Test func utf16WithBOM() throws {
        let le: [UInt8] = [0xFF, 0xFE] + sample.utf16.flatMap { [UInt8($0 & 0xFF), UInt8($0 >> 8)] }
        let be: [UInt8] = [0xFE, 0xFF] + sample.utf16.flatMap { [UInt8($0 >> 8), UInt8($0 & 0xFF)] }
        #expect(try TextDecoder.decode(le).get().text == sample)
        #expect(try TextDecoder.decode(le).get().encoding == .utf16LE)
        #expect(try TextDecoder.decode(be).get().text == sample)
        #expect(try TextDecoder.decode(be).get().encoding == .utf16BE)
    }

    @Test func gb18030AndGBK() throws {
        let data = try #require(sample.data(using: TextDecoder.gb18030Encoding))
        let decoded = try TextDecoder.decode([UInt8](data)).get()
        #expect(decoded.text == sample && decoded.encoding == .gb18030)
    }

    @Test func brokenInputNamesTheOffset() {
        let prefix = Array("年度报告".utf8)
        guard case .failure(let error) = TextDecoder.decode(prefix + [0xC3, 0x28, 0xFF]) else {
            Issue.record("expected failure")
            return
        }
        #expect(error.byteOffset >= prefix.count)
        if case .failure(let nul) = TextDecoder.decode(Array("abc".utf8) + [0] + Array("def".utf8)) {
            #expect(nul.byteOffset == 3)
        } else {
            Issue.record("NUL must not decode as text")
        }
        if case .failure(let odd) = TextDecoder.decode([0xFF, 0xFE, 0x41]) {
            #expect(odd.byteOffset == 2)
        } else {
            Issue.record("odd UTF-16 must fail")
        }
    }
}

@Suite struct TextNormalizerTests {
    @Test func pinyinGlossesGoRealBracketsStay() {
        #expect(TextNormalizer.normalize("縣醫(yī)保局 統(tǒng)計") == "縣醫保局 統計")
        #expect(TextNormalizer.normalize("縣醫(yī)保局統(tǒng)計數據報告與結轉") == "县医保局统计数据报告与结转")
        #expect(TextNormalizer.normalize("（一）予以公开") == "(一)予以公开")
        #expect(TextNormalizer.normalize("采购总金额（单位：万元）") == "采购总金额(单位:万元)")
        #expect(TextNormalizer.normalize("政府集中采购(PDF)") == "政府集中采购(PDF)")
    }

    @Test func artefactsAndWidthsAndLineEnds() {
        #expect(TextNormalizer.normalize("[bookmark: _GoBack]    本机关") == "    本机关")
        #expect(TextNormalizer.normalize("２０２３年\u{3000}ＡＢＣ\r\n下一行\r末行") == "2023年 ABC\n下一行\n末行")
        // Kangxi radicals from PDF extraction read as the ordinary characters.
        #expect(TextNormalizer.normalize("\u{2F00}、总体情况") == "一、总体情况")
    }

    @Test func traditionalOnlyWhenTheTextIsTraditional() {
        #expect(TextNormalizer.normalize("乾县人民政府2023年政府信息公开工作年度报告") == "乾县人民政府2023年政府信息公开工作年度报告")
        #expect(TextNormalizer.normalize("縣醫療保障局政府資訊公開報告").contains("县医疗保障局"))
    }

    /// The frozen table is ICU's Hant-Hans transform, pair for pair.
    @Test func frozenTableMatchesICU() {
        let pairs = Array(ChineseScript.pairs.unicodeScalars)
        var traditional = String.UnicodeScalarView()
        var simplified = String.UnicodeScalarView()
        for i in stride(from: 0, to: pairs.count - 1, by: 2) {
            traditional.append(pairs[i])
            simplified.append(pairs[i + 1])
        }
        #expect(pairs.count > 6000)
        #expect(String(traditional).applyingTransform(StringTransform(rawValue: "Hant-Hans"), reverse: false) == String(simplified))
        #expect(ChineseScript.simplified(Unicode.Scalar("醫").value) == Unicode.Scalar("医").value)
    }

    @Test func pageNumbersAreDropped() {
        #expect(TextNormalizer.normalize("a\n- 4 -\nb\n第 5 页\nc\n0\n") == "a\n\nb\n\nc\n0\n")
    }

    @Test func htmlTablesBecomeTabCells() {
        let html = "<html><body><p>一、总体情况</p><table><tr><td>规章</td><td>0</td><td colspan=\"2\">1</td><td>&nbsp;</td></tr></table></body></html>"
        let rows = LayoutReader.rows(TextNormalizer.normalize(html))
        #expect(rows.map(\.cells).contains(["一、总体情况"]))
        #expect(rows.contains { $0.cells.prefix(4) == ["规章", "0", "1", ""] })
    }
}

@Suite struct LayoutAndLabelTests {
    @Test func theThreeLayouts() {
        #expect(LayoutReader.rows("规章 | 0 | 0 | 0 | |").first?.cells == ["规章", "0", "0", "0", ""])
        #expect(LayoutReader.rows("| 0 | | 0").first?.cells == ["", "0", "", "0"])
        #expect(LayoutReader.rows("\t\t规章\t0\t\t0").first?.cells == ["", "", "规章", "0", "", "0"])
        #expect(LayoutReader.rows("\t规章\n\t0\n\t\n\t0\n\n\t行政许可\n\t1").map(\.cells) == [["规章", "0", "", "0"], ["行政许可", "1"]])
    }

    @Test func markers() {
        #expect(LabelText.core(of: "（三）不予公开").marker == .paren(3))
        #expect(LabelText.core(of: "三、本年度办理结果").marker == .top(3))
        #expect(LabelText.core(of: "2. 其他法律行政").marker == .arabic(2))
        #expect(LabelText.core(of: "2. 其他法律行政").text == "其他法律行政")
        #expect(LabelText.core(of: "2020年本机关").marker == nil)
        #expect(LabelText.core(of: "一是加强学习").marker == nil)
        #expect(LabelText.core(of: "3.危及“三安全一稳定”").text == "危及三安全一稳定")
    }

    @Test func tolerantMatching() {
        #expect(LabelText.similarity("其他法律行政", "其他法律行政法规禁止公开") >= 0.8)
        #expect(LabelText.similarity("其他法律法规禁止公开", "其他法律行政法规禁止公开") >= 0.8)
        #expect(LabelText.similarity("保护第三方合法权意", "保护第三方合法权益") >= 0.8)
        #expect(LabelText.similarity("重复申请", "信访举报投诉类申请") < 0.7)
    }

    @Test func trailingValuesAndDigitRuns() {
        let split = CellReading.splitTrailingValues("(七)总计 3 0 0 0 0 0 3")
        #expect(split?.label == "(七)总计" && split?.values.count == 7)
        let glued = CellReading.splitTrailingValues("一、本年新收政府信息公开申请数量1000001")
        #expect(glued?.label == "一、本年新收政府信息公开申请数量")
        let splits = DigitRunSplitter.splits("120000012", count: 7) { $0[0..<6].reduce(0, +) == $0[6] }
        #expect(splits == [[12, 0, 0, 0, 0, 0, 12]])
    }
}

@Suite struct LinearRulesTests {
    @Test func singleUnknownIsSolvedAndZeroSumsSpread() {
        let rules = [SumRule(kind: .block(0), lhs: [0, 1, 2, 3], rhs: [4])]
        let one = LinearRules.propagate([1, nil, 2, 0, 5], rules: rules)
        #expect(one.values == [1, 2, 2, 0, 5] && one.inferred.members == [1] && one.violated.isEmpty)
        let zero = LinearRules.propagate([nil, nil, nil, nil, 0], rules: rules)
        #expect(zero.values == [0, 0, 0, 0, 0])
        let open = LinearRules.propagate([nil, nil, 0, 0, 3], rules: rules)
        #expect(open.values[0] == nil && open.values[1] == nil)
        let negative = LinearRules.propagate([4, nil, 0, 0, 3], rules: rules)
        #expect(negative.violated.count == 1 && negative.values[1] == nil)
    }
}

@Suite struct CatalogueTests {
    /// docs/findings.md is generated from the code; regenerate with `swift run gongkai catalogue > docs/findings.md`.
    @Test func documentationIsCurrent() throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let doc = try String(contentsOf: root.appendingPathComponent("docs/findings.md"), encoding: .utf8)
        #expect(doc == FindingCatalogue.markdown(), "docs/findings.md is stale: run `swift run gongkai catalogue > docs/findings.md`")
    }

    @Test func everyCodeIsDocumentedInBothLanguages() {
        for code in FindingCode.allCases {
            #expect(!code.meaning.isEmpty && !code.meaningZH.isEmpty && !code.example.isEmpty)
        }
        #expect(Set(FindingCode.allCases.map(\.rawValue)).count == FindingCode.allCases.count)
    }
}
