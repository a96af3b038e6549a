import Foundation
import GongkaiReport

@testable import GongkaiPDF

enum Fixtures {
    static var directory: URL {
        get throws {
            guard let url = Bundle.module.resourceURL?.appendingPathComponent("Fixtures") else {
                throw FixtureError.missing("Fixtures")
            }
            return url
        }
    }

    static func bytes(_ name: String) throws -> [UInt8] {
        [UInt8](try Data(contentsOf: directory.appendingPathComponent(name)))
    }

    enum FixtureError: Error { case missing(String) }

    /// What the corpus says a file holds (Fixtures/expected.json, copied from
    /// ../shared/corpus/expected.json): null is a blank cell in the document.
    struct Expected {
        var verdict: String
        var year: Int?
        var template: String
        /// Table 3 rows by the engine's row label ("一、本年新收…" for the four summary rows
        /// is given by key instead) → seven values.
        var t3ByKey: [String: [Int?]]
        var t3ByLabel: [String: [Int?]]
        var t4: [Int?]
    }

    static let expected: [String: Expected] = {
        guard let url = try? directory.appendingPathComponent("expected.json"),
            let data = try? Data(contentsOf: url),
            let object = try? JSONSerialization.jsonObject(with: data) as? [String: [String: Any]]
        else { return [:] }
        func ints(_ any: Any?) -> [Int?] { (any as? [Any] ?? []).map { $0 as? Int } }
        let keys = ["new": "new", "carried": "carried", "total_processed": "total", "carried_forward": "carriedForward"]
        return object.mapValues { e in
            var byKey: [String: [Int?]] = [:]
            for (k, v) in e["t3"] as? [String: Any] ?? [:] { if let key = keys[k] { byKey[key] = ints(v) } }
            var byLabel: [String: [Int?]] = [:]
            for (k, v) in e["t3_results"] as? [String: Any] ?? [:] {
                let label = k.split(separator: "/").last.map(String.init) ?? k
                byLabel[label] = ints(v)
            }
            return Expected(
                verdict: e["verdict"] as? String ?? "", year: e["year"] as? Int, template: e["template"] as? String ?? "",
                t3ByKey: byKey, t3ByLabel: byLabel, t4: ints(e["t4"]))
        }
    }()
}

/// Cells compared as the document printed them: a value read where the corpus has one, a
/// blank (nothing read; the engine may infer it) where the corpus has null.
func cellMatches(_ cell: Cell, _ expected: Int?) -> Bool {
    if let v = expected { return cell.value == v && !cell.inferred }
    return cell.raw == nil
}
