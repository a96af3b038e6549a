import Foundation
import GongkaiDOCX
import GongkaiReport
import GongkaiTestSupport
import Testing
import ZIPFoundation

/// Untrusted files: zip bombs, truncation, damage, encryption, DTDs, deep nesting and a
/// fuzz loop. Every input ends in a Document or a DocumentReadError, quickly.
@Suite struct HostileInputTests {
    typealias Z = MiniZip

    func outcome(_ bytes: [UInt8], limits: ReadLimits = .standard) -> Result<Document, DocumentReadError> {
        do {
            return .success(try DOCXReader.read(bytes, limits: limits))
        } catch {
            return .failure(error)
        }
    }

    func isOverLimit(_ r: Result<Document, DocumentReadError>) -> Bool {
        if case .failure(.overLimit) = r { return true }
        return false
    }

    func isBroken(_ r: Result<Document, DocumentReadError>) -> Bool {
        if case .failure(.broken) = r { return true }
        return false
    }

    func docx(withDocument entry: Z.Entry) -> [UInt8] {
        Z.zip([Z.Entry(name: "[Content_Types].xml", data: Array("<Types/>".utf8)), entry])
    }

    /// 2 MB of deflate data inflating to 310 MB, declared as 1000 bytes: stopped at the
    /// declared size, without inflating the rest.
    @Test(.timeLimit(.minutes(1))) func zipBombLyingAboutItsSize() {
        let bomb = Z.deflateBomb(blocks: 150_000)
        #expect(bomb.count < 2_000_000)
        let bytes = docx(withDocument: Z.Entry(name: "word/document.xml", data: bomb, method: 8, crc: 0, uncompressedSize: 1000))
        let clock = ContinuousClock()
        var result: Result<Document, DocumentReadError>?
        let elapsed = clock.measure { result = outcome(bytes) }
        #expect(result.map(isOverLimit) == true, "\(String(describing: result))")
        #expect(elapsed < .seconds(1))
    }

    /// The same bomb declaring its real size: stopped at the expansion limit before any
    /// inflating (the limit here is 64 MB).
    @Test func zipBombDeclaringItsSize() {
        let bomb = Z.deflateBomb(blocks: 150_000)
        let size = UInt32(1 + 258 * 8 * 150_000)
        let bytes = docx(withDocument: Z.Entry(name: "word/document.xml", data: bomb, method: 8, crc: 0, uncompressedSize: size))
        #expect(isOverLimit(outcome(bytes, limits: ReadLimits(maxExpandedBytes: 64 << 20))))
        #expect(isOverLimit(outcome(bytes, limits: ReadLimits(maxExpandedBytes: 1 << 20))))
    }

    /// An entry declaring 4 GB: refused from its declared size.
    @Test func entryDeclaringAHugeSize() {
        let bytes = docx(withDocument: Z.Entry(name: "word/document.xml", data: Z.deflateBomb(blocks: 10), method: 8, crc: 0, uncompressedSize: 0xFFFF_FFF0))
        #expect(isOverLimit(outcome(bytes)))
    }

    /// A deflate stream cut short while the directory is intact (the case that makes
    /// ZIPFoundation's own extract loop forever on Linux): broken, at once.
    @Test(.timeLimit(.minutes(1))) func deflateStreamThatNeverEnds() {
        let stream = Z.deflateBomb(blocks: 1000)
        let bytes = docx(
            withDocument: Z.Entry(
                name: "word/document.xml", data: Array(stream.prefix(stream.count / 2)), method: 8,
                crc: 0, uncompressedSize: UInt32(1 + 258 * 8 * 1000)))
        #expect(isBroken(outcome(bytes)))
        // A stored deflate block announcing 65535 bytes swallows the rest of the file and
        // asks for more: ZIPFoundation's Archive.extract waits for it forever.
        for declared: UInt32 in [100, 70_000] {
            let swallow = docx(
                withDocument: Z.Entry(
                    name: "word/document.xml", data: [0x00, 0xFF, 0xFF, 0x00, 0x00], method: 8,
                    crc: 0, uncompressedSize: declared))
            #expect(throws: DocumentReadError.self) { try DOCXReader.read(swallow) }
        }
    }

    @Test func truncatedDOCX() throws {
        let whole = try Corpus.bytes("seed-001.docx")
        for cut in [whole.count / 2, whole.count - 30, 100, 0] {
            #expect(isBroken(outcome(Array(whole.prefix(cut)))), "cut at \(cut)")
        }
    }

