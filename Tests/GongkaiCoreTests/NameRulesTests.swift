import GongkaiCore
import Testing

@testable import GongkaiCore

struct NameRulesTests {
    @Test(arguments: [".hidden", ".报告.txt", "upload.part", "UPLOAD.PART", "x.tmp", "report.txt.crdownload", "backup~", "~$lock.docx"])
    func temporaryAndHiddenNamesAreIgnored(_ name: String) {
        #expect(FileName(name).isIgnored)
    }

    @Test(arguments: ["某局2023年报.txt", "report.txt", "a~b.txt", "~report.txt", "part", "x.partial.txt", "tmp"])
    func ordinaryNamesAreArrivals(_ name: String) {
        #expect(!FileName(name).isIgnored)
    }

    @Test func collisionNamesNumberBeforeTheExtension() {
        #expect(FileName("年报.txt").numbered(1).display == "年报 (1).txt")
        #expect(FileName("a.tar.gz").numbered(2).display == "a.tar (2).gz")
        #expect(FileName("README").numbered(3).display == "README (3)")
        #expect(FileName("x.txt").numbered(0).display == "x.txt")
        #expect(FileName("x.txt").reasonFileName.display == "x.txt.reason.txt")
    }

    @Test func longNamesStayWithinTheLimitWithoutSplittingCharacters() {
        let long = FileName(String(repeating: "报", count: 84) + ".txt")  // 256 bytes
        let numbered = long.numbered(12)
        #expect(numbered.bytes.count <= 255)
        #expect(numbered.isValidUTF8)
        #expect(numbered.display.hasSuffix(" (12).txt"))
        #expect(long.reasonFileName.bytes.count <= 255)
        #expect(long.reasonFileName.isValidUTF8)
    }

    @Test func nonUTF8NamesAreDetectedAndKeptAsBytes() {
        let name = FileName(bytes: Array("a".utf8) + [0xFF, 0xFE] + Array(".txt".utf8))
        #expect(!name.isValidUTF8)
        #expect(name.display == "a\u{FFFD}\u{FFFD}.txt")
        #expect(name.numbered(1).bytes == Array("a".utf8) + [0xFF, 0xFE] + Array(" (1).txt".utf8))
        #expect(FileName("年报.txt").isValidUTF8)
    }
}
