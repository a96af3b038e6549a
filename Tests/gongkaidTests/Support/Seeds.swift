import Foundation

/// The five seed reports and distinct reports derived from them.
enum Seeds {
    static let directory: URL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("GongkaiReportTests/Fixtures/seeds")

    static let names: [String] = ((try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? [])
        .filter { $0.hasSuffix(".txt") }.sorted()

    static func bytes(_ name: String) -> [UInt8] {
        (try? [UInt8](Data(contentsOf: directory.appendingPathComponent(name)))) ?? []
    }

    /// Seed 001 (宁海县医疗保障局, 2021, accepted).
    static var accepted001: [UInt8] { bytes(names.first { $0.hasPrefix("001") } ?? "") }
    /// Seed 002 (rejected).
    static var rejected002: [UInt8] { bytes(names.first { $0.hasPrefix("002") } ?? "") }

    static let characters = Array("甲乙丙丁戊己庚辛壬癸子丑寅卯辰巳午未申酉戌亥东南西北中春夏秋冬金木水火土山川河湖海江松柏竹梅兰菊青红黄白黑紫云雨风雪")

    /// A distinct, accepted report: seed 001 with its agency renamed (宁海县 → XYZ县), so
    /// neither its bytes nor its agency repeat (no duplicates, no supersession).
    static func variant(_ n: Int) -> [UInt8] {
        let c = characters
        let name = String([c[n % c.count], c[(n / c.count) % c.count], c[(n / (c.count * c.count)) % c.count]])
        let text = String(decoding: accepted001, as: UTF8.self).replacingOccurrences(of: "宁海县", with: name + "县")
        return Array(text.utf8)
    }
}
