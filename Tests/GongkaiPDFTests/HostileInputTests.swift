import GongkaiReport
import GongkaiTestSupport
import Testing

@testable import GongkaiPDF

/// Damaged, encrypted, oversized and mutated files: a clear error or a document, never a
/// crash or a hang. (poppler is C: a crash would kill this process, which is why the daemon
/// runs readers in a child process.)
@Suite struct HostileInputTests {
    static func isBroken(_ error: DocumentReadError) -> Bool {
        if case .broken = error { return true }
        return false
    }

    static func isOverLimit(_ error: DocumentReadError) -> Bool {
        if case .overLimit = error { return true }
        return false
    }

    @Test func emptyAndGarbageAreBroken() {
        for bytes in [[], Array("%PDF-1.7\n".utf8), Array("hello, not a pdf".utf8), [UInt8](repeating: 0xFF, count: 4096)] {
            do {
                _ = try PDFReader.read(bytes)
                Issue.record("read \(bytes.count) bytes of garbage")
            } catch {
                #expect(Self.isBroken(error), "\(error)")
            }
        }
    }

    @Test func truncatedHalfIsBroken() throws {
        let bytes = try Fixtures.bytes("seed-001.pdf")
        do {
            _ = try PDFReader.read(Array(bytes.prefix(bytes.count / 2)))
            Issue.record("read half a PDF")
        } catch {
            #expect(Self.isBroken(error), "\(error)")
        }
    }

    @Test func brokenXrefIsRepaired() throws {
        // startxref points nowhere: poppler rebuilds the cross-reference table by scanning.
        var bytes = try Fixtures.bytes("seed-001.pdf")
        let marker = Array("startxref".utf8)
        let at = try #require((0...(bytes.count - marker.count)).last { bytes[$0..<($0 + marker.count)].elementsEqual(marker) })
        bytes = Array(bytes[..<at]) + Array("startxref\n99999999\n%%EOF\n".utf8)
        let document = try PDFReader.read(bytes)
        #expect(ReportEngine.evaluate(document: document).verdict() == .accepted)
    }

    @Test func userPasswordIsEncrypted() throws {
        #expect(throws: DocumentReadError.encrypted) { try PDFReader.read(Fixtures.bytes("encrypted.pdf")) }
        // An owner password alone (printing and copying restrictions) does not stop reading.
        let document = try PDFReader.read(Fixtures.bytes("owner-only.pdf"))
        #expect(TrapTests.rows(document).contains { $0.first == "（七）总计" })
    }

    @Test func morePagesThanTheLimit() throws {
        var limits = ReadLimits.standard
        limits.maxPages = 3
        let bytes = try Fixtures.bytes("seed-001.pdf")
        do {
            _ = try PDFReader.read(bytes, limits: limits)
            Issue.record("read 5 pages with a limit of 3")
        } catch {
            #expect(Self.isOverLimit(error), "\(error)")
        }
    }

    /// A page of 240 000 digits (a 3000 pt square page, 300 lines of 800): over the limit of
    /// characters per page.
    @Test func pageWithTooManyCharacters() {
        var content = "BT /F1 6 Tf\n"
        let line = String(repeating: "0123456789", count: 80)
        for k in 0..<300 { content += "1 0 0 1 10 \(2900 - k * 7) Tm (\(line)) Tj\n" }
        content += "ET"
        let bytes = Self.pdf(page: "/MediaBox [0 0 3000 3000]", content: content)
        do {
            _ = try PDFReader.read(bytes)
            Issue.record("read a page of 240000 characters")
        } catch {
            #expect(Self.isOverLimit(error), "\(error)")
        }
    }

    @Test func fileOverTheByteLimit() throws {
        var limits = ReadLimits.standard
        limits.maxExpandedBytes = 1000
        let bytes = try Fixtures.bytes("trap-split-table.pdf")
        do {
            _ = try PDFReader.read(bytes, limits: limits)
            Issue.record("read past the byte limit")
        } catch {
            #expect(Self.isOverLimit(error), "\(error)")
        }
    }

    /// Deterministic mutations (byte flips, truncations, zeroed and duplicated regions,
    /// changed digits, deletions) of a small PDF and of a corpus PDF: every one reads or
    /// fails with a ``DocumentReadError``, in bounded time.
    @Test(arguments: [("trap-split-table.pdf", 200), ("seed-001.pdf", 40)])
    func mutations(_ name: String, _ count: Int) throws {
        let base = try Fixtures.bytes(name)
        let clock = ContinuousClock()
        var slowest: Duration = .zero
        var read = 0
        var failed = 0
        for i in 0..<count {
            var rng = SplitMix64(seed: UInt64(i) &* 0x9E37_79B9_7F4A_7C15 &+ 1)
            let bytes = Self.mutate(base, &rng)
            let start = clock.now
            do {
                let document = try PDFReader.read(bytes)
                _ = DocumentText.render(document)
                read += 1
            } catch {
                failed += 1
            }
            let elapsed = clock.now - start
            slowest = max(slowest, elapsed)
            #expect(elapsed < .seconds(10), "\(name) mutation \(i) took \(elapsed)")
        }
        #expect(read + failed == count)
        #expect(read > 0)
    }

    static func mutate(_ base: [UInt8], _ rng: inout SplitMix64) -> [UInt8] {
        var b = base
        guard !b.isEmpty else { return b }
        switch rng.below(6) {
        case 0:
            for _ in 0..<(1 + rng.below(20)) { b[rng.below(b.count)] = UInt8(rng.below(256)) }
        case 1:
            b = Array(b.prefix(rng.below(b.count)))
        case 2:
            let at = rng.below(b.count)
            for k in at..<min(b.count, at + rng.below(4096)) { b[k] = 0 }
        case 3:
            let at = rng.below(b.count)
            let from = rng.below(b.count)
            b.insert(contentsOf: b[from..<min(b.count, from + rng.below(2048))], at: at)
        case 4:
            for _ in 0..<(1 + rng.below(8)) { b[rng.below(b.count)] = UInt8(0x30 + rng.below(10)) }
        default:
            let at = rng.below(b.count)
            b.removeSubrange(at..<min(b.count, at + rng.below(64)))
        }
        return b
    }

    /// A one-page PDF with Helvetica as /F1.
    static func pdf(page: String, content: String) -> [UInt8] {
        let objects = [
            "<< /Type /Catalog /Pages 2 0 R >>",
            "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            "<< /Type /Page /Parent 2 0 R \(page) /Resources << /Font << /F1 5 0 R >> >> /Contents 4 0 R >>",
            "<< /Length \(content.utf8.count) >>\nstream\n\(content)\nendstream",
            "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
        ]
        var out = Array("%PDF-1.4\n".utf8)
        var offsets: [Int] = []
        for (n, body) in objects.enumerated() {
            offsets.append(out.count)
            out += Array("\(n + 1) 0 obj\n\(body)\nendobj\n".utf8)
        }
        let xref = out.count
        out += Array("xref\n0 \(objects.count + 1)\n0000000000 65535 f \n".utf8)
        for o in offsets {
            let digits = String(o)
            out += Array((String(repeating: "0", count: 10 - digits.count) + digits + " 00000 n \n").utf8)
        }
        out += Array("trailer\n<< /Size \(objects.count + 1) /Root 1 0 R >>\nstartxref\n\(xref)\n%%EOF\n".utf8)
        return out
    }
}
