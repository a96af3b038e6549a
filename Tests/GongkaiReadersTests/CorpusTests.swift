import Foundation
import GongkaiReaders
import GongkaiReport
import Testing

/// Every labelled corpus file kept in the repository (the DOCX, PDF, DOC, ODT and scanned
/// files made from the seeds, the real published PDF, the real crawled page, the blank
/// template) gives the verdict, year, template and every Table 3 / Table 4 cell its label
/// says, through the same path as `gongkai check` — the measure of
/// `../shared/tools/score.py`, as a test.
struct CorpusTests {
    /// Where the corpus files live in the repository: each reader's fixtures, and ours.
    static let folders: [URL] = ["GongkaiReadersTests", "GongkaiDOCXTests", "GongkaiPDFTests", "GongkaiHTMLTests"].map {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent($0).appendingPathComponent("Fixtures")
    }

    struct Label: Decodable {
        var verdict: String
        var year: Int?
        var template: String?
        var t3: [String: [Int?]]?
        var t3_results: [String: [Int?]]?
        var t4: [Int?]?
    }

    static let labels: [String: Label] = {
        guard let data = try? Data(contentsOf: folders[0].appendingPathComponent("expected.json")),
            let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any]
        else { return [:] }
        var result: [String: Label] = [:]
        for (name, value) in object where !name.hasPrefix("_") {
            guard let entry = try? JSONSerialization.data(withJSONObject: value),
                let label = try? JSONDecoder().decode(Label.self, from: entry)
            else { continue }
            result[name] = label
        }
        return result
    }()

    /// The labelled files present in the repository, by name.
    static let files: [String] = labels.keys.filter { path(of: $0) != nil }.sorted()

    static func path(of name: String) -> URL? {
        folders.map { $0.appendingPathComponent(name) }.first { FileManager.default.fileExists(atPath: $0.path) }
    }

    /// Formats a clerk may send that the readers reject with a reason instead of reading.
    static func isOptional(_ name: String) -> Bool {
        name.hasSuffix(".doc") || name.hasSuffix(".odt") || name.contains("scanned")
    }

    /// Template row keys in order (the score's keys): 一, 二, the result rows, （七）, 四.
    static let keys2021: [String] =
        ["new", "carried", "（一）予以公开", "（二）部分公开"]
        + (1...8).map { "（三）不予公开/\($0)" } + (1...3).map { "（四）无法提供/\($0)" } + (1...5).map { "（五）不予处理/\($0)" }
        + (1...3).map { "（六）其他处理/\($0)" } + ["total_processed", "carried_forward"]
    static let keys2019: [String] = Array(keys2021.prefix(20)) + ["（六）其他处理", "total_processed", "carried_forward"]

    static func labelKey(_ key: String) -> String {
        if key.hasPrefix("（七）") { return "total_processed" }
        guard let slash = key.firstIndex(of: "/") else { return key }
        let item = key[key.index(after: slash)...].replacingOccurrences(of: "、", with: ".")
        return String(key[..<slash]) + "/" + (item.split(separator: ".").first.map(String.init) ?? item)
    }

    @Test func theCorpusIsInTheRepository() {
        #expect(Self.files.count >= 20, "labelled corpus files found: \(Self.files)")
    }

    /// Files the engine does not read right yet, with why. Each is a known issue in the
    /// output (not a silent pass): when one starts passing, the test fails until it is
    /// taken off this list.
    static let knownGaps: [String: String] = [:]

    @Test(arguments: files)
    func eachFileGivesItsLabelledVerdictAndCells(_ name: String) throws {
        if let gap = Self.knownGaps[name] {
            withKnownIssue(Comment(rawValue: gap)) { try check(name) }
        } else {
            try check(name)
        }
    }

    func check(_ name: String) throws {
        let label = try #require(Self.labels[name])
        let bytes = [UInt8](try Data(contentsOf: try #require(Self.path(of: name))))
        let outcome = DocumentEvaluator.evaluate(bytes)
        let evaluation = outcome.evaluation
        let codes = evaluation.findings.filter { $0.severity == .error }.map(\.code.rawValue)
        if Self.isOptional(name) {
            // Rejected with a finding that names the format and what to send instead.
            #expect(evaluation.verdict() == .rejected, "\(name)")
            #expect(codes.contains { $0.hasPrefix("FORMAT_") }, "\(name): \(codes)")
            return
        }
        #expect(evaluation.verdict().rawValue == label.verdict, "\(name): errors \(codes)")
        if let year = label.year { #expect(evaluation.report.year == year, "\(name)") }
        if let template = label.template, label.t3 != nil { #expect(evaluation.report.template?.rawValue == template, "\(name)") }

        var want: [String: [Int?]] = label.t3 ?? [:]
        for (key, values) in label.t3_results ?? [:] { want[Self.labelKey(key)] = values }
        let rows = evaluation.report.table3?.rows ?? []
        let keys = rows.count == 25 ? Self.keys2021 : rows.count == 23 ? Self.keys2019 : []
        var have: [String: [Int?]] = [:]
        for (key, row) in zip(keys, rows) { have[key] = row.cells.map(\.value) }
        var wrong: [String] = []
        var total = 0
        for (key, values) in want.sorted(by: { $0.key < $1.key }) {
            for (column, value) in values.enumerated() {
                guard let value else { continue }
                total += 1
                let got = have[key].flatMap { column < $0.count ? $0[column] : nil }
                if got != value { wrong.append("\(key)[\(column)] \(got.map(String.init) ?? "nil") ≠ \(value)") }
            }
        }
        if let t4 = label.t4 {
            let got = evaluation.report.table4?.cells.map(\.value) ?? []
            for (column, value) in t4.enumerated() {
                guard let value else { continue }
                total += 1
                let cell = column < got.count ? got[column] : nil
                if cell != value { wrong.append("t4[\(column)] \(cell.map(String.init) ?? "nil") ≠ \(value)") }
            }
        }
        #expect(wrong.isEmpty, "\(name): \(wrong.count) of \(total) cells wrong: \(wrong.prefix(12))")
    }
}
