/// Builds Table 3 and Table 4 from the parsers' readings and checks them.
enum TableChecks {
    static func table3(_ reading: Table3Reading, template: TemplateVersion, findings: inout [Finding]) -> Table3 {
        let rows = Table3Template.rows(template)
        let reading = splitRunsByColumnRules(reading, rows: rows)
        var inputs: [GridValidator.RowInput] = []
        var lines: [Int?] = []
        for row in rows {
            if let capture = reading.captures[row.key] {
                inputs.append(.read(capture.slots, ambiguousRun: capture.ambiguousRun))
                lines.append(capture.line)
            } else if row.key == "other", reading.captures["other.1"] != nil || reading.captures["other.2"] != nil || reading.captures["other.3"] != nil {
                // A 2019 report laid out with the 2021 sub-rows of （六）: their sum is the row.
                inputs.append(summed(["other.1", "other.2", "other.3"].compactMap { reading.captures[$0] }))
                lines.append(reading.captures["other.1"]?.line)
            } else {
                inputs.append(.missing)
                lines.append(nil)
                findings.append(
                    Finding(
                        .table3RowMissing, Location(table: "t3", row: row.label), expected: row.label, actual: "missing",
                        zh: "表三缺少“\(row.label)”行，其各栏按空白处理。",
                        en: "Table 3 has no row “\(row.english)”; its cells are treated as blank."))
            }
        }
        for u in reading.unrecognised {
            findings.append(
                Finding(
                    .table3RowUnrecognised, Location(table: "t3", row: u.label, line: u.line), actual: u.label,
                    zh: "表三中带数字的“\(u.label)”行与模板中的任何一行都对应不上。",
                    en: "Table 3 row “\(u.label)” has numbers but matches no template row."))
        }
        let labels = rows.map(\.label)
        let labelsEN = rows.map(\.english)
        let validator = GridValidator(
            table: "t3", rowLabels: labels, rowLabelsEN: labelsEN,
            columns: Table3Template.columns, columnsEN: Table3Template.columnsEnglish,
            rules: LinearRules.table3Rules(template),
            codes: .init(
                valueInvalid: .table3ValueInvalid, extraValues: .table3ExtraValues, blankRecovered: .table3BlankRecovered,
                blankUnrecoverable: .table3BlankUnrecoverable, droppedRecovered: .table3DroppedCellRecovered,
                droppedAmbiguous: .table3DroppedCellAmbiguous),
            lines: lines,
            describe: { rule, l, r, _ in describeTable3(rule, l, r, rows: rows, lines: lines) })
        let cells = validator.validate(inputs, findings: &findings)
        return Table3(
            rows: zip(rows, cells).map { row, cells in
                Table3.Row(template: row, foundLabel: reading.captures[row.key]?.foundLabel, cells: cells)
            })
    }

    /// A glued digit run that splits several ways by its row total alone: the column
    /// rules (一+二 = 七+四 and 七 = Σ results, per column) decide when every other term
    /// of them is known and exactly one split satisfies them; otherwise the run stays
    /// reported. One run at a time, so two ambiguous rows never decide each other.
    static func splitRunsByColumnRules(_ reading: Table3Reading, rows: [Table3Template.Row]) -> Table3Reading {
        let ambiguous = rows.filter { reading.captures[$0.key]?.ambiguousRun != nil }
        guard !ambiguous.isEmpty else { return reading }
        func known(_ capture: Table3Reading.Capture?) -> [Int]? {
            guard let capture, capture.ambiguousRun == nil, case .placed(let slots)? = capture.slots, slots.count == 7 else { return nil }
            var out: [Int] = []
            for slot in slots {
                guard case .number(let v, _) = slot, v == v.rounded(), abs(v) < 1e9 else { return nil }
                out.append(Int(v))
            }
            return out
        }
        var values: [String: [Int]] = [:]
        for row in rows { values[row.key] = known(reading.captures[row.key]) }
        let results = rows.filter(\.isResult).map(\.key)
        let width = Table3Template.columns.count
        // Whether both column rules hold, all their terms being known.
        func holds(_ values: [String: [Int]]) -> Bool {
            guard let new = values["new"], let carried = values["carried"], let total = values["total"],
                let forward = values["carriedForward"]
            else { return false }
            let resultRows = results.compactMap { values[$0] }
            guard resultRows.count == results.count else { return false }
            for c in 0..<width {
                let inflow: Int = new[c] + carried[c]
                let outflow: Int = total[c] + forward[c]
                var sum = 0
                for r in resultRows { sum += r[c] }
                if inflow != outflow || total[c] != sum { return false }
            }
            return true
        }
        var out = reading
        for row in ambiguous {
            guard let run = reading.captures[row.key]?.ambiguousRun else { continue }
            let candidates = DigitRunSplitter.splits(run, count: width, limit: 64) { $0[0..<6].reduce(0, +) == $0[6] }
            guard candidates.count < 64 else { continue }
            let fitting = candidates.filter { split in
                var trial = values
                trial[row.key] = split
                return holds(trial)
            }
            guard fitting.count == 1 else { continue }
            out.captures[row.key]?.slots = .placed(fitting[0].map { .number(Double($0), raw: String($0)) })
            out.captures[row.key]?.ambiguousRun = nil
        }
        return out
    }

