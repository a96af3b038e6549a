import Foundation

@testable import GongkaiReport

/// The five real seed reports shipped as fixtures.
enum Seeds {
    static let names = [
        "000_f7cb678af86d3edc.txt",
        "001_90ff0009c1dfca88.txt",
        "002_7a47732316dc1f9e.txt",
        "003_4a9178fd99f7f697.txt",
        "004_0767bf3ff397923b.txt",
    ]

    static var directory: URL {
        Bundle.module.resourceURL!.appendingPathComponent("Fixtures/seeds")
    }

    static func bytes(_ name: String) -> [UInt8] {
        let url = directory.appendingPathComponent(name)
        guard let data = FileManager.default.contents(atPath: url.path) else {
            fatalError("missing fixture \(url.path)")
        }
        return [UInt8](data)
    }

    static func text(_ name: String) -> String {
        String(decoding: bytes(name), as: UTF8.self)
    }

    /// Seed `n` (0…4) by number.
    static func text(_ n: Int) -> String { text(names[n]) }
}

extension Evaluation {
    var codes: [String] { findings.map(\.code.rawValue) }
    var codeSet: Set<String> { Set(codes) }
    var errorCodes: Set<String> { Set(findings.filter { $0.severity == .error }.map(\.code.rawValue)) }

    /// Table 3 values by canonical label.
    func t3(_ label: String) -> [Int?] {
        report.table3?.rows.first { $0.label == label }?.cells.map(\.value) ?? []
    }
}
