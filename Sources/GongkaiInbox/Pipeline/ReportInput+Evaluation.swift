import GongkaiCore
import GongkaiReaders
import GongkaiReport
import GongkaiStore

extension ReportInput {
    /// Flattens an evaluation into storable rows: one cell row per table cell (blank cells
    /// included, so a table can be rebuilt whole), one finding row per finding.
    init(outcome: DocumentEvaluator.Outcome, policy: Policy, claim: Claim, sha256: String, size: Int64) {
        let evaluation = outcome.evaluation
        let report = evaluation.report
        var cells: [CellInput] = []
        for (rowIndex, row) in report.table2.enumerated() {
            for (columnIndex, cell) in row.cells.enumerated() {
                let label = columnIndex < row.columns.count ? row.columns[columnIndex] : "#\(columnIndex + 1)"
                cells.append(
                    CellInput(
                        table: .t2, rowIndex: rowIndex, rowKey: row.block, rowLabel: row.label, columnIndex: columnIndex,
                        columnLabel: label, value: cell.value.map { .real($0) }, raw: cell.raw, inferred: false))
            }
        }
        if let t3 = report.table3 {
            for (rowIndex, row) in t3.rows.enumerated() {
                for (columnIndex, cell) in row.cells.enumerated() {
                    let label = columnIndex < Table3Template.columns.count ? Table3Template.columns[columnIndex] : "#\(columnIndex + 1)"
                    cells.append(
                        CellInput(
                            table: .t3, rowIndex: rowIndex, rowKey: row.template.key, rowLabel: row.label, columnIndex: columnIndex,
                            columnLabel: label, value: cell.value.map { .integer($0) }, raw: cell.raw, inferred: cell.inferred))
                }
            }
        }
        if let t4 = report.table4 {
            for (columnIndex, cell) in t4.cells.enumerated() {
                let label = columnIndex < Table4Template.columns.count ? Table4Template.columns[columnIndex] : "#\(columnIndex + 1)"
                cells.append(
                    CellInput(
                        table: .t4, rowIndex: 0, rowKey: nil, rowLabel: "行政复议、行政诉讼", columnIndex: columnIndex,
                        columnLabel: label, value: cell.value.map { .integer($0) }, raw: cell.raw, inferred: cell.inferred))
            }
        }
        let findings = evaluation.findings.map { f in
            FindingInput(
                code: f.code.rawValue, severity: f.severity, table: f.location.table.flatMap(ReportTable.init(rawValue:)), row: f.location.row,
                column: f.location.column, line: f.location.line, page: outcome.page(of: f), expected: f.expected, actual: f.actual,
                messageZH: f.messageZH, messageEN: f.messageEN)
        }
        self.init(
            claimID: claim.id, fileNameRaw: claim.name.bytes, fileName: claim.name.display, sha256: sha256, size: size,
            receivedAt: claim.receivedAt, verdict: evaluation.verdict(under: policy), rejection: nil, policy: policy,
            template: report.template?.rawValue, year: report.year, agency: report.agency,
            signatureDate: report.signatureDate?.description, encoding: report.encoding?.rawValue,
            format: outcome.format.rawValue, rawText: report.text,
            cells: cells, findings: findings, agencyKey: report.agency.map(AgencyKey.make))
    }
}