    @Test func notADOCX() {
        #expect(isBroken(outcome(Array("一、总体情况".utf8))))
        // An OLE compound file: Word 97-2003, or an encrypted Office file.
        let ole: [UInt8] = [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1] + [UInt8](repeating: 0, count: 504)
        #expect(isBroken(outcome(ole)))
        let encrypted = ole + "EncryptedPackage".utf16.flatMap { [UInt8($0 & 0xFF), UInt8($0 >> 8)] }
        #expect(outcome(encrypted) == .failure(.encrypted))
        // A zip without word/document.xml, and one whose entry is encrypted.
        #expect(isBroken(outcome(Z.zip([Z.Entry(name: "content.xml", data: Array("<x/>".utf8))]))))
    }

    @Test func encryptedZipEntry() {
        var bytes = Z.docx(body: Z.p("x"))
        // Set the encryption flag on every local and central header.
        for i in 0..<(bytes.count - 8) where bytes[i] == 0x50 && bytes[i + 1] == 0x4B && (bytes[i + 2] == 1 || bytes[i + 2] == 3) {
            bytes[i + (bytes[i + 2] == 1 ? 8 : 6)] |= 1
        }
        #expect(outcome(bytes) == .failure(.encrypted))
    }

    /// A DTD could define entities (billion laughs) or fetch files: refused.
    @Test func documentTypeDeclarationsAreRefused() {
        let laughs = """
            <?xml version="1.0"?><!DOCTYPE w:document [<!ENTITY a "ha"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">\
            <!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;"><!ENTITY x SYSTEM "file:///etc/passwd">]>\
            <w:document xmlns:w="\(Z.wordNamespace)"><w:body><w:p><w:r><w:t>&c;&x;</w:t></w:r></w:p></w:body></w:document>
            """
        #expect(isBroken(outcome(Z.docx(documentXML: Array(laughs.utf8)))))
        let utf16 = Array("<?xml version=\"1.0\" encoding=\"UTF-16\"?><!DOCTYPE x [<!ENTITY a \"b\">]><x>&a;</x>".utf16)
            .flatMap { [UInt8($0 & 0xFF), UInt8($0 >> 8)] }
        #expect(isBroken(outcome(Z.docx(documentXML: [0xFF, 0xFE] + utf16))))
        #expect(isBroken(outcome(Z.docx(documentXML: Array(utf16)))))
        // Encodings no Office file uses (UCS-4, EBCDIC) are refused before parsing.
        let ucs4: [UInt8] = "<x/>".unicodeScalars.flatMap { scalar -> [UInt8] in [UInt8(truncatingIfNeeded: scalar.value), 0, 0, 0] }
        #expect(isBroken(outcome(Z.docx(documentXML: ucs4))))
        #expect(isBroken(outcome(Z.docx(documentXML: [0x4C, 0x6F, 0xA7, 0x94, 0x93, 0x40]))))
    }

    @Test func malformedXML() {
        #expect(isBroken(outcome(Z.docx(documentXML: Array("<w:document><w:body><w:p>".utf8)))))
        #expect(isBroken(outcome(Z.docx(documentXML: []))))
        #expect(isBroken(outcome(Z.docx(documentXML: Array("<x/>".utf8)))))  // no w:body
    }

    @Test func deepNesting() {
        // Deeper than libxml2's own XML limit (256).
        let deep = String(repeating: "<w:sdt><w:sdtContent>", count: 300) + Z.p("x") + String(repeating: "</w:sdtContent></w:sdt>", count: 300)
        #expect(isOverLimit(outcome(Z.docx(body: deep))))
        // Deeper than the caller's limit.
        let shallow = String(repeating: "<w:sdt><w:sdtContent>", count: 20) + Z.p("x") + String(repeating: "</w:sdtContent></w:sdt>", count: 20)
        #expect(isOverLimit(outcome(Z.docx(body: shallow), limits: ReadLimits(maxDepth: 30))))
        #expect(!isOverLimit(outcome(Z.docx(body: shallow))))
    }

    @Test func tooManyBlocks() {
        let body = String(repeating: Z.p("段落"), count: 50)
        #expect(isOverLimit(outcome(Z.docx(body: body), limits: ReadLimits(maxBlocks: 20))))
        #expect((try? DOCXReader.read(Z.docx(body: body), limits: ReadLimits(maxBlocks: 50)))?.blocks.count == 50)
    }

