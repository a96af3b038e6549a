/// What the Table 3 parser read: per template row, the slots found for it.
struct Table3Reading: Sendable {
    struct Capture: Sendable {
        var foundLabel: String
        var line: Int
        var slots: SlotReading?
        /// The row was split from a glued digit run and the split is ambiguous.
        var ambiguousRun: String?
        /// Display columns of the values, when the row is column-aligned text (PDF
        /// text laid out with spaces): they place values that lack their blanks.
        var columns: [Int]? = nil
    }
    /// Keyed by template row key.
    var captures: [String: Capture] = [:]
    /// Rows with numbers whose label matched nothing.
    var unrecognised: [(label: String, line: Int)] = []
    /// Whether （六）其他处理 appeared as a group with sub-items (2021) or as a data row (2019).
    var sawOtherGroup = false
    var sawOtherRow = false
    var found: Bool { !captures.isEmpty }
}

/// Reads Table 3 by matching row labels, tolerant of truncated, variant and misspelt
/// labels, and of rows split over lines.
enum Table3Parser {
    static let width = 7

    /// Exact core → candidate rows, for the fast path.
    // Keyed by UTF-8 bytes, not String: hashing or comparing a non-ASCII String runs
    // Unicode normalisation checks, which profiles showed on every label.
    static let exact: [[UInt8]: [Table3Template.Row]] = Dictionary(grouping: Table3Template.allRows, by: { Array($0.core.utf8) })
    /// Every prefix (two scalars or longer) of every row's core → the rows, so that a
    /// truncated label ("其他法律行政") finds its candidates without comparing against all.
    static let prefixes: [[UInt8]: [Table3Template.Row]] = {
        var index: [[UInt8]: [Table3Template.Row]] = [:]
        for row in Table3Template.allRows {
            let scalars = Array(row.core.unicodeScalars)
            guard scalars.count >= 2 else { continue }
            for length in 2...scalars.count {
                index[Array(String(String.UnicodeScalarView(scalars[0..<length])).utf8), default: []].append(row)
            }
        }
        return index
    }()
    static let order: [String: Int] = Dictionary(uniqueKeysWithValues: Table3Template.allRows.enumerated().map { ($1.key, $0) })

    static let groupCores: [(Table3Template.Group, [UInt8])] = Table3Template.groups.map { ($0, Array($0.core.utf8)) }

    enum Match {
        case row(Table3Template.Row)
        case group(Table3Template.Group)
    }

