import Foundation
import GRDB
import GongkaiStore
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// End-to-end tests of the real `gongkaid` binary: each starts it as a subprocess on a
/// fresh temporary root, drops files, polls the folders and the database (read-only)
/// with deadlines, and stops it. Serialized: the machine has two cores and every test
/// runs a daemon.
@Suite(.serialized)
struct DaemonIntegrationTests {
    /// Issue test 1: the five seeds land in the right folders, and the database holds
    /// exactly the Table 3 and Table 4 cells that `gongkai check --json` prints.
    @Test func seedsLandInTheRightFoldersWithTheCheckersCells() throws {
        let root = try TestRoot()
        let daemon = try DaemonProcess(root: root)
        #expect(Seeds.names.count == 5)
        try root.dropBurst(Seeds.names.map { ($0, Seeds.bytes($0)) })
        #expect(try waitFor(timeout: 30) { try root.doneCount() == 5 }, "log:\n\(daemon.log)")

        let expected = ["000": "accepted", "001": "accepted", "002": "rejected", "003": "accepted", "004": "accepted"]
        for name in Seeds.names {
            let verdict = expected[String(name.prefix(3))] ?? "?"
            let folder = verdict == "accepted" ? root.acceptedFiles : root.rejectedFiles
            #expect(folder.contains(name), "\(name) should be in \(verdict)/")
            let rows = try root.rows("SELECT * FROM reports WHERE file_name = ?", [name])
            #expect(rows.count == 1)
            guard let row = rows.first else { continue }
            #expect(row["verdict"] as String == verdict)
            #expect(row["final_path"] as String == "\(verdict)/\(name)")
            let id: Int64 = row["id"]

            // The checker's view of the same file.
            let check = try runCheck(Seeds.directory.appendingPathComponent(name).path)
            #expect(check["verdict"] as? String == verdict)
            #expect(check["sha256"] as? String == row["sha256"] as String?)
            let tables = check["tables"] as? [String: Any] ?? [:]
            let t3 = tables["t3"] as? [[String: Any]] ?? []
            let stored = try root.rows(
                "SELECT tbl, row_index, column_index, value, inferred FROM cells WHERE report_id = ? AND tbl IN ('t3','t4') ORDER BY tbl, row_index, column_index",
                [id])
            var t3Stored: [Int: [Int: (Int?, Bool)]] = [:]
            var t4Stored: [Int: (Int?, Bool)] = [:]
            for cell in stored {
                let value: Int? = cell["value"]
                let inferred: Bool = cell["inferred"]
                if cell["tbl"] as String == "t3" {
                    t3Stored[cell["row_index"], default: [:]][cell["column_index"]] = (value, inferred)
                } else {
                    t4Stored[cell["column_index"]] = (value, inferred)
                }
            }
            #expect(t3Stored.count == t3.count, "\(name): t3 rows")
            for (r, checkRow) in t3.enumerated() {
                let values = checkRow["values"] as? [Any] ?? []
                let inferred = checkRow["inferred"] as? [Bool] ?? []
                #expect(values.count == 7)
                for (c, v) in values.enumerated() {
                    let want = v as? Int
                    let got = t3Stored[r]?[c]
                    #expect(got?.0 == want, "\(name) t3[\(r)][\(c)]: db \(String(describing: got?.0)) check \(String(describing: want))")
                    #expect(got?.1 == (c < inferred.count ? inferred[c] : false))
                }
            }
            if let t4 = tables["t4"] as? [String: Any] {
                let values = t4["values"] as? [Any] ?? []
                #expect(values.count == 15)
                #expect(t4Stored.count == values.count)
                for (c, v) in values.enumerated() {
                    #expect(t4Stored[c]?.0 == v as? Int, "\(name) t4[\(c)]")
                }
            } else {
                #expect(t4Stored.isEmpty)
            }
            let findings = try root.count("SELECT count(*) FROM findings WHERE report_id = ?", [id])
            #expect(findings == (check["findings"] as? [Any])?.count)
        }
        #expect(root.names(in: root.rejected).contains { $0.hasPrefix("002") && $0.hasSuffix(".reason.txt") })
        #expect(root.inboxNames.isEmpty && root.workNames.isEmpty)
        let stop = daemon.terminate()
        #expect(stop.status == 0)
    }

    /// Runs `gongkai check --json FILE` and parses its one JSON object.
    func runCheck(_ path: String) throws -> [String: Any] {
        let output = try Subprocess.run(DaemonProcess.checkPath, ["check", "--json", path])
        return (try JSONSerialization.jsonObject(with: output.stdoutBytes)) as? [String: Any] ?? [:]
    }

