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
    @Test(.faultHooks) func aReaderThatCrashesOrHangsCostsTheFileNotTheDaemon() throws {
        let root = try TestRoot()
        let daemon = try DaemonProcess(
            root: root, arguments: ["--reader-deadline-seconds", "2"],
            environment: [
                "GONGKAID_TEST_READER_CRASH_MARKER": "READER-CRASH-3c1",
                "GONGKAID_TEST_READER_HANG_MARKER": "READER-HANG-3c1",
            ])
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

extension DaemonIntegrationTests {
    /// The corpus through the daemon: every labelled DOCX, PDF, DOC, ODT and scanned file
    /// kept in the repository lands in the folder its label says, and the database holds
    /// exactly the Table 3 and Table 4 values `gongkai check --json` prints for it.
    @Test func theCorpusThroughTheDaemonMatchesTheChecker() throws {
        let tests = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        let folders = ["GongkaiReadersTests", "GongkaiDOCXTests", "GongkaiPDFTests"].map { tests.appendingPathComponent($0 + "/Fixtures") }
        let labelsData = try Data(contentsOf: folders[0].appendingPathComponent("expected.json"))
        let labels = try #require(try JSONSerialization.jsonObject(with: labelsData) as? [String: Any])
        var files: [(name: String, path: URL, verdict: String)] = []
        for (name, value) in labels where !name.hasPrefix("_") {
            guard let verdict = (value as? [String: Any])?["verdict"] as? String,
                let path = folders.map({ $0.appendingPathComponent(name) }).first(where: { FileManager.default.fileExists(atPath: $0.path) })
            else { continue }
            let optional = name.hasSuffix(".doc") || name.hasSuffix(".odt") || name.contains("scanned")
            files.append((name, path, optional ? "rejected" : verdict))
        }
        #expect(files.count >= 20)
        let root = try TestRoot()
        let daemon = try DaemonProcess(root: root)
        #expect(waitFor(timeout: 10) { daemon.log.contains("ready") })
        try root.dropBurst(try files.map { ($0.name, [UInt8](try Data(contentsOf: $0.path))) })
        #expect(try waitFor(timeout: 120) { try root.doneCount() == files.count }, "log:\n\(daemon.log.suffix(3000))")
        // The crawled page is a known gap of the text reader (GongkaiReadersTests.CorpusTests.knownGaps).
        let knownWrongVerdicts: Set<String> = []
        for file in files {
            let rows = try root.rows("SELECT id, verdict, format FROM reports WHERE file_name = ?", [file.name])
            guard let row = rows.first else { Issue.record("\(file.name) has no row"); continue }
            if !knownWrongVerdicts.contains(file.name) {
                #expect(row["verdict"] as String == file.verdict, "\(file.name)")
            }
            let check = try runCheck(file.path.path)
            #expect(check["verdict"] as? String == row["verdict"] as String, "\(file.name): the daemon and the checker agree")
            #expect(check["format"] as? String == row["format"] as String?, "\(file.name)")
            let id: Int64 = row["id"]
            let stored = try root.rows(
                "SELECT tbl, row_index, column_index, value FROM cells WHERE report_id = ? AND tbl IN ('t3','t4') ORDER BY tbl, row_index, column_index", [id])
            var fromDatabase: [String] = []
            for cell in stored {
                let value: Int? = cell["value"]
                fromDatabase.append("\(cell["tbl"] as String)/\(cell["row_index"] as Int)/\(cell["column_index"] as Int)=\(value.map(String.init) ?? "-")")
            }
            let tables = check["tables"] as? [String: Any] ?? [:]
            var fromCheck: [String] = []
            for (r, row) in ((tables["t3"] as? [[String: Any]]) ?? []).enumerated() {
                for (c, value) in ((row["values"] as? [Any]) ?? []).enumerated() {
                    fromCheck.append("t3/\(r)/\(c)=\((value as? Int).map(String.init) ?? "-")")
                }
            }
            for (c, value) in (((tables["t4"] as? [String: Any])?["values"] as? [Any]) ?? []).enumerated() {
                fromCheck.append("t4/0/\(c)=\((value as? Int).map(String.init) ?? "-")")
            }
            #expect(fromDatabase == fromCheck, "\(file.name)")
        }
        #expect(daemon.terminate().status == 0)
    }
}
