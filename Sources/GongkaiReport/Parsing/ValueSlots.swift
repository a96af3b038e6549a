/// The values of one table row, placed in its columns.
enum SlotReading: Sendable, Hashable {
    /// Every value has a known column (blanks included).
    case placed([CellContent])
    /// Fewer values than columns and nothing says which columns are missing:
    /// `values` in order, `missing` cells dropped somewhere.
    case dropped(values: [CellContent], missing: Int)
    /// More values than columns; `placed` keeps the last `width` of them.
    case extra(placed: [CellContent], found: Int)
}

/// Places the values written after a row's label into the table's columns.
///
/// Labels and values are tied by position after the label, never by counting numbers
/// through the table, so one blank cell cannot shift every later value.
///
/// - Exactly `width` cells: positional.
/// - More, with empty cells in front (a label indented into the value area): drop those.
/// - Fewer, with explicit empty cells: the row was cut short on the label side when the
///   area after the label is narrower than the table (right-aligned), else padding was
///   trimmed at the end (left-aligned).
/// - Fewer, with no empty cell at all: cells were dropped and their columns are unknown.
enum ValueSlots {
    static func place(_ zone: [CellContent], width: Int) -> SlotReading? {
        // Exactly as many cells as columns: every cell, empty ones included, is a column
        // (the one-cell-per-line layout has no padding).
        if zone.count == width {
            return zone.allSatisfy(\.isEmpty) ? nil : .placed(zone)
        }
        var trimmed = zone
        while let last = trimmed.last, last.isEmpty { trimmed.removeLast() }
        if trimmed.isEmpty { return nil }
        if trimmed.count == width { return .placed(trimmed) }
        if trimmed.count > width {
            let excess = trimmed.count - width
            if trimmed.prefix(excess).allSatisfy(\.isEmpty) { return .placed(Array(trimmed.suffix(width))) }
            let values = trimmed.filter { !$0.isEmpty }
            if values.count == width { return .placed(values) }
            return .extra(placed: Array(trimmed.suffix(width)), found: values.count)
        }
        if !trimmed.contains(where: \.isEmpty) {
            return .dropped(values: trimmed, missing: width - trimmed.count)
        }
        let padding = Array(repeating: CellContent.empty, count: width - trimmed.count)
        if zone.count >= width { return .placed(trimmed + padding) }
        return .placed(padding + trimmed)
    }
}