    static func parse(_ rows: ArraySlice<Row>) -> Table3Reading {
        var reading = Table3Reading()
        var context: Table3Template.Group? = nil
        var lastOrder = -1
        // A matched row whose values follow on later lines (PDF text puts each number on
        // a line of its own): values-only rows accumulate until the row has its seven.
        var pending: String? = nil
        var pendingZone: [CellContent] = []
        // Rows that already have their values, by ordinal (a second label matching them is
        // less likely to be them).
        var filled = [Bool](repeating: false, count: Table3Template.allRows.count)
        func flushPending() {
            defer { pending = nil; pendingZone = [] }
            guard let key = pending, pendingZone.contains(where: \.isValueLike), let slots = read(pendingZone, key: key) else { return }
            reading.captures[key]?.slots = slots.reading
            reading.captures[key]?.ambiguousRun = slots.ambiguousRun
            if let o = order[key] { filled[o] = true }
        }

        for row in rows {
            let contents = CellReading.contents(of: row)
            guard let lastLabel = contents.lastIndex(where: \.isLabel) else {
                // A row of values only: the continuation of a label on a line before.
                if pending != nil, contents.contains(where: \.isValueLike) {
                    var cells = contents
                    while let last = cells.last, last.isEmpty { cells.removeLast() }
                    pendingZone += cells
                    if pendingZone.count >= width { flushPending() }
                }
                continue
            }
            // Values gathered for a pending row end at the next label; a pending row with
            // none yet stays pending (its label may continue on this line).
            if !pendingZone.isEmpty { flushPending() }
            let zone = Array(contents[(lastLabel + 1)...])
            let hasValues = zone.contains(where: \.isValueLike)
            var matchedRow: Table3Template.Row? = nil
            var matchedLabel = ""
            for (index, content) in contents.enumerated() {
                guard case .label(let text) = content else { continue }
                let isLast = index == lastLabel
                guard let match = match(text, context: context, hasValues: isLast && hasValues, lastOrder: lastOrder, filled: filled) else { continue }
                switch match {
                case .group(let g):
                    context = g
                    if g == .other {
                        // "（六）其他处理" with numbers right after it is the 2019 data row.
                        if isLast && hasValues {
                            matchedRow = Table3Template.other2019
                            matchedLabel = text
                            reading.sawOtherRow = true
                        } else if isLast {
                            matchedRow = Table3Template.other2019
                            matchedLabel = text
                        } else {
                            reading.sawOtherGroup = true
                        }
                    }
                case .row(let r):
                    if let g = r.group, g != .results { context = g } else if r.group == nil && r.key != "new" && r.key != "carried" { context = nil }
                    if r.group == .other { reading.sawOtherGroup = true }
                    matchedRow = r
                    matchedLabel = text
                }
            }
            if let r = matchedRow {
                let existing = reading.captures[r.key]
                // A row read before keeps its values: then only whether this zone would
                // read matters, and a glued digit run is not split (a search) for nothing.
                var slots: (reading: SlotReading, ambiguousRun: String?)? = nil
                let zoneReads: Bool
                if !hasValues {
                    zoneReads = false
                } else if existing?.slots != nil {
                    zoneReads = reads(zone)
                } else {
                    slots = read(zone, key: r.key); zoneReads = slots != nil
                }
                if zoneReads {
                    if existing?.slots == nil, let slots {
                        var capture = Table3Reading.Capture(foundLabel: matchedLabel, line: row.line, slots: slots.reading, ambiguousRun: slots.ambiguousRun)
                        if row.cells.count == 1 {
                            let count = zone.filter { !$0.isEmpty }.count
                            capture.columns = CellReading.trailingTokenColumns(row.cells[0], count: count, indent: row.indent)
                        }
                        reading.captures[r.key] = capture
                    }
                    pending = nil
                } else {
                    if existing == nil {
                        reading.captures[r.key] = .init(foundLabel: matchedLabel, line: row.line, slots: nil)
                    }
                    pending = existing?.slots == nil ? r.key : nil
                }
                lastOrder = max(lastOrder, order[r.key] ?? lastOrder)
                if reading.captures[r.key]?.slots != nil, let o = order[r.key] { filled[o] = true }
            } else if hasValues {
                // A label continued from the line before ("…只计这一情形，" / "不计其他情形） 0 0 …").
                if let key = pending, let slots = read(zone, key: key) {
                    reading.captures[key]?.slots = slots.reading
                    reading.captures[key]?.ambiguousRun = slots.ambiguousRun
                    pending = nil
                } else if zone.contains(where: { if case .number = $0 { true } else { false } }) {
                    if case .label(let text) = contents[lastLabel] { reading.unrecognised.append((text, row.line)) }
                }
            }
        }
        flushPending()
        alignByColumns(&reading)
        return reading
    }

    /// Column-aligned text (PDF laid out with spaces) loses its blank cells but keeps
    /// positions: rows with all seven values give each column's position, and the values
    /// of shorter rows go to the nearest column. A table whose short rows all hold a
    /// single value, with no full row to measure, is read as "only 总计 filled" — the
    /// common way agencies fill an all-zero table.
    static func alignByColumns(_ reading: inout Table3Reading) {
        var positions = [[Int]](repeating: [], count: width)
        for capture in reading.captures.values {
            guard let columns = capture.columns, columns.count == width, case .placed? = capture.slots else { continue }
            for (c, x) in columns.enumerated() { positions[c].append(x) }
        }
        let centers: [Int]? = positions.allSatisfy({ !$0.isEmpty }) ? positions.map { $0.sorted()[$0.count / 2] } : nil
        let short = reading.captures.filter { _, capture in
            if case .dropped? = capture.slots, capture.columns != nil { return true }
            return false
        }
        guard !short.isEmpty else { return }
        let totalsOnly =
            centers == nil
            && short.values.allSatisfy { capture in
                if case .dropped(let values, _)? = capture.slots { return values.count == 1 }
                return false
            }
        for (key, capture) in short {
            guard case .dropped(let values, _)? = capture.slots, let columns = capture.columns, columns.count == values.count else { continue }
            var slots = [CellContent](repeating: .empty, count: width)
            if let centers {
                var previous = -1
                var ok = true
                for (value, x) in zip(values, columns) {
                    let c = centers.indices.min { abs(centers[$0] - x) < abs(centers[$1] - x) } ?? 0
                    if c <= previous { ok = false; break }
                    slots[c] = value
                    previous = c
                }
                if ok { reading.captures[key]?.slots = .placed(slots) }
            } else if totalsOnly, let value = values.first {
                slots[Table3Template.totalColumn] = value
                reading.captures[key]?.slots = .placed(slots)
            }
        }
    }

