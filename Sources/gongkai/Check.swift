import ArgumentParser
import Foundation
import GongkaiCore
import GongkaiDigest
import GongkaiReaders
import GongkaiReport

/// `gongkai check`: the daemon's verdict for files, offline.
struct Check: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Parse and validate report files; print the verdict and findings.",
        discussion: """
            Exit status: 0 when every file is accepted, 1 when any is rejected, 2 on a usage or I/O error.
            """
    )

    @Flag(help: "Use the strict policy: also reject template deviations (blank cells, missing sections).")
    var strict = false

    @Flag(help: "Print one JSON object per file (JSON Lines).")
    var json = false

    @Argument(help: "Report files to check.")
    var files: [String]

    func validate() throws {
        if files.isEmpty { throw ValidationError("give at least one FILE") }
    }

    func run() throws {
        let policy: Policy = strict ? .strict : .standard
        var anyRejected = false
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        for path in files {
            let bytes: [UInt8]
            do {
                bytes = try readFile(path)
            } catch {
                FileHandle.standardError.write(Data("gongkai: \(path): \(error)\n".utf8))
                throw ExitCode(2)
            }
            let outcome = DocumentEvaluator.evaluate(bytes)
            let evaluation = outcome.evaluation
            let verdict = evaluation.verdict(under: policy)
            if verdict == .rejected { anyRejected = true }
            if json {
                let object = CheckReportJSON(file: path, sha256: SHA256.hex(bytes), size: bytes.count, outcome: outcome, policy: policy)
                var line = try encoder.encode(object)
                line.append(0x0A)
                FileHandle.standardOutput.write(line)
            } else {
                print(HumanReport.render(file: path, outcome: outcome, policy: policy), terminator: "")
            }
        }
        if anyRejected { throw ExitCode(1) }
    }

    /// Reads a whole file; errors name the reason (no such file, permission, a directory).
    func readFile(_ path: String) throws -> [UInt8] {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else { throw CheckError("no such file") }
        if isDirectory.boolValue { throw CheckError("is a directory") }
        guard let data = FileManager.default.contents(atPath: path) else { throw CheckError("cannot be read") }
        return [UInt8](data)
    }
}

struct CheckError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}
