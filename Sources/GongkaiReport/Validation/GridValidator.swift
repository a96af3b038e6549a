/// Validates a numeric table (Table 3 or Table 4): cell types, blank recovery,
/// dropped-cell placement and the sum rules, producing the final cells and findings.
struct GridValidator {
    struct Codes {
        var valueInvalid: FindingCode
        var extraValues: FindingCode
        var blankRecovered: FindingCode
        var blankUnrecoverable: FindingCode
        var droppedRecovered: FindingCode
        var droppedAmbiguous: FindingCode
    }

    /// What the parser found for one row.
    enum RowInput {
        case missing
        case read(SlotReading?, ambiguousRun: String?)
    }

    var table: String
    var rowLabels: [String]
    var rowLabelsEN: [String]
    var columns: [String]
    var columnsEN: [String]
    var rules: [SumRule]
    var codes: Codes
    /// Lines of the rows in the normalised text, for locations.
    var lines: [Int?]
    /// Describes a violated rule (zh, en, expected, actual, location).
    var describe: (SumRule, Int, Int, [Int?]) -> (zh: String, en: String, expected: String, actual: String, location: Location)

    var width: Int { columns.count }

    func validate(_ inputs: [RowInput], findings: inout [Finding]) -> [[Cell]] {
        let cellCount = rowLabels.count * width
        var values = [Int?](repeating: nil, count: cellCount)
        var raws = [String?](repeating: nil, count: cellCount)
        var readBlank = CellSet(count: cellCount)  // cells that arrived blank (recoverable)
        var dropped: [(row: Int, values: [Int?], raws: [String?], missing: Int)] = []
        var excluded = CellSet(count: cellCount)  // cells not to report as blank (own finding already)

        for (r, input) in inputs.enumerated() {
            let base = r * width
            switch input {
            case .missing:
                for c in 0..<width { readBlank.insert(base + c) }
            case .read(let reading, let run):
                if let run {
                    findings.append(
                        Finding(
                            codes.valueInvalid, location(r, nil), expected: "\(width) numbers", actual: run,
                            zh: "“\(rowLabels[r])”行的数字连在一起（\(run)），无法唯一拆分为\(width)栏。",
                            en: "Row “\(rowLabelsEN[r])”: the digits \(run) run together and cannot be split into \(width) columns in one way."))
                    for c in 0..<width { excluded.insert(base + c) }
                }
                guard let reading else {
                    for c in 0..<width { readBlank.insert(base + c) }
                    continue
                }
                switch reading {
                case .placed(let slots), .extra(let slots, _):
                    if case .extra(_, let found) = reading {
                        findings.append(
                            Finding(
                                codes.extraValues, location(r, nil), expected: "\(width)", actual: "\(found)",
                                zh: "“\(rowLabels[r])”行有\(found)个数值，多于\(width)栏。",
                                en: "Row “\(rowLabelsEN[r])” has \(found) values for \(width) columns."))
                    }
                    for (c, slot) in slots.prefix(width).enumerated() {
                        let (value, raw) = read(slot, row: r, column: c, findings: &findings)
                        values[base + c] = value
                        raws[base + c] = raw
                        if value == nil {
                            if case .empty = slot {
                                readBlank.insert(base + c)
                            } else if case .notApplicable = slot {
                                readBlank.insert(base + c)
                            } else {
                                excluded.insert(base + c)
                            }
                        }
                    }
                case .dropped(let slots, let missing):
                    var vs: [Int?] = []
                    var rs: [String?] = []
                    for (k, slot) in slots.enumerated() {
                        let (value, raw) = read(slot, row: r, column: nil, index: k, findings: &findings)
                        vs.append(value)
                        rs.append(raw)
                    }
                    dropped.append((r, vs, rs, missing))
                }
            }
        }

        var inferredDropped = CellSet(count: cellCount)
        if !dropped.isEmpty {
            resolveDropped(dropped, values: &values, raws: &raws, inferred: &inferredDropped, excluded: &excluded, findings: &findings)
        }

        let result = LinearRules.propagate(values, rules: rules)
        for (rule, l, r) in result.violated {
            let d = describe(rule, l, r, result.values)
            let code: FindingCode = {
                switch rule.kind {
                case .flow: .table3FlowMismatch
                case .results: .table3ResultsMismatch
                case .rowTotal: .table3RowTotalMismatch
                case .block: .table4TotalMismatch
                }
            }()
            findings.append(Finding(code, d.location, expected: d.expected, actual: d.actual, zh: d.zh, en: d.en))
        }

        // Recovered blanks, one finding per row.
        for r in 0..<rowLabels.count {
            let recovered = (0..<width).filter { c in
                let i = r * width + c
                return readBlank.contains(i) && result.values[i] != nil && values[i] == nil && !excluded.contains(i)
            }
            guard !recovered.isEmpty else { continue }
            let names = recovered.map { columns[$0] }.joined(separator: "、")
            let namesEN = recovered.map { columnsEN[$0] }.joined(separator: ", ")
            let vals = recovered.map { String(result.values[r * width + $0] ?? 0) }.joined(separator: ", ")
            findings.append(
                Finding(
                    codes.blankRecovered, location(r, recovered.count == 1 ? recovered[0] : nil), expected: vals, actual: "blank",
                    zh: "“\(rowLabels[r])”行的空白单元格（\(names)）由勾稽关系推算为 \(vals)。",
                    en: "Row “\(rowLabelsEN[r])”: blank \(namesEN) recovered as \(vals) from the table's sum rules."))
        }

        // Blanks the rules do not determine.
        let unknown = Set((0..<cellCount).filter { result.values[$0] == nil && !excluded.contains($0) })
        if !unknown.isEmpty {
            var covered = Set<Int>()
            for rule in rules {
                let cells = rule.lhs + rule.rhs
                let open = cells.filter { unknown.contains($0) }
                guard open.count >= 2, !Set(open).isSubset(of: covered) else { continue }
                let leftOpen = rule.lhs.filter { unknown.contains($0) }
                let rightOpen = rule.rhs.filter { unknown.contains($0) }
                guard leftOpen.isEmpty || rightOpen.isEmpty else { continue }
                let knownL = rule.lhs.compactMap { result.values[$0] }.reduce(0, +)
                let knownR = rule.rhs.compactMap { result.values[$0] }.reduce(0, +)
                let sum = leftOpen.isEmpty ? knownL - knownR : knownR - knownL
                covered.formUnion(open)
                findings.append(unrecoverable(open, sum: sum))
            }
            let rest = unknown.subtracting(covered).sorted()
            if !rest.isEmpty { findings.append(unrecoverable(rest, sum: nil)) }
        }

        var cells: [[Cell]] = []
        for r in 0..<rowLabels.count {
            var row: [Cell] = []
            for c in 0..<width {
                let i = r * width + c
                let inferred = inferredDropped.contains(i) || (result.inferred.contains(i) && values[i] == nil)
                row.append(Cell(value: result.values[i], raw: raws[i], inferred: inferred))
            }
            cells.append(row)
        }
        return cells
    }

