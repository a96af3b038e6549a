import Foundation
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// Hostile and broken documents dropped into the inbox: each is rejected with a reason a
/// clerk can read (or, when the reader can repair it, judged like the original), the daemon
/// stays up, and its memory stays bounded.
extension DaemonIntegrationTests {
    static let hostile = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("Fixtures/hostile")

    static func hostileFile(_ name: String) throws -> [UInt8] {
        [UInt8](try Data(contentsOf: hostile.appendingPathComponent(name)))
    }

    @Test func hostileDocumentsAreRejectedWithReasonsAndTheDaemonStaysSmall() throws {
        let root = try TestRoot()
        let daemon = try DaemonProcess(root: root)
        #expect(waitFor(timeout: 10) { daemon.log.contains("ready") })
        let pdf = try Self.hostileFile("seed-003.pdf")
        let docx = try Self.hostileFile("seed-003.docx")
        let nested = "<html><body>" + String(repeating: "<div>", count: 10_000) + "一、总体情况" + String(repeating: "</div>", count: 10_000) + "</body></html>"
        // name → the error codes it may be rejected with (empty: judged like the original).
        let files: [(String, [UInt8], Set<String>)] = [
            ("zip-bomb.docx", try Self.hostileFile("zip-bomb.docx"), ["DOCUMENT_UNREADABLE"]),
            ("encrypted.pdf", try Self.hostileFile("encrypted.pdf"), ["FORMAT_ENCRYPTED"]),
            ("scanned.pdf", try Self.hostileFile("seed-001-scanned.pdf"), ["FORMAT_IMAGE_ONLY"]),
            ("truncated.pdf", Array(pdf.prefix(pdf.count / 2)), ["DOCUMENT_UNREADABLE", "NOT_A_REPORT", "T3_MISSING", "T4_MISSING"]),
            ("truncated.docx", Array(docx.prefix(docx.count / 2)), ["DOCUMENT_UNREADABLE"]),
            ("nested.html", Array(nested.utf8), ["DOCUMENT_UNREADABLE", "NOT_A_REPORT"]),
        ]
        try root.dropBurst(files.map { ($0.0, $0.1) })
        try root.drop("repairable.pdf", try Self.hostileFile("broken-xref.pdf"))
        #expect(try waitFor(timeout: 120) { try root.doneCount() == files.count + 1 }, "log:\n\(daemon.log.suffix(3000))")
        for (name, _, allowed) in files {
            let rows = try root.rows("SELECT id, verdict FROM reports WHERE file_name = ?", [name])
            #expect(rows.first?["verdict"] as String? == "rejected", "\(name)")
            guard let id: Int64 = rows.first?["id"] else { continue }
            let codes = Set(try root.rows("SELECT code FROM findings WHERE report_id = ? AND severity = 'error'", [id]).map { $0["code"] as String })
            #expect(!codes.isEmpty && codes.isSubset(of: allowed), "\(name): \(codes)")
            let reason = root.read(root.rejected + "/\(name).reason.txt")
            #expect(reason.contains("错误 error"), "\(name): a reason a clerk can read")
        }
        // A PDF whose cross-reference table is wrecked is rebuilt by poppler: judged as the original.
        #expect(try root.rows("SELECT verdict FROM reports WHERE file_name = 'repairable.pdf'").first?["verdict"] as String? == "accepted")
        #expect(daemon.isRunning)
        let peak = Self.peakResidentKiB(daemon.pid)
        print("hostile documents: daemon peak RSS \(peak / 1024) MiB")
        #expect(peak > 0 && peak < 200 * 1024, "peak RSS \(peak) KiB")
        #expect(daemon.terminate().status == 0)
    }

    /// VmHWM of a process, in KiB (0 when unknown).
    static func peakResidentKiB(_ pid: Int32) -> Int {
        guard let status = try? String(contentsOfFile: "/proc/\(pid)/status", encoding: .utf8) else { return 0 }
        for line in status.split(separator: "\n") where line.hasPrefix("VmHWM:") {
            return Int(line.split(separator: " ", omittingEmptySubsequences: true).dropFirst().first ?? "") ?? 0
        }
        return 0
    }
}
