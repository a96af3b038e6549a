import ArgumentParser
import Foundation
import GongkaiCore
import GongkaiStore

/// `gongkai show`: one report with its tables, findings, file and versions.
struct Show: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Show one report: metadata, the three tables, findings, where the file is, its versions.",
        discussion: """
            REPORT is an id (42), a SHA-256 or a prefix of at least 8 hex digits, or a file name (as \
            received, or accepted/NAME, rejected/NAME). When several rows match, the newest is shown.
            """)

    @OptionGroup var store: StoreOptions

    @Flag(help: "Print one JSON object.")
    var json = false

    @Argument(help: "Report id, SHA-256 (prefix) or file name.")
    var report: String

    func run() throws {
        let db = try store.openStore()
        let matches = try db.resolve(report)
        guard let first = matches.first, let detail = try db.detail(id: first.id) else {
            throw CLIError("no report matches \(report)")
        }
        let others = matches.dropFirst().map(\.id)
        let r = detail.summary
        let cells = try db.cells(reportID: r.id)
        let findings = try db.findings(reportID: r.id)
        let location = store.rootPath + "/" + r.finalPath
        let present = FileManager.default.fileExists(atPath: location)
        let versions = try Self.versions(of: r, in: db)

        if json {
            var object: [(String, JSONValue)] = []
            if case .object(let pairs) = ReportJSON.summary(r) { object = pairs }
            object += [
                ("signature_date", .from(detail.signatureDate)),
                ("encoding", .from(detail.encoding)),
                ("format", .from(detail.format)),
                ("moved_at", .from(detail.movedAt)),
                ("location", .object([("path", .string(location)), ("exists", .bool(present))])),
                (
                    "versions",
                    .array(
                        versions.map { v in
                            .object([
                                ("id", .int(Int(v.id))), ("file", .string(v.fileName)), ("processed_at", .string(v.processedAt)),
                                ("current", .bool(v.isCurrent)),
                            ])
                        })
                ),
                ("also_matches", .array(others.map { .int(Int($0)) })),
                ("tables", .object(ReportTable.allCases.map { t in (t.rawValue, Self.tableJSON(cells.filter { $0.table == t })) })),
                ("findings", .array(findings.map(ReportJSON.finding))),
            ]
            emit(JSONValue.object(object).rendered + "\n")
            return
        }

        var out = "Report #\(r.id)  \(r.fileName)  \(r.verdict.rawValue.uppercased())\n"
        var facts = TextTable()
        facts.add(["agency", r.agency ?? "-"])
        facts.add(["year", (r.year.map(String.init) ?? "-") + "  (template \(r.template ?? "-"), signed \(detail.signatureDate ?? "-"))"])
        facts.add([
            "verdict",
            "\(r.verdict.rawValue), \(r.errorCount) error(s), \(r.warningCount) warning(s), policy \(r.policy.rawValue)"
                + (r.rejection.map { ", rejection: \($0.rawValue)" } ?? ""),
        ])
        facts.add(["sha256", r.sha256 ?? "-"])
        facts.add(["size", (r.size.map { "\($0) bytes" } ?? "-") + (detail.format.map { ", \($0)" } ?? "") + (detail.encoding.map { ", \($0)" } ?? "")])
        facts.add(["received", r.receivedAt])
        facts.add(["processed", r.processedAt + (detail.movedAt.map { ", moved \($0)" } ?? "")])
        let where_ = present ? "" : (r.state == .done ? "  (not there any more: requeued, moved or removed)" : "  (move pending)")
        facts.add(["file now", location + where_])
        if let d = r.duplicateOf, let o = try db.report(id: d) { facts.add(["duplicate of", "#\(d) \(o.fileName) (processed \(o.processedAt))"]) }
        if let s = r.supersedes, let o = try db.report(id: s) { facts.add(["supersedes", "#\(s) \(o.fileName) (processed \(o.processedAt))"]) }
        if let s = r.supersededBy, let o = try db.report(id: s) { facts.add(["superseded by", "#\(s) \(o.fileName) (processed \(o.processedAt))"]) }
        if versions.count > 1 {
            facts.add(["versions", versions.map { "#\($0.id)" + ($0.id == r.id ? " (this)" : "") }.joined(separator: " → ")])
        }
        if !others.isEmpty { facts.add(["also matches", others.map { "#\($0)" }.joined(separator: ", ")]) }
        out += facts.render()

        let t2 = cells.filter { $0.table == .t2 }
        let t3 = cells.filter { $0.table == .t3 }
        let t4 = cells.filter { $0.table == .t4 }
        out += "\nTable 2  主动公开政府信息情况\n"
        out += t2.isEmpty ? "  (none)\n" : Self.renderTable2(t2)
        out += "\nTable 3  收到和处理政府信息公开申请情况\n"
        out += t3.isEmpty ? "  (none)\n" : Self.renderGrid(t3)
        out += "\nTable 4  政府信息公开行政复议、行政诉讼情况\n"
        out += t4.isEmpty ? "  (none)\n" : Self.renderTable4(t4)
        if cells.contains(where: \.inferred) {
            out += "\n  * inferred: blank or missing in the text, filled in by the engine from the table's arithmetic\n"
        }
        out += "\nFindings (\(findings.count))\n"
        if findings.isEmpty { out += "  (none)\n" }
        for f in findings {
            let place = [f.table?.rawValue, f.row, f.column, f.page.map { "page \($0)" }, f.line.map { "line \($0)" }].compactMap { $0 }.joined(
                separator: " / ")
            var line = "  \(f.severity == .error ? "error  " : "warning")  \(f.code)  \(place.isEmpty ? "-" : place)"
            if f.expected != nil || f.actual != nil { line += "  (expected \(f.expected ?? "-"), found \(f.actual ?? "-"))" }
            out += line + "\n           " + f.messageZH + "\n           " + f.messageEN + "\n"
        }
        emit(out)
    }

    /// The chain of versions (same agency and year) this report belongs to, oldest first.
    static func versions(of report: ReportSummary, in db: Store) throws -> [ReportSummary] {
        var chain = [report]
        var seen: Set<Int64> = [report.id]
        var cursor = report
        while let previous = cursor.supersedes, !seen.contains(previous), let row = try db.report(id: previous) {
            chain.insert(row, at: 0)
            seen.insert(previous)
            cursor = row
        }
        cursor = report
        while let next = cursor.supersededBy, !seen.contains(next), let row = try db.report(id: next) {
            chain.append(row)
            seen.insert(next)
            cursor = row
        }
        return chain
    }

    static func cellText(_ cell: CellInput) -> String {
        let text = ReportJSON.text(cell.value) ?? cell.raw.map { $0.isEmpty ? "-" : $0 } ?? "-"
        // A space where others have the mark keeps the digits of a column aligned.
        return text + (cell.inferred ? "*" : " ")
    }

    /// Rows by row_index, in stored (template) order.
    static func rows(_ cells: [CellInput]) -> [[CellInput]] {
        var rows: [[CellInput]] = []
        for cell in cells.sorted(by: { ($0.rowIndex, $0.columnIndex) < ($1.rowIndex, $1.columnIndex) }) {
            if let last = rows.last?.last, last.rowIndex == cell.rowIndex { rows[rows.count - 1].append(cell) } else { rows.append([cell]) }
        }
        return rows
    }

    /// Table 2: one sub-table per block (第二十条第（一）项 …), each with its own columns.
    static func renderTable2(_ cells: [CellInput]) -> String {
        var out = ""
        var blocks: [(String, [[CellInput]])] = []
        for row in rows(cells) {
            let block = row.first?.rowKey ?? ""
            if let last = blocks.last, last.0 == block { blocks[blocks.count - 1].1.append(row) } else { blocks.append((block, [row])) }
        }
        for (block, blockRows) in blocks {
            out += "  " + (block.isEmpty ? "-" : block) + "\n"
            let columns = blockRows.flatMap { $0 }.reduce(into: [Int: String]()) { $0[$1.columnIndex] = $1.columnLabel }
            let order = columns.keys.sorted()
            var table = TextTable(header: ["信息内容"] + order.map { columns[$0] ?? "" }, rightAligned: Set(1...max(1, order.count)))
            table.indent = "    "
            for row in blockRows {
                let byColumn = Dictionary(row.map { ($0.columnIndex, $0) }, uniquingKeysWith: { a, _ in a })
                table.add([row.first?.rowLabel ?? ""] + order.map { byColumn[$0].map(cellText) ?? "" })
            }
            out += table.render()
        }
        return out
    }

    /// A grid: row labels down, column labels across (Table 3).
    static func renderGrid(_ cells: [CellInput]) -> String {
        let columns = cells.reduce(into: [Int: String]()) { $0[$1.columnIndex] = $1.columnLabel }
        let order = columns.keys.sorted()
        var table = TextTable(header: [""] + order.map { columns[$0] ?? "" }, rightAligned: Set(1...max(1, order.count)))
        for row in rows(cells) {
            let byColumn = Dictionary(row.map { ($0.columnIndex, $0) }, uniquingKeysWith: { a, _ in a })
            table.add([row.first?.rowLabel ?? ""] + order.map { byColumn[$0].map(cellText) ?? "" })
        }
        return table.render()
    }

    /// Table 4 is one row of 15 cells: shown transposed, one line per column.
    static func renderTable4(_ cells: [CellInput]) -> String {
        var table = TextTable(rightAligned: [1])
        for cell in cells.sorted(by: { ($0.rowIndex, $0.columnIndex) < ($1.rowIndex, $1.columnIndex) }) {
            table.add([cell.columnLabel, cellText(cell)])
        }
        return table.render()
    }

    static func tableJSON(_ cells: [CellInput]) -> JSONValue {
        .array(
            rows(cells).map { row in
                .object([
                    ("row_index", .int(row.first?.rowIndex ?? 0)),
                    ("row_key", .from(row.first?.rowKey)),
                    ("row_label", .string(row.first?.rowLabel ?? "")),
                    (
                        "cells",
                        .array(
                            row.map { c in
                                .object([
                                    ("column_index", .int(c.columnIndex)), ("column_label", .string(c.columnLabel)),
                                    ("value", ReportJSON.number(c.value)), ("raw", .from(c.raw)), ("inferred", .bool(c.inferred)),
                                ])
                            })
                    ),
                ])
            })
    }
}
