import Foundation
import Testing

/// `gongkai check` run as a real subprocess on the seed files.
@Suite struct CheckCommandTests {
    /// The built `gongkai` binary, next to the test bundle.
    static var binary: URL {
        var dir = Bundle.main.bundleURL
        for _ in 0..<4 {
            let candidate = dir.appendingPathComponent("gongkai")
            if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
            dir = dir.deletingLastPathComponent()
        }
        return CLI.repository.appendingPathComponent(".build/debug/gongkai")
    }

    static func run(_ arguments: [String]) throws -> CLI.Output { try CLI.run(arguments) }

    /// Seed `n` (0…4) by its place in the sorted fixture names.
    static func seed(_ n: Int) -> String {
        CLI.seedDirectory.appendingPathComponent(n < CLI.seedNames.count ? CLI.seedNames[n] : "").path
    }

    @Test func acceptedFilesExitZeroAndRejectedExitOne() throws {
        let accepted = try Self.run(["check", Self.seed(0), Self.seed(3)])
        #expect(accepted.status == 0)
        #expect(accepted.stdout.contains("ACCEPTED"))
        let rejected = try Self.run(["check", Self.seed(0), Self.seed(2)])
        #expect(rejected.status == 1)
        #expect(rejected.stdout.contains("REJECTED") && rejected.stdout.contains("T3_BLANK_UNRECOVERABLE"))
    }

    @Test func strictPolicyRejectsDeviations() throws {
        #expect(try Self.run(["check", Self.seed(4)]).status == 0)
        #expect(try Self.run(["check", "--strict", Self.seed(4)]).status == 1)
    }

    @Test func jsonLinesHoldEveryField() throws {
        let output = try Self.run(["check", "--json", Self.seed(1), Self.seed(2)])
        #expect(output.status == 1)
        let lines = output.stdout.split(separator: "\n")
        #expect(lines.count == 2)
        let first = try #require(try JSONSerialization.jsonObject(with: Data(lines[0].utf8)) as? [String: Any])
        for key in ["file", "sha256", "verdict", "template", "year", "agency", "findings", "tables"] {
            #expect(first.keys.contains(key), "missing \(key)")
        }
        #expect(first["verdict"] as? String == "accepted")
        #expect(first["template"] as? String == "2021")
        #expect(first["year"] as? Int == 2021)
        #expect((first["sha256"] as? String)?.count == 64)
        let tables = try #require(first["tables"] as? [String: Any])
        let t3 = try #require(tables["t3"] as? [[String: Any]])
        #expect(t3.count == 25)
        #expect(t3.first?["label"] as? String == "一、本年新收政府信息公开申请数量")
        #expect(t3.first?["values"] as? [Int] == [1, 0, 0, 0, 0, 0, 1])
        let carried = try #require(t3.first { $0["label"] as? String == "二、上年结转政府信息公开申请数量" })
        #expect((carried["inferred"] as? [Bool])?.first == true)
        let t4 = try #require(tables["t4"] as? [String: Any])
        #expect((t4["values"] as? [Int])?.count == 15)
        let findings = try #require(first["findings"] as? [[String: Any]])
        for key in ["code", "severity", "table", "row", "column", "expected", "actual", "message_zh", "message_en"] {
            #expect(findings.allSatisfy { $0.keys.contains(key) }, "finding without \(key)")
        }
        // Seed 000 has no agency: the key is there, with null.
        let none = try Self.run(["check", "--json", Self.seed(0)])
        let object = try #require(try JSONSerialization.jsonObject(with: Data(none.stdout.utf8)) as? [String: Any])
        #expect(object["agency"] is NSNull)
    }

    @Test func usageAndIOErrorsExitTwoWithOneLine() throws {
        let missing = try Self.run(["check", "/nonexistent/report.txt"])
        #expect(missing.status == 2)
        #expect(missing.stderr.split(separator: "\n").count == 1)
        let noFiles = try Self.run(["check"])
        #expect(noFiles.status == 2)
        #expect(noFiles.stderr.split(separator: "\n").count == 1)
        let badFlag = try Self.run(["check", "--no-such-flag", Self.seed(0)])
        #expect(badFlag.status == 2)
    }

    @Test func undecodableFileIsRejectedNotAnError() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("gongkai-binary-\(getpid()).txt")
        try Data([0x80, 0xFF, 0x00, 0x12]).write(to: path)
        defer { try? FileManager.default.removeItem(at: path) }
        let output = try Self.run(["check", "--json", path.path])
        #expect(output.status == 1)
        #expect(output.stdout.contains("DECODE_FAILED"))
    }
}
