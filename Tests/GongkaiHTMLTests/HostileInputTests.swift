import Foundation
import GongkaiHTML
import GongkaiReport
import GongkaiTestSupport
import Testing

/// Untrusted pages: garbage, damage, limits. Bad markup never fails; only limits do.
@Suite struct HostileInputTests {
    func outcome(_ bytes: [UInt8], limits: ReadLimits = .standard) -> Result<Document, DocumentReadError> {
        do {
            return .success(try HTMLReader.read(bytes, limits: limits))
        } catch {
            return .failure(error)
        }
    }

    func isOverLimit(_ r: Result<Document, DocumentReadError>) -> Bool {
        if case .failure(.overLimit) = r { return true }
        return false
    }

    @Test func emptyAndBinaryInput() throws {
        #expect(try HTMLReader.read([]).blocks.isEmpty)
        var random = SplitMix64(seed: 7)
        let garbage = (0..<100_000).map { _ in UInt8(truncatingIfNeeded: random.next()) }
        #expect(throws: Never.self) { try HTMLReader.read(garbage) }
        #expect(throws: Never.self) { try HTMLReader.read([UInt8](repeating: 0, count: 10_000)) }
        #expect(throws: Never.self) { try HTMLReader.read(Array("<".utf8) + [UInt8](repeating: 0x3C, count: 50_000)) }
    }

    @Test func limits() {
        let page = Array(("<p>段落</p>" + String(repeating: "<p>段落</p>", count: 200)).utf8)
        #expect(isOverLimit(outcome(page, limits: ReadLimits(maxBlocks: 100))))
        #expect(isOverLimit(outcome(page, limits: ReadLimits(maxExpandedBytes: 1000))))
        let cells = Array(("<table>" + String(repeating: "<tr>" + String(repeating: "<td>0</td>", count: 50) + "</tr>", count: 50) + "</table>").utf8)
        #expect(isOverLimit(outcome(cells, limits: ReadLimits(maxBlocks: 2000))))
        if case .success(let document) = outcome(cells) {
            #expect(document.blocks.count == 1)
        } else {
            Issue.record("a 50×50 table should read")
        }
    }

    /// A GB18030 page grows by half as UTF-8: the limit is checked after conversion too.
    @Test func limitCountsTheConvertedPage() throws {
        let text = "<meta charset=gbk><p>" + String(repeating: "报告", count: 1000) + "</p>"
        let bytes = Array(try #require(text.data(using: String.Encoding(rawValue: 0x8000_0632))))
        #expect(bytes.count < 5000)
        #expect(isOverLimit(outcome(bytes, limits: ReadLimits(maxExpandedBytes: 5000))))
    }

    static let tags = ["<table>", "<td rowspan=9>", "</tr>", "<![if x]>", "<tr>", "<td colspan=0>", "</table>", "<div>", "<br>", "</td>"]

    /// Random damage to the corpus pages (plain and Word's): never a crash or a hang,
    /// always a Document.
    @Test(.timeLimit(.minutes(1))) func fuzzedPages() throws {
        let sources = [try Corpus.bytes("seed-001.html"), try Corpus.bytes("seed-002-word.html")]
        var random = SplitMix64(seed: 0x47F1)
        var read = 0
        for round in 0..<60 {
            var bytes = sources[round % 4 == 0 ? 1 : 0]
            for _ in 0...(random.next() % 16) {
                let at = Int(random.next() % UInt64(bytes.count))
                switch random.next() % 4 {
                case 0: bytes[at] = UInt8(truncatingIfNeeded: random.next())
                case 1: bytes.removeSubrange(at..<min(bytes.count, at + Int(random.next() % 200)))
                case 2: bytes.insert(contentsOf: Array(Self.tags[Int(random.next() % UInt64(Self.tags.count))].utf8), at: at)
                default: bytes.insert(contentsOf: bytes[at..<min(bytes.count, at + Int(random.next() % 300))], at: Int(random.next() % UInt64(bytes.count)))
                }
            }
            if case .success(let document) = outcome(bytes) {
                read += 1
                _ = ReportEngine.evaluate(document: document)
            }
        }
        #expect(read == 60)
    }
}