    /// Random damage to a real DOCX at the byte level (mostly caught by the zip and CRC
    /// checks; some reach the XML): no crash, no hang, a Document or a DocumentReadError.
    @Test(.timeLimit(.minutes(1))) func fuzzedCorpusDOCX() throws {
        let original = try Corpus.bytes("seed-001.docx")
        var random = SplitMix64(seed: 0x601D_CA11)
        var outcomes: [String: Int] = [:]
        for _ in 0..<150 {
            let bytes = Self.mutate(original, &random)
            switch outcome(bytes) {
            case .success: outcomes["read", default: 0] += 1
            case .failure(let error): outcomes[String(describing: error).prefix(12).description, default: 0] += 1
            }
        }
        #expect(outcomes.values.reduce(0, +) == 150)
        print("fuzzedCorpusDOCX outcomes: \(outcomes.sorted { $0.key < $1.key })")
        #expect(outcomes["read", default: 0] >= 5, "\(outcomes)")
    }

    /// The table markup of a real DOCX scrambled while the XML stays well-formed (merge
    /// marks, spans and values swapped at random), plus raw damage to the XML, re-zipped
    /// with a right CRC: the body walk and the merge resolution meet every combination.
    @Test(.timeLimit(.minutes(1))) func fuzzedDocumentXML() throws {
        let archive = try Archive(data: Data(try Corpus.bytes("seed-001.docx")), accessMode: .read)
        let entry = try #require(archive["word/document.xml"])
        var data = Data()
        _ = try archive.extract(entry) { data.append($0) }
        let xml = String(decoding: data, as: UTF8.self)
        let values = ["restart", "continue", "0", "-1", "1", "2", "7", "99999", "", "true", "off", "x"]
        let inserts = [
            "<w:vMerge/>", "<w:vMerge w:val=\"restart\"/>", "<w:gridSpan w:val=\"3\"/>", "<w:hMerge/>",
            "<w:hMerge w:val=\"restart\"/>", "<w:gridSpan w:val=\"0\"/>", "<w:gridSpan w:val=\"100000\"/>",
        ]
        let valueRanges = Self.ranges(of: "w:val=\"", in: xml)
        let properties = Self.ranges(of: "<w:tcPr>", in: xml)
        var random = SplitMix64(seed: 0xD0C5)
        var read = 0
        var failed = 0
        for round in 0..<30 {
            var text = xml
            // From the end, so earlier offsets stay valid.
            var edits: [(Range<String.Index>, String)] = []
            for _ in 0..<(1 + random.next() % 12) {
                if random.next() % 2 == 0, let at = valueRanges.randomElement(using: &random) {
                    let end = text[at.upperBound...].firstIndex(of: "\"") ?? at.upperBound
                    edits.append((at.upperBound..<end, values.randomElement(using: &random) ?? ""))
                } else if let at = properties.randomElement(using: &random) {
                    edits.append((at.upperBound..<at.upperBound, inserts.randomElement(using: &random) ?? ""))
                }
            }
            var seen = Set<String.Index>()
            for (range, replacement) in edits.sorted(by: { $0.0.lowerBound > $1.0.lowerBound }) where seen.insert(range.lowerBound).inserted {
                text.replaceSubrange(range, with: replacement)
            }
            var bytes = Array(text.utf8)
            if round % 5 == 0 { bytes = Self.mutate(bytes, &random) }
            switch outcome(Z.docx(documentXML: bytes)) {
            case .success(let document):
                read += 1
                _ = ReportEngine.evaluate(document: document)
            case .failure: failed += 1
            }
        }
        #expect(read + failed == 30)
        #expect(read >= 18)
    }

    static func mutate(_ original: [UInt8], _ random: inout SplitMix64) -> [UInt8] {
        var bytes = original
        switch random.next() % 4 {
        case 0, 1:
            for _ in 0...(random.next() % 8) {
                let at = Int(random.next() % UInt64(bytes.count))
                bytes[at] = UInt8(truncatingIfNeeded: random.next())
            }
        case 2:
            let at = Int(random.next() % UInt64(bytes.count))
            bytes.removeSubrange(at..<min(bytes.count, at + Int(random.next() % 64)))
        default:
            let at = Int(random.next() % UInt64(bytes.count))
            let chunk = bytes[at..<min(bytes.count, at + Int(random.next() % 512))]
            bytes.insert(contentsOf: chunk, at: Int(random.next() % UInt64(bytes.count)))
        }
        return bytes
    }

    static func ranges(of needle: String, in text: String) -> [Range<String.Index>] {
        var out: [Range<String.Index>] = []
        var from = text.startIndex
        while let r = text.range(of: needle, range: from..<text.endIndex) {
            out.append(r)
            from = r.upperBound
        }
        return out
    }
}
