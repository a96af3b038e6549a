import GongkaiCore
import Testing

@Suite struct FileNameTests {
    @Test func numberedKeepsTheExtension() {
        #expect(FileName("报告.pdf").numbered(2).display == "报告 (2).pdf")
        #expect(FileName("README").numbered(1).display == "README (1)")
        #expect(FileName(".hidden").numbered(1).display == ".hidden (1)")
    }

    @Test func longNamesStayWithinNameMaxWithoutSplittingACharacter() {
        let long = FileName(String(repeating: "报", count: 84) + ".pdf")  // 256 bytes
        for name in [long.numbered(7), long.reasonFileName, long.reasonFileName.requeuedAside(3)] {
            #expect(name.bytes.count <= NameRules.maxNameBytes)
            #expect(name.isValidUTF8)
        }
        #expect(long.reasonFileName.display.hasSuffix(".reason.txt"))
        #expect(long.reasonFileName.requeuedAside(1).display.hasSuffix(".requeued"))
        #expect(FileName("a.txt").reasonFileName.requeuedAside(2).display == "a.txt.reason.txt.requeued.2")
    }

    @Test func absolutePathsDropTrailingSlashesTheSameWayEverywhere() {
        #expect(DataRoot.absolute("data/", currentDirectory: "/srv/") == "/srv/data")
        #expect(DataRoot.absolute("/var/lib/gongkai//") == "/var/lib/gongkai")
        #expect(DataRoot.absolute("/") == "/")
        #expect(DataRoot.databasePath(root: "/srv/data/") == "/srv/data/state/gongkai.sqlite")
    }
}
