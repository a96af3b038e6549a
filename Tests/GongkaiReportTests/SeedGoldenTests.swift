import Foundation
import Testing

@testable import GongkaiReport

/// The five real seeds give the verdicts and reasons the spec lists, and every cell of
/// Tables 2, 3 and 4 equals the seed text (Fixtures/golden.json, checked by hand
/// against the seeds; blanks the rules recover are listed as inferred).
@Suite struct SeedGoldenTests {
    struct Golden {
        var verdict: String
        var strict: String
        var template: String
        var year: Int?
        var agency: String?
        var codes: [String]
        var t3: [String: [Int?]]?  // nil: every cell is 0
        var t3Inferred: Set<String>  // "label#column"
        var t3AllButTotalInferred: Bool
        var t4: [Int?]
        var t4Inferred: Set<Int>
        var t2: [[Double?]]
    }

    static let golden: [String: Golden] = {
        let url = Bundle.module.resourceURL!.appendingPathComponent("Fixtures/golden.json")
        let object = try! JSONSerialization.jsonObject(with: Data(contentsOf: url)) as! [String: [String: Any]]
        func ints(_ any: Any?) -> [Int?] { (any as? [Any] ?? []).map { $0 as? Int } }
        return object.mapValues { g in
            var inferred = Set<String>()
            var allButTotal = false
            if let list = g["t3_inferred"] as? [[Any]] {
                for pair in list { inferred.insert("\(pair[0])#\(pair[1])") }
            } else if g["t3_inferred"] as? String == "all-but-total" {
                allButTotal = true
            }
            return Golden(
                verdict: g["verdict"] as! String, strict: g["strict"] as! String, template: g["template"] as! String,
                year: g["year"] as? Int, agency: g["agency"] as? String, codes: g["codes"] as! [String],
                t3: (g["t3"] as? [String: Any])?.mapValues(ints), t3Inferred: inferred, t3AllButTotalInferred: allButTotal,
                t4: ints(g["t4"]), t4Inferred: Set((g["t4_inferred"] as? [Int]) ?? []),
                t2: (g["t2"] as! [[Any]]).map { $0.map { ($0 as? NSNumber)?.doubleValue } })
        }
    }()

    @Test(arguments: Seeds.names)
    func verdictTemplateYearAgency(_ name: String) throws {
        let g = try #require(Self.golden[name])
        let e = ReportEngine.evaluate(Seeds.bytes(name))
        #expect(e.verdict(under: .standard).rawValue == g.verdict)
        #expect(e.verdict(under: .strict).rawValue == g.strict)
        #expect(e.report.template?.rawValue == g.template)
        #expect(e.report.year == g.year)
        #expect(e.report.agency == g.agency)
        #expect(e.codes.sorted() == g.codes.sorted(), "\(e.findings.map(\.messageEN))")
    }

    @Test(arguments: Seeds.names)
    func everyTable3Cell(_ name: String) throws {
        let g = try #require(Self.golden[name])
        let e = ReportEngine.evaluate(Seeds.bytes(name))
        let table = try #require(e.report.table3)
        let expectedRows = g.template == "2019" ? 23 : 25
        #expect(table.rows.count == expectedRows)
        for row in table.rows {
            #expect(row.cells.count == 7)
            let expected = g.t3?[row.label] ?? Array(repeating: 0, count: 7)
            #expect(row.cells.map(\.value) == expected, "\(name) \(row.label)")
            for (c, cell) in row.cells.enumerated() {
                let inferred = g.t3AllButTotalInferred ? c != 6 : g.t3Inferred.contains("\(row.label)#\(c)")
                #expect(cell.inferred == inferred, "\(name) \(row.label) column \(c)")
            }
        }
    }

    @Test(arguments: Seeds.names)
    func everyTable4Cell(_ name: String) throws {
        let g = try #require(Self.golden[name])
        let e = ReportEngine.evaluate(Seeds.bytes(name))
        let table = try #require(e.report.table4)
        #expect(table.cells.map(\.value) == g.t4)
        #expect(Set(table.cells.indices.filter { table.cells[$0].inferred }) == g.t4Inferred)
    }

    @Test(arguments: Seeds.names)
    func everyTable2Cell(_ name: String) throws {
        let g = try #require(Self.golden[name])
        let e = ReportEngine.evaluate(Seeds.bytes(name))
        #expect(e.report.table2.map { $0.cells.map(\.value) } == g.t2)
    }

    /// Seed 002 is rejected because its blank result rows must sum to 3 (spec).
    @Test func seed002NamesTheCellsThatMustSumToThree() {
        let e = ReportEngine.evaluate(Seeds.bytes(Seeds.names[2]))
        let unrecoverable = e.findings.filter { $0.code == .table3BlankUnrecoverable }
        #expect(unrecoverable.count == 2)
        for f in unrecoverable {
            #expect(f.expected == "sum 3")
            #expect(f.messageZH.contains("（一）予以公开") && f.messageZH.contains("之和须为 3"))
            #expect(f.messageEN.contains("must sum to 3"))
        }
    }

    /// Seed 001's two recovered blanks are exactly the ones the spec names.
    @Test func seed001RecoversTheTwoBlanks() {
        let e = ReportEngine.evaluate(Seeds.bytes(Seeds.names[1]))
        let recovered = e.findings.filter { $0.code == .table3BlankRecovered }.map { "\($0.location.row ?? "")/\($0.location.column ?? "")" }
        #expect(Set(recovered) == ["二、上年结转政府信息公开申请数量/自然人", "3.危及“三安全一稳定”/总计"])
    }

    @Test func sectionsOfSeed004AreRenamedButFound() {
        let e = ReportEngine.evaluate(Seeds.bytes(Seeds.names[4]))
        #expect(e.report.sections.allSatisfy { $0.found })
        #expect(e.report.sections[4].heading == "五、存在问题")
        #expect(e.report.sections[5].heading == "六、下一步工作重点和整改措施")
    }

    @Test func signatureAndEncoding() {
        let e = ReportEngine.evaluate(Seeds.bytes(Seeds.names[3]))
        #expect(e.report.signatureDate == CalendarDate(year: 2024, month: 1, day: 19))
        #expect(e.report.encoding == .utf8)
    }
}
