import Foundation
import GongkaiDOCX
import GongkaiReport
import GongkaiTestSupport
import Testing

/// The corpus files copied into Fixtures/ and their expected values (Fixtures/expected.json,
/// the DOCX entries of ../shared/corpus/expected.json).
enum Corpus {
    static let seeds = [
        "seed-000.docx", "seed-001.docx", "seed-001-split.docx", "seed-002.docx",
        "seed-003.docx", "seed-004.docx", "seed-004-split.docx",
    ]
    static let all = seeds + ["template-2021-blank.docx"]

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
                let document = try DOCXReader.read(bytes)
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

    typealias Expected = CorpusExpectation

    static func expected(_ name: String) throws -> Expected {
        try CorpusExpectation.load(name, from: url("expected.json"))
    }

}
