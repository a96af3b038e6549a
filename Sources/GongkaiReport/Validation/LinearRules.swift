/// A sum rule over cells: Σ lhs = Σ rhs.
struct SumRule: Sendable, Hashable {
    enum Kind: Sendable, Hashable {
        case flow(column: Int)  // T3: 一 + 二 = 七 + 四
        case results(column: Int)  // T3: 七 = Σ results
        case rowTotal(row: Int)  // T3: 总计 = Σ six columns
        case block(Int)  // T4: four outcomes = 总计
    }
    var kind: Kind
    var lhs: [Int]
    var rhs: [Int]
}

/// A set of cell indexes of one grid, as flags: the validator asks "is this cell …?"
/// hundreds of times per report, and hashing into a `Set<Int>` cost more than the rules.
struct CellSet: Sendable, Hashable {
    private(set) var flags: [Bool]

    init(count: Int) { flags = [Bool](repeating: false, count: count) }

    @inline(__always) func contains(_ i: Int) -> Bool { i >= 0 && i < flags.count && flags[i] }
    @inline(__always) mutating func insert(_ i: Int) { if i >= 0 && i < flags.count { flags[i] = true } }
    /// The members, ascending.
    var members: [Int] { flags.indices.filter { flags[$0] } }
}

/// The outcome of applying sum rules to a grid with unknown cells.
struct Propagation: Sendable {
    var values: [Int?]
    /// Cells whose value the rules forced.
    var inferred: CellSet
    /// Rules that cannot hold whatever the unknowns are (negative value forced), or
    /// that fail with every cell known. Each with (lhs sum, rhs sum) where known.
    var violated: [(rule: SumRule, lhs: Int, rhs: Int)]
}

/// Recovers blank cells from the table's sum rules and checks the rules.
///
/// Blanks are unknowns, never zeros. A rule with one unknown fixes it; a rule whose
/// unknowns all sit on one side and must sum to 0 makes them all 0 (counts are never
/// negative). Repeats until nothing changes. A rule is violated when the known cells
/// already break it, or when it would force a negative count.
enum LinearRules {
    static func propagate(_ start: [Int?], rules: [SumRule]) -> Propagation {
        var values = start
        var inferred = CellSet(count: start.count)
        var violated: [(SumRule, Int, Int)] = []
        var broken = [Bool](repeating: false, count: rules.count)
        var changed = true
        var rounds = 0
        while changed && rounds < 64 {
            changed = false
            rounds += 1
            for (index, rule) in rules.enumerated() where !broken[index] {
                var knownL = 0
                var knownR = 0
                var unknownL: [Int] = []
                var unknownR: [Int] = []
                for c in rule.lhs { if let v = values[c] { knownL += v } else { unknownL.append(c) } }
                for c in rule.rhs { if let v = values[c] { knownR += v } else { unknownR.append(c) } }
                if unknownL.isEmpty && unknownR.isEmpty { continue }
                // Σ unknownL − Σ unknownR = knownR − knownL
                let need = knownR - knownL
                if unknownL.count + unknownR.count == 1 {
                    let cell = unknownL.first ?? unknownR[0]
                    let value = unknownL.isEmpty ? -need : need
                    if value < 0 { broken[index] = true; violated.append((rule, knownL, knownR)); continue }
                    values[cell] = value
                    inferred.insert(cell)
                    changed = true
                } else if unknownR.isEmpty {
                    if need < 0 { broken[index] = true; violated.append((rule, knownL, knownR)); continue }
                    if need == 0 { for c in unknownL { values[c] = 0; inferred.insert(c) }; changed = true }
                } else if unknownL.isEmpty {
                    if need > 0 { broken[index] = true; violated.append((rule, knownL, knownR)); continue }
                    if need == 0 { for c in unknownR { values[c] = 0; inferred.insert(c) }; changed = true }
                }
            }
        }
        for (index, rule) in rules.enumerated() where !broken[index] {
            var l = 0
            var r = 0
            var complete = true
            for c in rule.lhs { if let v = values[c] { l += v } else { complete = false } }
            for c in rule.rhs { if let v = values[c] { r += v } else { complete = false } }
            if complete && l != r { violated.append((rule, l, r)) }
        }
        return Propagation(values: values, inferred: inferred, violated: violated)
    }

    /// The Table 3 rules of each template, built once.
    static let table3Rules2019 = table3Rules(rowKeys: Table3Template.rows(.v2019).map(\.key))
    static let table3Rules2021 = table3Rules(rowKeys: Table3Template.rows(.v2021).map(\.key))

    static func table3Rules(_ template: TemplateVersion) -> [SumRule] {
        template == .v2019 ? table3Rules2019 : table3Rules2021
    }

    /// The Table 3 rules for a grid of `rows` × 7 cells (cell = row * 7 + column).
    static func table3Rules(rowKeys: [String]) -> [SumRule] {
        func index(_ key: String) -> Int? { rowKeys.firstIndex(of: key) }
        var rules: [SumRule] = []
        let w = Table3Template.columns.count
        if let new = index("new"), let carried = index("carried"), let total = index("total"), let forward = index("carriedForward") {
            for c in 0..<w {
                rules.append(SumRule(kind: .flow(column: c), lhs: [new * w + c, carried * w + c], rhs: [total * w + c, forward * w + c]))
            }
        }
        if let total = index("total") {
            let results = Table3Template.allRows.filter(\.isResult).compactMap { index($0.key) }
            for c in 0..<w {
                rules.append(SumRule(kind: .results(column: c), lhs: [total * w + c], rhs: results.map { $0 * w + c }))
            }
        }
        for r in rowKeys.indices {
            rules.append(SumRule(kind: .rowTotal(row: r), lhs: (0..<(w - 1)).map { r * w + $0 }, rhs: [r * w + w - 1]))
        }
        return rules
    }

    /// The Table 4 rules: per block of five, the four outcomes sum to 总计.
    static let table4Rules: [SumRule] = (0..<3).map { b in
        SumRule(kind: .block(b), lhs: (0..<4).map { 5 * b + $0 }, rhs: [5 * b + 4])
    }
}