    /// Reads one slot as a non-negative integer, reporting what is not.
    func read(_ slot: CellContent, row r: Int, column c: Int?, index: Int? = nil, findings: inout [Finding]) -> (Int?, String?) {
        switch slot {
        case .empty: return (nil, nil)
        case .notApplicable(let raw): return (nil, raw)
        case .number(let v, let raw):
            if v >= 0, v == v.rounded(), v < 1e12 { return (Int(v), raw) }
            let why = v < 0 ? ("为负数", "is negative") : (v == v.rounded() ? ("过大", "is too large") : ("不是整数", "is not a whole number"))
            findings.append(invalid(r, c, raw, why))
            return (nil, raw)
        case .invalid(let raw), .digitRun(let raw), .label(let raw):
            findings.append(invalid(r, c, raw, ("不是数字", "is not a number")))
            return (nil, raw)
        }
    }

    func invalid(_ r: Int, _ c: Int?, _ raw: String, _ why: (String, String)) -> Finding {
        let col = c.map { "“\(columns[$0])”栏" } ?? ""
        let colEN = c.map { ", \(columnsEN[$0])" } ?? ""
        return Finding(
            codes.valueInvalid, location(r, c), expected: "integer ≥ 0", actual: raw,
            zh: "“\(rowLabels[r])”行\(col)的“\(raw)”\(why.0)，应为非负整数。",
            en: "Row “\(rowLabelsEN[r])”\(colEN): “\(raw)” \(why.1); a non-negative integer is required.")
    }