    /// Sums the sub-rows of a 2021-style （六） into the 2019 single row.
    static func summed(_ captures: [Table3Reading.Capture]) -> GridValidator.RowInput {
        var totals = [Double?](repeating: 0, count: 7)
        for capture in captures {
            guard case .placed(let slots)? = capture.slots else { return .read(nil, ambiguousRun: nil) }
            for (c, slot) in slots.prefix(7).enumerated() {
                if case .number(let v, _) = slot, let t = totals[c] { totals[c] = t + v } else { totals[c] = nil }
            }
        }
        return .read(.placed(totals.map { $0.map { .number($0, raw: String(Int($0))) } ?? .empty }), ambiguousRun: nil)
    }

    static func describeTable3(
        _ rule: SumRule, _ l: Int, _ r: Int, rows: [Table3Template.Row], lines: [Int?]
    )
        -> (zh: String, en: String, expected: String, actual: String, location: Location)
    {
        let cols = Table3Template.columns
        let colsEN = Table3Template.columnsEnglish
        switch rule.kind {
        case .flow(let c):
            return (
                "“\(cols[c])”栏：第一项加第二项之和为 \(l)，第（七）项总计加第四项之和为 \(r)，二者应相等。",
                "Column \(colsEN[c]): new + carried over = \(l), but total processed + carried forward = \(r).",
                "\(l)", "\(r)", Location(table: "t3", row: nil, column: cols[c])
            )
        case .results(let c):
            let totalLine = rows.firstIndex { $0.key == "total" }.flatMap { lines[$0] }
            return (
                "“\(cols[c])”栏：（七）总计为 \(l)，但（一）至（六）各项之和为 \(r)。",
                "Column \(colsEN[c]): total processed is \(l), but the result rows sum to \(r).",
                "\(r)", "\(l)", Location(table: "t3", row: Table3Template.total.label, column: cols[c], line: totalLine)
            )
        case .rowTotal(let row):
            return (
                "“\(rows[row].label)”行：自然人与法人或其他组织各栏之和为 \(l)，但总计为 \(r)。",
                "Row “\(rows[row].english)”: the six applicant columns sum to \(l), but the total is \(r).",
                "\(l)", "\(r)", Location(table: "t3", row: rows[row].label, column: cols[6], line: lines[row])
            )
        case .block:
            return ("", "", "\(l)", "\(r)", Location(table: "t3"))
        }
    }

    static func table4(_ reading: Table4Reading, findings: inout [Finding]) -> Table4 {
        let validator = GridValidator(
            table: "t4", rowLabels: ["行政复议、行政诉讼"], rowLabelsEN: ["reconsideration and litigation"],
            columns: Table4Template.columns, columnsEN: Table4Template.columnsEnglish,
            rules: LinearRules.table4Rules,
            codes: .init(
                valueInvalid: .table4ValueInvalid, extraValues: .table4ExtraValues, blankRecovered: .table4BlankRecovered,
                blankUnrecoverable: .table4BlankUnrecoverable, droppedRecovered: .table4DroppedCellRecovered,
                droppedAmbiguous: .table4DroppedCellAmbiguous),
            lines: [reading.line],
            describe: { rule, l, r, _ in
                guard case .block(let b) = rule.kind else { return ("", "", "", "", Location(table: "t4")) }
                let block = Table4Template.blocks[b]
                return (
                    "“\(block)”：结果维持、结果纠正、其他结果、尚未审结之和为 \(l)，但总计为 \(r)。",
                    "\(Table4Template.blocksEnglish[b].capitalizedFirst): the four outcomes sum to \(l), but the total is \(r).",
                    "\(l)", "\(r)", Location(table: "t4", row: block, column: "\(block)/总计", line: reading.line)
                )
            })
        let cells = validator.validate([.read(reading.slots, ambiguousRun: reading.ambiguousRun)], findings: &findings)
        return Table4(cells: cells.first ?? [])
    }

