import Foundation
import GongkaiReport

/// What the corpus says a file holds: an entry of `../shared/corpus/expected.json`, which the
/// reader test targets copy into their Fixtures/expected.json. A null value is a blank cell
/// in the document.
public struct CorpusExpectation: Sendable {
    public var verdict: String
    public var year: Int?
    public var template: String
    /// Row key of the engine's Table 3 ("new", "withheld.1", …) → the seven values as the
    /// document prints them (nil: a blank cell).
    public var t3: [String: [Int?]]
    public var t4: [Int?]?

    /// The entry for `name` (a corpus file name) in the JSON file at `url`.
    public static func load(_ name: String, from url: URL) throws -> CorpusExpectation {
        let data = try Data(contentsOf: url)
        guard let all = try JSONSerialization.jsonObject(with: data) as? [String: Any] else {
            throw FixtureError(description: "\(url.path) is not a JSON object")
        }
        guard let entry = all[name] as? [String: Any] else { throw FixtureError(description: "no entry \(name) in \(url.path)") }
        func values(_ any: Any?) -> [Int?] { (any as? [Any] ?? []).map { $0 as? Int } }
        var t3: [String: [Int?]] = [:]
        let summary = ["new": "new", "carried": "carried", "total_processed": "total", "carried_forward": "carriedForward"]
        for (key, value) in entry["t3"] as? [String: Any] ?? [:] {
            if let row = summary[key] { t3[row] = values(value) }
        }
        for (key, value) in entry["t3_results"] as? [String: Any] ?? [:] {
            t3[try rowKey(forExpectedLabel: key)] = values(value)
        }
        guard let verdict = entry["verdict"] as? String, let template = entry["template"] as? String else {
            throw FixtureError(description: "\(name) in \(url.path) has no verdict or template")
        }
        return CorpusExpectation(
            verdict: verdict, year: entry["year"] as? Int, template: template, t3: t3,
            t4: entry["t4"] is NSNull ? nil : values(entry["t4"]))
    }

    /// "（三）不予公开/1.属于国家秘密" → "withheld.1"; "（二）部分公开" → "partial".
    public static func rowKey(forExpectedLabel label: String) throws -> String {
        let item = label.split(separator: "/").last.map(String.init) ?? label
        let group = label.contains("/") ? String(label.split(separator: "/")[0]) : nil
        let rows = Table3Template.rows(.v2021) + Table3Template.rows(.v2019)
        let groupPrefix: [String: String] = ["（三）不予公开": "withheld.", "（四）无法提供": "unavailable.", "（五）不予处理": "notProcessed.", "（六）其他处理": "other."]
        let candidates = rows.filter { $0.label == item || $0.label.hasPrefix(item) }
        guard let row = candidates.first(where: { row in group.map { groupPrefix[$0].map(row.key.hasPrefix) ?? false } ?? true }) else {
            throw FixtureError(description: "no template row for \(label)")
        }
        return row.key
    }
}

/// A fixture that is missing or not what the test expects.
public struct FixtureError: Error, CustomStringConvertible, Sendable {
    public let description: String
    public init(description: String) { self.description = description }
}