    func unrecoverable(_ cells: [Int], sum: Int?) -> Finding {
        let names = cells.prefix(12).map { "\(rowLabels[$0 / width])/\(columns[$0 % width])" }.joined(separator: "、")
        let namesEN = cells.prefix(12).map { "\(rowLabelsEN[$0 / width]) / \(columnsEN[$0 % width])" }.joined(separator: "; ")
        let more = cells.count > 12 ? "等\(cells.count)格" : ""
        let moreEN = cells.count > 12 ? " and \(cells.count - 12) more" : ""
        let rows = Set(cells.map { $0 / width })
        let cols = Set(cells.map { $0 % width })
        let loc = Location(
            table: table, row: rows.count == 1 ? rowLabels[cells[0] / width] : nil,
            column: cols.count == 1 ? columns[cells[0] % width] : nil, line: lines[cells[0] / width] ?? nil)
        if let sum {
            return Finding(
                codes.blankUnrecoverable, loc, expected: "sum \(sum)", actual: "blank",
                zh: "空白单元格 \(names)\(more) 之和须为 \(sum)，但各自的值无法唯一确定。",
                en: "Blank cells \(namesEN)\(moreEN) must sum to \(sum), but their values are not determined.")
        }
        return Finding(
            codes.blankUnrecoverable, loc, expected: "a value", actual: "blank",
            zh: "空白单元格 \(names)\(more) 的值无法由勾稽关系确定。",
            en: "Blank cells \(namesEN)\(moreEN) cannot be determined from the sum rules.")
    }

    func location(_ r: Int, _ c: Int?) -> Location {
        Location(table: table, row: rowLabels[r], column: c.map { columns[$0] }, line: lines[r] ?? nil)
    }

    /// Tries every placement of the dropped cells; adopts the values when all
    /// consistent placements agree, otherwise reports the rows as ambiguous.
    func resolveDropped(
        _ dropped: [(row: Int, values: [Int?], raws: [String?], missing: Int)], values: inout [Int?], raws: inout [String?],
        inferred: inout CellSet, excluded: inout CellSet, findings: inout [Finding]
    ) {
        // Placements per row: which positions are missing. Each is first solved with
        // the rules local to its row; placements that break them are dropped, and
        // placements giving the same row values are one candidate (six zeros give
        // seven placements but one candidate).
        var options: [[(missing: [Int], values: [Int?])]] = []
        var total = 1
        // Beyond three dropped cells in a row the placements explode (C(15,7) = 6435)
        // and are never unique in practice: such a row is ambiguous outright.
        if dropped.contains(where: { $0.missing > 3 }) {
            for d in dropped {
                for c in 0..<width { excluded.insert(d.row * width + c) }
                findings.append(ambiguous(d.row, d.missing))
            }
            return
        }
        for d in dropped {
            let rowCells = Set((0..<width).map { d.row * width + $0 })
            let local = rules.filter { Set($0.lhs + $0.rhs).isSubset(of: rowCells) }
            var candidates: [(missing: [Int], values: [Int?])] = []
            // Reversed lexicographic order tries "the last cells were dropped" first.
            for missing in combinations(width, d.missing).reversed() {
                var grid = [Int?](repeating: nil, count: values.count)
                var it = d.values.makeIterator()
                for c in 0..<width where !missing.contains(c) { grid[d.row * width + c] = it.next() ?? nil }
                let solved = LinearRules.propagate(grid, rules: local)
                guard solved.violated.isEmpty else { continue }
                let rowValues = (0..<width).map { solved.values[d.row * width + $0] }
                if !candidates.contains(where: { $0.values == rowValues }) { candidates.append((missing, rowValues)) }
            }
            options.append(candidates)
            total = total.multipliedReportingOverflow(by: max(candidates.count, 1)).overflow ? Int.max : total * max(candidates.count, 1)
        }
        var agreed: [Int?]? = nil
        var chosen: [[Int]]? = nil
        var consistent = 0
        var disagree = false
        if total <= 5000 && options.allSatisfy({ !$0.isEmpty }) {
            var indices = [Int](repeating: 0, count: dropped.count)
            outer: while true {
                var grid = values
                var placement: [[Int]] = []
                for (k, d) in dropped.enumerated() {
                    let option = options[k][indices[k]]
                    placement.append(option.missing)
                    for c in 0..<width { grid[d.row * width + c] = option.values[c] }
                }
                let p = LinearRules.propagate(grid, rules: rules)
                if p.violated.isEmpty {
                    consistent += 1
                    let cells = dropped.flatMap { d in (0..<width).map { p.values[d.row * width + $0] } }
                    if let a = agreed {
                        if a != cells || cells.contains(where: { $0 == nil }) { disagree = true }
                    } else {
                        agreed = cells
                        chosen = placement
                        if cells.contains(where: { $0 == nil }) { disagree = true }
                    }
                }
                // Next combination.
                var k = 0
                while k < indices.count {
                    indices[k] += 1
                    if indices[k] < options[k].count { break }
                    indices[k] = 0
                    k += 1
                }
                if k == indices.count { break outer }
                if disagree { break outer }
            }
        } else if total > 5000 {
            disagree = true
        }
        if consistent > 0, !disagree, let agreed, let chosen {
            for (k, d) in dropped.enumerated() {
                var it = d.raws.makeIterator()
                for c in 0..<width {
                    let i = d.row * width + c
                    values[i] = agreed[k * width + c]
                    if chosen[k].contains(c) { inferred.insert(i) } else { raws[i] = it.next() ?? nil }
                }
                findings.append(recovered(d.row, d.missing, chosen[k]))
            }
        } else if consistent == 0 && !disagree {
            // No placement satisfies every rule: the table is broken elsewhere (and the
            // rules will say where). A row whose placements all agree by its own rules
            // is still recovered; the others are ambiguous.
            for (k, d) in dropped.enumerated() {
                if options[k].count == 1, let only = options[k].first, !only.values.contains(where: { $0 == nil }) {
                    var it = d.raws.makeIterator()
                    for c in 0..<width {
                        let i = d.row * width + c
                        values[i] = only.values[c]
                        if only.missing.contains(c) { inferred.insert(i) } else { raws[i] = it.next() ?? nil }
                    }
                    findings.append(recovered(d.row, d.missing, only.missing))
                } else {
                    for c in 0..<width { excluded.insert(d.row * width + c) }
                    findings.append(ambiguous(d.row, d.missing))
                }
            }
        } else {
            for d in dropped {
                for c in 0..<width { excluded.insert(d.row * width + c) }
                findings.append(ambiguous(d.row, d.missing))
            }
        }
    }