    /// Builds Table 2 rows in template order and checks each value against its column.
    static func table2(_ reading: Table2Reading, template: TemplateVersion, findings: inout [Finding]) -> [Table2Row] {
        var rows: [Table2Row] = []
        for block in Table2Template.blocks(template) {
            for label in block.rows {
                let capture =
                    reading.captures.first { $0.block == block.item && labelMatches($0.label, label, template) }
                    ?? reading.captures.first { capture in
                        labelMatches(capture.label, label, template) && !Table2Template.blocks(template).contains { $0.item == capture.block }
                    }
                let columns = block.columns.map(\.name)
                guard let capture else {
                    findings.append(
                        Finding(
                            .table2RowMissing, Location(table: "t2", row: label, column: nil), expected: label, actual: "missing",
                            zh: "表二“\(block.title)”缺少“\(label)”行。",
                            en: "Table 2 block \(block.title) has no row “\(label)”."))
                    rows.append(Table2Row(block: block.title, label: label, columns: columns, cells: columns.map { _ in Table2Cell(value: nil, raw: nil) }))
                    continue
                }
                var cells: [Table2Cell] = []
                var blanks: [String] = []
                // A glued digit run that splits several ways (a flattened page): its
                // cells are unknown, reported as blank rather than guessed.
                if columns.count >= 2, capture.values.count == 1, case .digitRun(let run) = capture.values[0] {
                    findings.append(
                        Finding(
                            .table2CellBlank, Location(table: "t2", row: label, column: nil, line: capture.line),
                            expected: "\(columns.count) values", actual: run,
                            zh: "表二“\(label)”行的数字“\(run)”连在一起，可拆分为\(columns.count)个数的方式不止一种，各栏按空白处理。",
                            en:
                                "Table 2 row “\(label)”: the glued digits “\(run)” split into \(columns.count) values in more than one way; the cells are treated as blank."
                        ))
                    rows.append(Table2Row(block: block.title, label: label, columns: columns, cells: columns.map { _ in Table2Cell(value: nil, raw: nil) }))
                    continue
                }
                for (c, column) in block.columns.enumerated() {
                    let slot: CellContent = c < capture.values.count ? capture.values[c] : .empty
                    switch slot {
                    case .empty:
                        cells.append(Table2Cell(value: nil, raw: nil))
                        blanks.append(column.name)
                    case .notApplicable(let raw):
                        cells.append(Table2Cell(value: nil, raw: raw))
                        if !(column.allowsNotApplicable && template == .v2019) { blanks.append(column.name) }
                    case .number(let v, let raw):
                        cells.append(Table2Cell(value: v, raw: raw))
                        let ok: Bool =
                            switch column.kind {
                            case .count: v >= 0 && v == v.rounded()
                            case .change: v == v.rounded()
                            case .money: v >= 0
                            }
                        if !ok {
                            findings.append(
                                Finding(
                                    .table2ValueInvalid, Location(table: "t2", row: label, column: column.name, line: capture.line),
                                    expected: column.kind == .count ? "integer ≥ 0" : column.kind == .change ? "integer" : "amount ≥ 0", actual: raw,
                                    zh: "表二“\(label)”行“\(column.name)”栏的“\(raw)”不符合要求。",
                                    en: "Table 2 row “\(label)”, column \(column.name): “\(raw)” is not a valid \(column.kind.rawValue)."))
                        }
                    case .invalid(let raw), .digitRun(let raw), .label(let raw):
                        cells.append(Table2Cell(value: nil, raw: raw))
                        findings.append(
                            Finding(
                                .table2ValueInvalid, Location(table: "t2", row: label, column: column.name, line: capture.line),
                                expected: "a number", actual: raw,
                                zh: "表二“\(label)”行“\(column.name)”栏的“\(raw)”不是数字。",
                                en: "Table 2 row “\(label)”, column \(column.name): “\(raw)” is not a number."))
                    }
                }
                if !blanks.isEmpty {
                    findings.append(
                        Finding(
                            .table2CellBlank, Location(table: "t2", row: label, column: blanks.count == 1 ? blanks[0] : nil, line: capture.line),
                            expected: "a value", actual: "blank",
                            zh: "表二“\(label)”行的“\(blanks.joined(separator: "、"))”为空。",
                            en: "Table 2 row “\(label)”: \(blanks.joined(separator: ", ")) blank."))
                }
                let unit = block.columns.contains { $0.kind == .money } ? moneyUnit(capture.headers, template: template) : nil
                rows.append(Table2Row(block: block.title, label: label, columns: columns, cells: cells, unit: unit))
            }
        }
        return rows
    }

    static func labelMatches(_ found: String, _ label: String, _ template: TemplateVersion) -> Bool {
        if found == label { return true }
        // 规范性文件 (2019) and 行政规范性文件 (2021) name the same row.
        let docs: Set<String> = ["规范性文件", "行政规范性文件"]
        return docs.contains(found) && docs.contains(label)
    }

    /// The money unit stated in the header ("采购总金额(单位:万元…)"), or the template's.
    static func moneyUnit(_ headers: [String], template: TemplateVersion) -> String? {
        for h in headers where h.has("金额") {
            if h.has("万元") { return "万元" }
            if h.has("元") { return "元" }
        }
        return template == .v2021 ? "万元" : nil
    }
}

extension String {
    var capitalizedFirst: String { prefix(1).uppercased() + dropFirst() }
}