    /// Issue test 2: a writer that writes half, pauses longer than the settle time with the
    /// file still open, then writes the rest: processed once, whole.
    @Test func slowWriterIsProcessedOnceWhole() throws {
        let root = try TestRoot()
        let daemon = try DaemonProcess(root: root, arguments: ["--settle-no-close-ms", "3000"])
        #expect(waitFor(timeout: 10) { daemon.log.contains("ready") })
        let bytes = Seeds.accepted001
        let half = bytes.count / 2
        let path = root.inbox + "/slow.txt"
        let fd = open(path, O_CREAT | O_WRONLY | O_TRUNC, 0o644)
        #expect(fd >= 0)
        _ = bytes[..<half].withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
        usleep(1_000_000)  // the scenario: a pause of 1 s, five times the settle time (100 ms)
        #expect(root.inboxNames == ["slow.txt"], "must not be claimed while the writer holds it open")
        _ = bytes[half...].withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
        close(fd)
        #expect(try waitFor(timeout: 15) { try root.doneCount() == 1 }, "log:\n\(daemon.log)")
        let rows = try root.rows("SELECT verdict, size, raw_text FROM reports")
        #expect(rows.count == 1)
        #expect(rows.first?["size"] as Int? == bytes.count)
        #expect(rows.first?["verdict"] as String? == "accepted")
        #expect(root.acceptedFiles == ["slow.txt"])
        #expect(daemon.terminate().status == 0)
    }

    /// Issue test 3: files present before the start are processed, and so are files dropped
    /// while the daemon was down.
    @Test func filesPresentAtStartAndDroppedWhileDownAreProcessed() throws {
        let root = try TestRoot()
        for n in 0..<3 { try root.drop("before-\(n).txt", Seeds.variant(n)) }
        let first = try DaemonProcess(root: root)
        #expect(try waitFor(timeout: 20) { try root.doneCount() == 3 }, "log:\n\(first.log)")
        #expect(first.terminate().status == 0)
        for n in 3..<6 { try root.drop("while-down-\(n).txt", Seeds.variant(n)) }
        usleep(200_000)
        #expect(try root.doneCount() == 3)
        let second = try DaemonProcess(root: root)
        #expect(try waitFor(timeout: 20) { try root.doneCount() == 6 }, "log:\n\(second.log)")
        #expect(root.acceptedFiles.count == 6)
        #expect(root.inboxNames.isEmpty)
        #expect(second.terminate().status == 0)
    }

    /// Issue test 4: a burst of 2,000 distinct files, every one processed exactly once.
    @Test func burstOfTwoThousandIsProcessedExactlyOnce() throws {
        let root = try TestRoot()
        let daemon = try DaemonProcess(root: root)
        #expect(waitFor(timeout: 10) { daemon.log.contains("ready") })
        let total = 2000
        try root.dropBurst((0..<total).map { ("burst-\($0).txt", Seeds.variant($0)) })
        #expect(try waitFor(timeout: 150) { try root.doneCount() == total }, "done \((try? root.doneCount()) ?? -1)")
        try expectExactlyOnce(root, names: (0..<total).map { "burst-\($0).txt" })
        #expect(daemon.terminate().status == 0)
    }

    /// Every name exactly once in accepted/ or rejected/ and in the database; nothing in
    /// inbox/ or work/; no duplicate rows.
    func expectExactlyOnce(_ root: TestRoot, names: [String]) throws {
        let inFolders = root.acceptedFiles + root.rejectedFiles
        #expect(inFolders.count == names.count, "files in accepted/ + rejected/")
        #expect(Set(inFolders) == Set(names))
        #expect(root.inboxNames.isEmpty, "inbox: \(root.inboxNames.prefix(5))")
        #expect(root.workNames.isEmpty, "work: \(root.workNames.prefix(5))")
        #expect(try root.count("SELECT count(*) FROM reports") == names.count)
        #expect(try root.count("SELECT count(DISTINCT file_name) FROM reports") == names.count)
        #expect(try root.count("SELECT count(DISTINCT sha256) FROM reports") == names.count)
        #expect(try root.count("SELECT count(*) FROM reports WHERE state <> 'done'") == 0)
        #expect(try root.count("SELECT count(*) FROM reports WHERE final_path <> verdict || '/' || file_name") == 0)
    }
}
