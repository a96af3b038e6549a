import Foundation
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// Documents (PDF, DOCX, HTML) are read in a child process: a reader that crashes or
/// hangs on a hostile file costs that file a rejection, never the daemon.
extension DaemonIntegrationTests {
    /// A PDF-looking file whose reading crashes the reader child, one whose reading never
    /// ends, and a good text report after them: two rejections with reasons, one
    /// acceptance, the same daemon process throughout.
    @Test func aReaderThatCrashesOrHangsCostsTheFileNotTheDaemon() throws {
        let root = try TestRoot()
        let daemon = try DaemonProcess(root: root, arguments: ["--reader-deadline-seconds", "2"],
                                       environment: ["GONGKAID_TEST_READER_CRASH_MARKER": "READER-CRASH-3c1",
                                                     "GONGKAID_TEST_READER_HANG_MARKER": "READER-HANG-3c1"])
        #expect(waitFor(timeout: 10) { daemon.log.contains("ready") })
        try root.drop("crashes.pdf", Array("%PDF-1.4\n1 0 obj READER-CRASH-3c1 endobj\n%%EOF\n".utf8))
        try root.drop("hangs.pdf", Array("%PDF-1.4\n1 0 obj READER-HANG-3c1 endobj\n%%EOF\n".utf8))
        try root.drop("good.txt", Seeds.variant(900))
        #expect(try waitFor(timeout: 30) { try root.doneCount() == 3 }, "log:\n\(daemon.log)")
        #expect(root.acceptedFiles == ["good.txt"])
        #expect(root.rejectedFiles == ["crashes.pdf", "hangs.pdf"])
        let rows = try root.rows("SELECT file_name, format FROM reports ORDER BY file_name")
        #expect(rows.map { $0["format"] as String? } == ["pdf", "text", "pdf"])
        #expect(try root.count("SELECT count(*) FROM findings WHERE code = 'DOCUMENT_UNREADABLE'") == 2)
        #expect(root.read(root.rejected + "/crashes.pdf.reason.txt").contains("DOCUMENT_UNREADABLE"))
        #expect(root.read(root.rejected + "/hangs.pdf.reason.txt").contains("longer than 2 s"))
        #expect(daemon.isRunning)
        #expect(daemon.terminate().status == 0)
    }
}