    func recovered(_ r: Int, _ missing: Int, _ columnsMissing: [Int]) -> Finding {
        let cols = columnsMissing.map { columns[$0] }.joined(separator: "、")
        let colsEN = columnsMissing.map { columnsEN[$0] }.joined(separator: ", ")
        return Finding(
            codes.droppedRecovered, location(r, columnsMissing.count == 1 ? columnsMissing[0] : nil),
            expected: "\(width) values", actual: "\(width - missing) values",
            zh: "“\(rowLabels[r])”行只有\(width - missing)个数值；无论缺的是哪一栏，结果都相同，按缺少（\(cols)）记录。",
            en:
                "Row “\(rowLabelsEN[r])” has \(width - missing) values for \(width) columns; every placement of the missing cell gives the same values (recorded as missing \(colsEN))."
        )
    }

    func ambiguous(_ r: Int, _ missing: Int) -> Finding {
        Finding(
            codes.droppedAmbiguous, location(r, nil), expected: "\(width) values", actual: "\(width - missing) values",
            zh: "“\(rowLabels[r])”行只有\(width - missing)个数值，缺少的是哪一栏会影响结果，无法确定各栏数值。",
            en: "Row “\(rowLabelsEN[r])” has \(width - missing) values for \(width) columns, and which column was dropped changes the result.")
    }

    func combinations(_ n: Int, _ k: Int) -> [[Int]] {
        guard k > 0, k <= n else { return k == 0 ? [[]] : [] }
        var result: [[Int]] = []
        var current: [Int] = []
        func go(_ start: Int) {
            if current.count == k { result.append(current); return }
            guard start < n, result.count < 6000 else { return }
            for i in start..<n {
                current.append(i)
                go(i + 1)
                current.removeLast()
            }
        }
        go(0)
        return result
    }
}
