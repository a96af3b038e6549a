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
        // Two reports: every table drawn by default; `--tables none` gives each a line of totals instead.
        #expect(written.output.contains("(tables: all)"), "\(written.output)")
        #expect(!report.contains("表三总计 Table 3 totals:"))
        let light = try runCLI(["report", "--database", root.database, "--html", output, "--tables", "none"])
        #expect(light.status == 0 && light.output.contains("(tables: none)"), "\(light.output)")
        #expect(root.read(output).components(separatedBy: "表三总计 Table 3 totals:").count == 3)
        #expect(root.read(output).utf8.count < report.utf8.count)
    }

    /// The daemon keeps `ROOT/report.html` current: a page at start, and a new one once the
    /// inbox is quiet after reports were stored (the same page `gongkai report` writes,
    /// replaced whole); `--no-report-page` turns it off.
    @Test func theDaemonRefreshesTheReportPageAfterABatch() throws {
        let root = try TestRoot()
        let page = root.root + "/report.html"
        let daemon = try DaemonProcess(root: root)
        #expect(waitFor(timeout: 10) { daemon.log.contains("ready") })
        // The page at start: an empty database.
        #expect(waitFor(timeout: 20) { daemon.log.components(separatedBy: "event=report_page ").count == 2 }, "log:\n\(daemon.log.suffix(2000))")
        #expect(root.read(page).contains("0 reports"))
        try root.drop("bad.txt", Seeds.rejected002)
        try root.drop("good.txt", Seeds.accepted001)
        #expect(try waitFor(timeout: 30) { try root.doneCount() == 2 }, "log:\n\(daemon.log.suffix(2000))")
        #expect(waitFor(timeout: 20) { daemon.log.components(separatedBy: "event=report_page ").count >= 3 }, "log:\n\(daemon.log.suffix(2000))")
        let written = root.read(page)
        #expect(written.contains("bad.txt") && written.contains("good.txt") && written.contains("<svg") && written.hasSuffix("</html>\n"))
        #expect(!written.contains("<script"))
        // The page and nothing else: no partial file beside it.
        #expect(root.names(in: root.root) == ["accepted", "gongkaid.lock", "inbox", "rejected", "report.html", "work"])
        #expect(daemon.terminate().status == 0)

        let quiet = try TestRoot()
        let off = try DaemonProcess(root: quiet, arguments: ["--no-report-page"])
        #expect(waitFor(timeout: 10) { off.log.contains("ready") })
        try quiet.drop("good.txt", Seeds.accepted001)
        #expect(try waitFor(timeout: 30) { try quiet.doneCount() == 1 }, "log:\n\(off.log.suffix(2000))")
        // Longer than the quiet time after which the page would have been written (2 s).
        #expect(!waitFor(timeout: 5) { FileManager.default.fileExists(atPath: quiet.root + "/report.html") })
        #expect(off.terminate().status == 0)
        #expect(!off.log.contains("event=report_page"))
    }
}
