import ArgumentParser
import Foundation
import GongkaiCore
import GongkaiStore

/// `gongkai stats`: counts, frequent findings and Table 3 totals by year.
struct Stats: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Counts by verdict, year and template; frequent finding codes; Table 3 totals by year.",
        discussion: """
            Table 3 totals sum the 总计 column of rows 一 (new applications), 二 (carried over) and （七） \
            (processed) over current reports: accepted and not superseded.
            """)

    @OptionGroup var store: StoreOptions

    @Option(help: "How many finding codes to show (default: 10).")
    var top = 10

    @Flag(help: "Print one JSON object.")
    var json = false

    func run() throws {
        let s = try store.openStore().statistics(topCodes: max(0, top))
        if json {
            func counts(_ list: [StoreStatistics.Count]) -> JSONValue {
                .array(list.map { .object([("key", .string($0.key)), ("accepted", .int($0.accepted)), ("rejected", .int($0.rejected))]) })
            }
            let object: JSONValue = .object([
                ("reports", .int(s.accepted + s.rejected)),
                ("accepted", .int(s.accepted)),
                ("rejected", .int(s.rejected)),
                ("current", .int(s.current)),
                ("superseded", .int(s.superseded)),
                ("duplicates", .int(s.duplicates)),
                ("by_year", counts(s.byYear)),
                ("by_template", counts(s.byTemplate)),
                (
                    "top_codes",
                    .array(
                        s.topCodes.map {
                            .object([
                                ("code", .string($0.code)), ("severity", .from($0.severity)), ("findings", .int($0.findings)), ("reports", .int($0.reports)),
                            ])
                        })
                ),
                (
                    "table3_by_year",
                    .array(
                        s.table3ByYear.map {
                            .object([
                                ("year", .from($0.year)), ("reports", .int($0.reports)), ("new_applications", .int($0.newApplications)),
                                ("carried_over", .int($0.carriedOver)), ("processed", .int($0.processed)),
                            ])
                        })
                ),
            ])
            emit(object.rendered + "\n")
            return
        }
        var out =
            "Reports: \(s.accepted + s.rejected)  (accepted \(s.accepted), rejected \(s.rejected); current \(s.current), superseded \(s.superseded), duplicates \(s.duplicates))\n"
        func section(_ title: String, _ list: [StoreStatistics.Count]) {
            out += "\n\(title)\n"
            var table = TextTable(header: [title == "By year" ? "YEAR" : "TEMPLATE", "ACCEPTED", "REJECTED", "TOTAL"], rightAligned: [0, 1, 2, 3])
            for c in list { table.add([c.key, "\(c.accepted)", "\(c.rejected)", "\(c.accepted + c.rejected)"]) }
            out += list.isEmpty ? "  (none)\n" : table.render()
        }
        section("By year", s.byYear)
        section("By template", s.byTemplate)
        out += "\nMost frequent finding codes\n"
        var codes = TextTable(header: ["CODE", "SEVERITY", "FINDINGS", "REPORTS"], rightAligned: [2, 3])
        for c in s.topCodes { codes.add([c.code, c.severity.rawValue, "\(c.findings)", "\(c.reports)"]) }
        out += s.topCodes.isEmpty ? "  (none)\n" : codes.render()
        out += "\nTable 3 totals of current reports (总计 column)\n"
        var totals = TextTable(header: ["YEAR", "REPORTS", "一、新收", "二、上年结转", "（七）总计"], rightAligned: [0, 1, 2, 3, 4])
        for t in s.table3ByYear {
            totals.add([t.year.map(String.init) ?? "?", "\(t.reports)", "\(t.newApplications)", "\(t.carriedOver)", "\(t.processed)"])
        }
        out += s.table3ByYear.isEmpty ? "  (none)\n" : totals.render()
        emit(out)
    }
}
