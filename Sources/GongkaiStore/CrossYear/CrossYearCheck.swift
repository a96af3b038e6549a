import GongkaiCore

/// The checks between two consecutive years of one agency, on their stored cells.
///
/// - Table 3, per column: 二、上年结转 of year Y equals 四、结转下年度继续办理 of Y−1.
/// - Table 2, when both years use the 2021 template: 现行有效件数 of Y equals that of Y−1
///   plus 本年制发件数 minus 本年废止件数 of Y, for 规章 and 行政规范性文件.
///
/// A comparison needs every value it uses: a blank cell (unknown, not zero) is no evidence
/// either way, so it makes no finding.
public enum CrossYearCheck {
    /// One report as the checks see it.
    public struct Side: Sendable {
        public var id: Int64
        public var year: Int
        public var template: String?
        public var fileName: String
        public var cells: [CellInput]

        public init(id: Int64, year: Int, template: String?, fileName: String, cells: [CellInput]) {
            self.id = id
            self.year = year
            self.template = template
            self.fileName = fileName
            self.cells = cells
        }
    }

    /// Table 2 rows whose stock carries over, and its three columns.
    static let stockRows = ["规章", "行政规范性文件"]
    static let made = "本年制发件数", repealed = "本年废止件数", valid = "现行有效件数"

    /// The findings for `next` (year Y) and for `previous` (Y−1), each naming the other.
    public static func compare(previous: Side, next: Side, severity: Severity) -> (onPrevious: [FindingInput], onNext: [FindingInput]) {
        var onPrevious: [FindingInput] = []
        var onNext: [FindingInput] = []
        let carried = Dictionary(t3Row(next, Table3RowKey.carried).map { ($0.columnIndex, $0) }, uniquingKeysWith: { a, _ in a })
        for forward in t3Row(previous, Table3RowKey.carriedForward) {
            guard let c = carried[forward.columnIndex], let was = number(forward.value), let now = number(c.value), was != now else { continue }
            let column = c.columnLabel
            onNext.append(
                FindingInput(
                    code: DaemonFindingCode.crossYearCarryMismatch.rawValue, severity: severity, table: .t3, row: c.rowLabel, column: column,
                    expected: format(was), actual: format(now),
                    messageZH: "上年结转（\(column)）为 \(format(now))，但 \(previous.year) 年报告（#\(previous.id) \(previous.fileName)）的“结转下年度继续办理”为 \(format(was))。",
                    messageEN:
                        "carried over from last year (\(column)) is \(format(now)), but the \(previous.year) report (#\(previous.id) \(previous.fileName)) carried \(format(was)) forward",
                    relatedReportID: previous.id))
            onPrevious.append(
                FindingInput(
                    code: DaemonFindingCode.crossYearCarryMismatch.rawValue, severity: severity, table: .t3, row: forward.rowLabel, column: column,
                    expected: format(now), actual: format(was),
                    messageZH: "结转下年度继续办理（\(column)）为 \(format(was))，但 \(next.year) 年报告（#\(next.id) \(next.fileName)）的“上年结转”为 \(format(now))。",
                    messageEN:
                        "carried forward to next year (\(column)) is \(format(was)), but the \(next.year) report (#\(next.id) \(next.fileName)) carried over \(format(now))",
                    relatedReportID: next.id))
        }
        if previous.template == "2021", next.template == "2021" {
            for row in stockRows {
                guard let before = t2Value(previous, row, valid), let after = t2Value(next, row, valid),
                    let add = t2Value(next, row, made), let remove = t2Value(next, row, repealed)
                else { continue }
                let expected = before + add - remove
                guard expected != after else { continue }
                onNext.append(
                    FindingInput(
                        code: DaemonFindingCode.crossYearStockMismatch.rawValue, severity: severity, table: .t2, row: row, column: valid,
                        expected: format(expected), actual: format(after),
                        messageZH:
                            "\(row)现行有效件数为 \(format(after))，但按 \(previous.year) 年报告（#\(previous.id) \(previous.fileName)）的 \(format(before)) 件加本年制发 \(format(add)) 件、减本年废止 \(format(remove)) 件应为 \(format(expected)) 件。",
                        messageEN:
                            "\(row) in force: \(format(after)), but the \(previous.year) report (#\(previous.id) \(previous.fileName)) had \(format(before)), plus \(format(add)) made and minus \(format(remove)) repealed this year gives \(format(expected))",
                        relatedReportID: previous.id))
                onPrevious.append(
                    FindingInput(
                        code: DaemonFindingCode.crossYearStockMismatch.rawValue, severity: severity, table: .t2, row: row, column: valid,
                        expected: format(after + remove - add), actual: format(before),
                        messageZH:
                            "\(row)现行有效件数为 \(format(before))，与 \(next.year) 年报告（#\(next.id) \(next.fileName)）不衔接：其现行有效 \(format(after)) 件、本年制发 \(format(add)) 件、本年废止 \(format(remove)) 件。",
                        messageEN:
                            "\(row) in force: \(format(before)), which does not lead to the \(next.year) report (#\(next.id) \(next.fileName)): \(format(after)) in force, \(format(add)) made, \(format(remove)) repealed",
                        relatedReportID: next.id))
            }
        }
        return (onPrevious, onNext)
    }

    static func t3Row(_ side: Side, _ key: String) -> [CellInput] {
        side.cells.filter { $0.table == .t3 && $0.rowKey == key }
    }

    static func t2Value(_ side: Side, _ row: String, _ column: String) -> Double? {
        side.cells.first { $0.table == .t2 && $0.rowLabel == row && $0.columnLabel == column }.flatMap { number($0.value) }
    }

    static func number(_ value: CellInput.Value?) -> Double? {
        switch value {
        case .integer(let i)?: Double(i)
        case .real(let d)?: d
        case nil: nil
        }
    }

    static func format(_ value: Double) -> String {
        value.rounded() == value && abs(value) < 1e15 ? String(Int(value)) : String(value)
    }
}
