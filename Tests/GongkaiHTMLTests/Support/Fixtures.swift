import Foundation
import GongkaiHTML
import GongkaiReport
import Testing

/// The HTML pages made from the corpus DOCX files (Fixtures/make-html.py) and the expected
/// values of the DOCX each was made from (Fixtures/expected.json, from ../shared/corpus).
enum Corpus {
    /// Pages as a site publishes them (UTF-8, navigation, scripts), one per corpus DOCX.
    static let pages = [
        "seed-000.html", "seed-001.html", "seed-001-split.html", "seed-002.html",
        "seed-003.html", "seed-004.html", "seed-004-split.html",
    ]
    /// Word's "save as web page" (GB18030 declared gb2312, MsoNormal paragraphs, spans).
    static let wordPages = ["seed-001-word.html", "seed-001-split-word.html", "seed-002-word.html", "seed-004-split-word.html"]
    static let all = pages + wordPages

    /// The DOCX a page was made from: its expected values.
    static func source(of page: String) -> String {
        page.replacingOccurrences(of: "-word.html", with: ".docx").replacingOccurrences(of: ".html", with: ".docx")
    }

    static func url(_ name: String) throws -> URL {
        let base = try #require(Bundle.module.resourceURL)
        return base.appendingPathComponent("Fixtures").appendingPathComponent(name)
    }

    static func bytes(_ name: String) throws -> [UInt8] {
        Array(try Data(contentsOf: url(name)))
    }

    /// Every corpus file read and evaluated once, shared by the tests.
    static let readings: [String: Result<(document: Document, evaluation: Evaluation), DocumentReadError>] = {
        var out: [String: Result<(document: Document, evaluation: Evaluation), DocumentReadError>] = [:]
        for name in all {
            let bytes = Array((try? Data(contentsOf: url(name))) ?? Data())
            do throws(DocumentReadError) {
                let document = try HTMLReader.read(bytes)
                out[name] = .success((document, ReportEngine.evaluate(document: document)))
            } catch {
                out[name] = .failure(error)
            }
        }
        return out
    }()

    static func reading(_ name: String) throws -> (document: Document, evaluation: Evaluation) {
        try #require(readings[name]).get()
    }

    struct Expected {
        var verdict: String
        var year: Int?
        var template: String
        /// Row key of the engine's Table 3 ("new", "withheld.1", …) → the seven values as
        /// the document prints them (nil: a blank cell).
        var t3: [String: [Int?]]
        var t4: [Int?]?
    }

    static func expected(_ page: String) throws -> Expected {
        let name = source(of: page)
        let data = try Data(contentsOf: url("expected.json"))
        let all = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        let entry = try #require(all[name] as? [String: Any])
        func values(_ any: Any?) -> [Int?] { (any as? [Any] ?? []).map { $0 as? Int } }
        var t3: [String: [Int?]] = [:]
        let summary = ["new": "new", "carried": "carried", "total_processed": "total", "carried_forward": "carriedForward"]
        for (key, value) in entry["t3"] as? [String: Any] ?? [:] {
            if let row = summary[key] { t3[row] = values(value) }
        }
        for (key, value) in entry["t3_results"] as? [String: Any] ?? [:] {
            t3[try rowKey(forExpectedLabel: key)] = values(value)
        }
        return Expected(
            verdict: try #require(entry["verdict"] as? String), year: entry["year"] as? Int,
            template: try #require(entry["template"] as? String), t3: t3,
            t4: entry["t4"] is NSNull ? nil : values(entry["t4"]))
    }

    /// "（三）不予公开/1.属于国家秘密" → "withheld.1"; "（二）部分公开" → "partial".
    static func rowKey(forExpectedLabel label: String) throws -> String {
        let item = label.split(separator: "/").last.map(String.init) ?? label
        let group = label.contains("/") ? String(label.split(separator: "/")[0]) : nil
        let rows = Table3Template.rows(.v2021) + Table3Template.rows(.v2019)
        let groupPrefix: [String: String] = ["（三）不予公开": "withheld.", "（四）无法提供": "unavailable.", "（五）不予处理": "notProcessed.", "（六）其他处理": "other."]
        let candidates = rows.filter { $0.label == item || $0.label.hasPrefix(item) }
        let row = try #require(
            candidates.first { row in group.map { groupPrefix[$0].map(row.key.hasPrefix) ?? false } ?? true },
            "no template row for \(label)")
        return row.key
    }
}
