import Foundation
import GongkaiHTML
import GongkaiReport
import GongkaiTestSupport
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

    typealias Expected = CorpusExpectation

    static func expected(_ page: String) throws -> Expected {
        try CorpusExpectation.load(source(of: page), from: url("expected.json"))
    }

}
