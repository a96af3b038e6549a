import ArgumentParser
import GongkaiCore
import GongkaiReport

/// `gongkai catalogue`: the finding codes, as the Markdown kept in docs/findings.md.
struct Catalogue: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Print the catalogue of finding codes (Markdown).")

    func run() throws {
        print(FindingCatalogue.markdown(), terminator: "")
    }
}
