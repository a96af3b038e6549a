import Foundation
import GongkaiReaders
import GongkaiReport
import Testing

/// Format detection from the bytes, and the findings for files that cannot be read as a
/// report: each names the format and what to send instead.
struct FormatTests {
    static func fixture(_ name: String) throws -> [UInt8] {
        guard let url = Bundle.module.url(forResource: "Fixtures/" + name, withExtension: nil) else {
            throw FixtureMissing(name: name)
        }
        return [UInt8](try Data(contentsOf: url))
    }

    struct FixtureMissing: Error { var name: String }

    @Test func theFormatComesFromTheBytesNotTheName() throws {
        #expect(DocumentFormat.detect(try Self.fixture("seed-002.doc")) == .doc)
        #expect(DocumentFormat.detect(try Self.fixture("seed-003.odt")) == .odt)
        #expect(DocumentFormat.detect(Array("%PDF-1.7\n%âãÏÓ\n".utf8)) == .pdf)
        #expect(DocumentFormat.detect(Array("\u{FEFF}<!DOCTYPE html><html><body>年报</body></html>".utf8)) == .html)
        #expect(DocumentFormat.detect(Array("一、总体情况\n本年度…".utf8)) == .text)
        #expect(DocumentFormat.detect([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0]) == .image)
        #expect(DocumentFormat.detect([0xFF, 0xD8, 0xFF, 0xE0, 0, 0x10]) == .image)
        #expect(DocumentFormat.detect(Array("{\\rtf1\\ansi 年报}".utf8)) == .rtf)
        // A zip that is not an Office document: local header, then an unrelated entry name.
        #expect(DocumentFormat.detect([0x50, 0x4B, 0x03, 0x04] + [UInt8](repeating: 0, count: 26) + Array("photos/1.jpg".utf8)) == .zip)
        // A PDF with junk before its header (allowed in the first 1024 bytes).
        #expect(DocumentFormat.detect(Array("garbage\r\n%PDF-1.4\n".utf8)) == .pdf)
    }

    @Test(arguments: ["seed-002.doc", "seed-003.odt"])
    func oldWordAndODTAreRejectedAskingForDOCXOrPDF(_ name: String) throws {
        let outcome = DocumentEvaluator.evaluate(try Self.fixture(name))
        #expect(outcome.evaluation.verdict() == .rejected)
        let codes = outcome.evaluation.findings.map(\.code)
        #expect(codes == [.formatUnsupported])
        let finding = try #require(outcome.evaluation.findings.first)
        #expect(finding.messageZH.contains("请另存为 DOCX 或 PDF"))
        #expect(finding.messageEN.contains("DOCX or PDF"))
        #expect(finding.actual == outcome.format.rawValue)
    }

    @Test func anImageIsRejectedAskingForTheOriginal() {
        let outcome = DocumentEvaluator.evaluate([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A] + [UInt8](repeating: 7, count: 64))
        #expect(outcome.format == .image)
        #expect(outcome.evaluation.findings.map(\.code) == [.formatUnsupported])
        #expect(outcome.evaluation.findings.first?.messageZH.contains("PDF 或 DOCX") == true)
    }

    @Test func readErrorsBecomeFindingsThatSayWhatToSend() {
        let cases: [(DocumentReadError, FindingCode, String)] = [
            (.encrypted, .formatEncrypted, "未加密"),
            (.imageOnly(pages: 5), .formatImageOnly, "扫描件没有文字层"),
            (.broken("truncated central directory"), .documentUnreadable, "损坏"),
            (.overLimit("word/document.xml inflates past 256 MiB"), .documentUnreadable, "超出读取限制"),
        ]
        for (error, code, words) in cases {
            let outcome = DocumentEvaluator.evaluate([0x25, 0x50, 0x44, 0x46], format: .pdf, read: .failure(error))
            #expect(outcome.evaluation.findings.map(\.code) == [code], "\(error)")
            #expect(outcome.evaluation.findings.first?.messageZH.contains(words) == true, "\(error)")
            #expect(outcome.evaluation.verdict() == .rejected)
        }
    }

    @Test func aDocumentIsEvaluatedThroughItsTablesAndFindingsKnowTheirPage() throws {
        // The seed-001 text, put into a document: paragraphs on page 1, the tables on page 2.
        let text = String(decoding: try Self.fixtureSeed(), as: UTF8.self)
        var blocks: [Block] = []
        for (index, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            blocks.append(.paragraph(Paragraph(String(line), origin: Origin(page: index < 20 ? 1 : 2))))
        }
        let outcome = DocumentEvaluator.evaluate(Array("%PDF-".utf8), format: .pdf, read: .success(Document(format: .pdf, blocks: blocks)))
        #expect(outcome.evaluation.verdict() == .accepted)
        #expect(outcome.evaluation.report.table3 != nil)
        for finding in outcome.evaluation.findings where finding.location.line != nil {
            #expect(outcome.page(of: finding) != nil, "\(finding.code)")
        }
    }

    static func fixtureSeed() throws -> [UInt8] {
        let seeds = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("GongkaiReportTests/Fixtures/seeds")
        let name = try FileManager.default.contentsOfDirectory(atPath: seeds.path).first { $0.hasPrefix("001") } ?? ""
        return [UInt8](try Data(contentsOf: seeds.appendingPathComponent(name)))
    }
}