    /// Reads the value zone, expanding a glued digit run by the row-total rule.
    static func read(_ zone: [CellContent], key: String) -> (reading: SlotReading, ambiguousRun: String?)? {
        let nonEmpty = zone.filter { !$0.isEmpty }
        if nonEmpty.count == 1, let run = CellReading.digitRun(nonEmpty[0], atLeast: width) {
            let splits = DigitRunSplitter.splits(run, count: width) { values in
                values[0..<6].reduce(0, +) == values[6]
            }
            if splits.count == 1 {
                return (.placed(splits[0].map { .number(Double($0), raw: String($0)) }), nil)
            }
            return (.placed(Array(repeating: .empty, count: width)), run)
        }
        guard let reading = ValueSlots.place(zone, width: width) else { return nil }
        return (reading, nil)
    }

    /// Whether `read(zone, key:)` would read something (it is nil exactly when this is
    /// false), without splitting a glued digit run.
    static func reads(_ zone: [CellContent]) -> Bool {
        let nonEmpty = zone.filter { !$0.isEmpty }
        if nonEmpty.count == 1, CellReading.digitRun(nonEmpty[0], atLeast: width) != nil { return true }
        return ValueSlots.place(zone, width: width) != nil
    }

    /// Matches one label against the template's rows and groups.
    static func match(
        _ text: String, context: Table3Template.Group?, hasValues: Bool, lastOrder: Int,
        filled: [Bool]
    ) -> Match? {
        let (marker, core) = LabelText.core(of: text)
        // More than 240 bytes is more than 60 scalars: a long text is no label, and its
        // key is not worth making.
        guard core.utf8.count <= 240 else { return nil }
        let coreKey = LabelText.Key(core)
        let coreLength = coreKey.scalars.count
        guard coreLength <= 60 else { return nil }
        // Groups.
        let coreBytes = Array(core.utf8)
        for (g, gCore) in groupCores {
            if coreBytes == gCore || (coreLength >= 2 && gCore.starts(with: coreBytes) && (marker == g.marker || coreLength >= 3)) {
                if g == .results || marker == nil || marker == g.marker || marker?.number == g.marker.number {
                    // "（三）不予公开" is a group, but "3.危及…" is not: check the marker kind.
                    if case .arabic? = marker { continue }
                    if g == .other && hasValues { return .group(g) }
                    return .group(g)
                }
            }
        }
        var best: (row: Table3Template.Row, score: Double)? = nil
        let candidates: [Table3Template.Row]
        let exactRows = exact[coreBytes]
        if let exactRows {
            candidates = exactRows
        } else if let prefixRows = prefixes[coreBytes] {
            candidates = prefixRows
        } else if marker == nil && coreLength < 4 {
            return nil
        }  // header cells ("其他", "总计")
        else {
            candidates = Table3Template.allRows
        }
        for r in candidates {
            if r.key == "other" { continue }  // handled as the （六） group above
            var score: Double
            if core.isEmpty {
                // A bare number "3." inside a group.
                guard let m = marker, m == r.marker, r.group != nil, r.group == context else { continue }
                score = 0.75
            } else {
                let isExact = exactRows?.contains { $0.ordinal == r.ordinal } ?? false
                score = isExact ? 1 : LabelText.similarity(coreKey, r.matchKey, atLeast: 0.45)
            }
            guard score >= 0.6 else { continue }
            let itemRow = r.marker != .none && r.group != nil && r.group != .results
            if marker == nil {
                // Header cells ("其他", "总计") must not pass for rows: without numbering a
                // label needs substance, or an exact match with numbers after it.
                if coreLength < 4 && !(score == 1 && hasValues) { continue }
            } else if let m = marker {
                if m == r.marker { score += 0.1 } else if m.number != r.marker.number { score -= 0.25 }
            }
            if itemRow {
                if let c = context {
                    score += c == r.group ? 0.05 : -0.3
                }
            }
            let position = r.ordinal
            if position < filled.count, filled[position] { score -= 0.3 }
            score += position > lastOrder ? 0.02 : -0.05
            if best.map({ score > $0.score }) ?? true { best = (r, score) }
        }
        guard let b = best, b.score >= 0.7 else { return nil }
        return .row(b.row)
    }
}
