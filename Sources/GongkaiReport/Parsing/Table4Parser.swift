/// What the Table 4 parser read.
struct Table4Reading: Sendable {
    var slots: SlotReading?
    var line: Int?
    var ambiguousRun: String?
    /// Whether the table's header (行政复议 …) was seen at all.
    var sawHeader = false
}

/// Reads Table 4: the row of fifteen numbers under the 行政复议 / 行政诉讼 headers.
///
/// The numbers may sit on one row (with blanks as empty cells), spread over several
/// rows (PDF line wraps), one per line, or glued into a digit run.
enum Table4Parser {
    static let width = 15

    static func parse(_ rows: ArraySlice<Row>) -> Table4Reading {
        var reading = Table4Reading()
        var zone: [CellContent] = []
        var started = false
        var aligned = false
        for row in rows {
            let contents = CellReading.contents(of: row)
            let text = row.text
            if text.has("行政复议") || text.has("行政诉讼") { reading.sawHeader = true }
            let numbers = contents.filter { if case .number = $0 { true } else if case .digitRun = $0 { true } else { false } }.count
            let labels = contents.filter(\.isLabel)
            if numbers == 0 {
                if started { break }
                continue
            }
            // Header rows hold labels only; a data row may have one label in front ("数量").
            if labels.count > 1 { if started { break } else { continue } }
            var cells = contents
            if let l = cells.lastIndex(where: \.isLabel) { cells = Array(cells[(l + 1)...]) }
            if !started {
                reading.line = row.line
                started = true
                zone = cells
                if row.cells.count == 1 {
                    let count = cells.filter { !$0.isEmpty }.count
                    aligned = CellReading.trailingTokenColumns(row.cells[0], count: count, indent: row.indent) != nil
                }
            } else {
                while let last = zone.last, last.isEmpty { zone.removeLast() }
                zone += cells
            }
            let filled = zone.filter { !$0.isEmpty }.count
            if zone.count >= width || filled >= width { break }
        }
        guard started else { return reading }
        let nonEmpty = zone.filter { !$0.isEmpty }
        if nonEmpty.count == 1, let run = CellReading.digitRun(nonEmpty[0], atLeast: width) {
            let splits = DigitRunSplitter.splits(run, count: width) { v in
                (0..<3).allSatisfy { b in v[5 * b..<5 * b + 4].reduce(0, +) == v[5 * b + 4] }
            }
            if splits.count == 1 {
                reading.slots = .placed(splits[0].map { .number(Double($0), raw: String($0)) })
            } else {
                reading.slots = .placed(Array(repeating: .empty, count: width))
                reading.ambiguousRun = run
            }
            return reading
        }
        reading.slots = ValueSlots.place(zone, width: width)
        // Column-aligned text (PDF laid out with spaces) that lost its blanks and holds
        // exactly three numbers: the three 总计 cells, the way agencies fill an all-zero
        // table when they fill only the totals.
        if case .dropped(let values, _)? = reading.slots, values.count == 3, aligned {
            var slots = [CellContent](repeating: .empty, count: width)
            for (value, column) in zip(values, [4, 9, 14]) { slots[column] = value }
            reading.slots = .placed(slots)
        }
        return reading
    }
}
