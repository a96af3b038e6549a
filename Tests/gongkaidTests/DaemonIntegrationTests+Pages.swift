import Foundation
import Testing

/// The pages a person looks at, made by the real daemon and CLI.
extension DaemonIntegrationTests {
    /// A rejected seed gets `NAME.reason.html` beside `NAME.reason.txt`: self-contained, with
    /// the cells its findings name marked; an accepted one gets neither.
    @Test func aRejectedFileGetsAReasonPageWithItsCellsMarked() throws {
        let root = try TestRoot()
        let daemon = try DaemonProcess(root: root)
        #expect(waitFor(timeout: 10) { daemon.log.contains("ready") })
        try root.drop("bad.txt", Seeds.rejected002)
        try root.drop("good.txt", Seeds.accepted001)
        #expect(try waitFor(timeout: 30) { try root.doneCount() == 2 }, "log:\n\(daemon.log.suffix(2000))")
        let page = root.read(root.rejected + "/bad.txt.reason.html")
        #expect(page.hasPrefix("<!DOCTYPE html>") || page.hasPrefix("<!doctype html>"), "\(page.prefix(200))")
        #expect(page.contains("<meta charset=\"utf-8\">"))
        #expect(!page.contains("<script") && !page.contains("http://") && !page.contains("https://"))
        #expect(page.contains("T3_BLANK_UNRECOVERABLE") && page.contains("mark-error"))
        #expect(root.names(in: root.rejected) == ["bad.txt", "bad.txt.reason.html", "bad.txt.reason.txt"])
        #expect(!FileManager.default.fileExists(atPath: root.accepted + "/good.txt.reason.html"))
        #expect(daemon.terminate().status == 0)

        // The report page over the same database.
        let output = root.base + "/report.html"
        let written = try runCLI(["report", "--database", root.database, "--html", output])
        #expect(written.status == 0, "\(written.output)")
        let report = root.read(output)
        #expect(report.contains("bad.txt") && report.contains("good.txt") && report.contains("<svg"))
        #expect(!report.contains("<script"))
    }
}
