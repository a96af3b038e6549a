import GongkaiReport

/// One table row as laid out on a page, before it becomes a ``TableRow``.
struct LaidRow: Sendable {
    var cells: [TableCell]
    var top: Double
    /// How many cells at the end are value cells (one per column).
    var values: Int = 0
    /// The row's own label (not its groups'), and whether it starts with an item number.
    var label: String? = nil
    var numbered = false
}

/// A table found on one page: its rows top to bottom, and the runs it used.
struct LaidTable: Sendable {
    var rows: [LaidRow]
    var top: Double
    var bottom: Double
}

/// Finds the tables of one page from the positions of its runs.
///
/// A table is anchored on its values: numbers (and "/" marks) standing alone in a line,
/// far from any other text, grouped into horizontal bands. Consecutive bands whose values
/// line up in the same columns form a segment (one table, or one block of Table 2); text
/// in the value columns between two bands (a block title, a header row) ends a segment.
/// The columns come from the values (x ranges of the numbers) and, where rows have blank
/// cells, from the header words above the first band. Left of the first value column is
/// the label area: its runs are built into label cells (lines joined when a label wraps),
/// each band takes the innermost label cell beside it, and label cells beside no band are
/// group labels (printed once for a run of rows, often vertically) or labels of rows left
/// entirely blank.
struct PageTables {
    let runs: [Run]
    /// Indices of runs taken by a table.
    var used: [Bool]
    var tables: [LaidTable] = []
    /// Extents of the labels beside values on the page.
    var bandLabels: [Span] = []
    /// The right end of the page's widest line.
    var pageRight = 0.0
    /// Loose values on a page at most for tables to be looked for.
    static let maxValues = 20_000
    /// Label cells times bands at most in one table.
    static let maxPairs = 2_000_000

    /// Runs sorted by vertical centre, for range scans.
    let byY: [Int]

    init(runs: [Run], excluded: [Bool]) {
        self.runs = runs
        self.used = excluded
        self.byY = runs.indices.filter { !excluded[$0] }.sorted { runs[$0].cy < runs[$1].cy }
    }

    // MARK: - Bands

    struct Band {
        var runs: [Int]
        var ys: Span
        var h: Double
        /// Column of each run (parallel to `runs`), once the segment's columns are known.
        var columns: [Int] = []
        /// Text runs on the band inside a value column ("无"), with their column.
        var extra: [(run: Int, column: Int)] = []
    }

    /// Values standing alone: a number or a mark with no text within one height on either
    /// side on its line (another value within 0.6 of a height).
    func isolatedValues(lines: [[Int]]) -> [Int] {
        var out: [Int] = []
        for line in lines {
            for (k, i) in line.enumerated() {
                let r = runs[i]
                guard r.isValue else { continue }
                let h = r.h
                // Far from text; values of a tight table may stand a little closer together.
                if k > 0 {
                    let p = runs[line[k - 1]]
                    if r.x1 - p.x2 < (p.isValue ? 0.6 : 1.0) * min(h, p.h) { continue }
                }
                if k + 1 < line.count {
                    let n = runs[line[k + 1]]
                    if n.x1 - r.x2 < (n.isValue ? 0.6 : 1.0) * min(h, n.h) { continue }
                }
                out.append(i)
            }
        }
        return out
    }

    func bands(_ values: [Int]) -> [Band] {
        let sorted = values.sorted { runs[$0].cy < runs[$1].cy }
        var bands: [Band] = []
        for i in sorted {
            let r = runs[i]
            // In place: copying the last band per value would make a long band quadratic.
            let b = bands.count - 1
            if b >= 0, abs(r.cy - bands[b].ys.mid) <= 0.4 * min(r.h, bands[b].h) {
                bands[b].runs.append(i)
                bands[b].ys = bands[b].ys.union(r.ys)
                continue
            }
            bands.append(Band(runs: [i], ys: r.ys, h: r.h))
        }
        for b in bands.indices { bands[b].runs.sort { runs[$0].x1 < runs[$1].x1 } }
        return bands
    }

    // MARK: - Columns

    /// The column each run falls in (largest horizontal overlap), nil when none overlaps.
    static func match(_ xs: Span, _ columns: [Span]) -> Int? {
        var best: Int? = nil
        var bestOverlap = 0.0
        for (c, col) in columns.enumerated() {
            let o = xs.overlap(col)
            if o > bestOverlap || (o == bestOverlap && o > 0 && best == nil) {
                best = c
                bestOverlap = o
            }
        }
        return bestOverlap > 0 ? best : nil
    }

    /// Adds a band's values to a segment's columns if they line up: every value in a
    /// distinct column (a row with blanks), or every column taken and the rest new (the
    /// first rows had blanks). Nil when they do not line up.
    static func extend(_ columns: [Span], with xs: [Span]) -> [Span]? {
        if columns.isEmpty { return merged(xs) }
        let matches = xs.map { match($0, columns) }
        var last = -1
        var taken = Set<Int>()
        var allMatched = true
        for m in matches {
            guard let m else { allMatched = false; continue }
            if m <= last { return nil }
            last = m
            taken.insert(m)
        }
        if !allMatched && taken.count < columns.count { return nil }
        var out = columns
        for (x, m) in zip(xs, matches) {
            if let m { out[m] = out[m].union(x) } else { out.append(x) }
        }
        out.sort { $0.lo < $1.lo }
        // Widened columns must not run into each other.
        for c in 1..<max(out.count, 1) where out[c].lo <= out[c - 1].hi { return nil }
        return out
    }

    static func merged(_ xs: [Span]) -> [Span] {
        var out: [Span] = []
        for x in xs.sorted(by: { $0.lo < $1.lo }) {
            if let last = out.last, x.lo <= last.hi { out[out.count - 1] = last.union(x) } else { out.append(x) }
        }
        return out
    }

    // MARK: - Segments

    struct Segment {
        var bands: [Band]
        var columns: [Span]
    }

    /// Splits the bands into segments of aligned values.
    func segments(_ bands: [Band]) -> [Segment] {
        var segments: [Segment] = []
        var current: Segment? = nil
        for band in bands {
            let xs = band.runs.map { runs[$0].xs }
            // Mutated in place: a copy of the segment per band would make this quadratic.
            if let previous = current?.bands.last, let columns = current?.columns {
                let left = columns.first?.lo ?? 0
                let h = min(previous.h, band.h)
                if !textInValueArea(between: previous.ys.hi, and: band.ys.lo, rightOf: left + 0.3 * h),
                    let extended = Self.extend(columns, with: xs)
                {
                    current?.columns = extended
                    current?.bands.append(band)
                    continue
                }
            }
            if let s = current { segments.append(s) }
            current = Segment(bands: [band], columns: Self.merged(xs))
        }
        if let s = current { segments.append(s) }
        return segments
    }

    /// Index range in `byY` of runs whose centre lies in (lo, hi).
    func yRange(_ lo: Double, _ hi: Double) -> Range<Int> {
        func firstIndex(above y: Double) -> Int {
            var a = 0
            var b = byY.count
            while a < b {
                let m = (a + b) / 2
                if runs[byY[m]].cy <= y { a = m + 1 } else { b = m }
            }
            return a
        }
        let start = firstIndex(above: lo)
        var end = firstIndex(above: hi)
        // firstIndex(above: hi) includes centres equal to hi; exclude them.
        while end > start, runs[byY[end - 1]].cy >= hi { end -= 1 }
        return start..<max(start, end)
    }

    func textInValueArea(between top: Double, and bottom: Double, rightOf x: Double) -> Bool {
        guard bottom > top else { return false }
        for k in yRange(top, bottom) {
            let r = runs[byY[k]]
            if r.kind == .text, r.x2 > x, r.y1 >= top - 0.2 * r.h, r.y2 <= bottom + 0.2 * r.h { return true }
        }
        return false
    }

    // MARK: - Header columns

    /// Columns read from the header words above the first band: short runs right of the
    /// labels, narrowest first; a run over two columns or more (申请人情况, 行政诉讼) spans
    /// them and is skipped. Used when the header has more columns than the values show.
    func headerColumns(_ segment: Segment, above top: Double, from zoneTop: Double, labelRight: Double) -> [Span] {
        let h = segment.bands.first?.h ?? 10
        // Header words may stand right of the last value (a 总计 column left blank).
        var pitch = 3 * h
        if segment.columns.count >= 2, let first = segment.columns.first, let last = segment.columns.last {
            pitch = max(pitch, (last.mid - first.mid) / Double(segment.columns.count - 1))
        }
        let right = (segment.columns.last?.hi ?? 0) + 2.5 * pitch
        var candidates: [Run] = []
        for k in yRange(max(zoneTop, top - 16 * h), top) {
            let i = byY[k]
            let r = runs[i]
            guard !used[i], r.count <= 24, r.x1 > labelRight, r.x2 <= right else { continue }
            candidates.append(r)
        }
        guard !candidates.isEmpty else { return segment.columns }
        // Words: pieces of a line close together ("留", "4", "位小数)"), and letter-spaced
        // words ("总 计") whose characters come one by one.
        var words: [Span] = []
        for line in Lines.group(Array(candidates.indices), candidates) {
            var current: Span? = nil
            var lastSingle = false
            for i in line {
                let r = candidates[i]
                if let c = current, r.x1 - c.hi < 0.6 * r.h || (lastSingle && r.count == 1 && r.x1 - c.hi < 0.9 * r.h) {
                    current = c.union(r.xs)
                } else {
                    if let c = current { words.append(c) }
                    current = r.xs
                }
                lastSingle = r.count == 1
            }
            if let c = current { words.append(c) }
        }
        var columns = segment.columns
        for w in words.sorted(by: { $0.width < $1.width }) {
            let overlapping = columns.indices.filter { w.overlap(columns[$0]) > 0 }
            if overlapping.count >= 2 { continue }
            if let c = overlapping.first {
                let u = columns[c].union(w)
                let clash = (c > 0 && u.lo <= columns[c - 1].hi) || (c + 1 < columns.count && u.hi >= columns[c + 1].lo)
                if !clash { columns[c] = u }
            } else {
                columns.append(w)
                columns.sort { $0.lo < $1.lo }
            }
        }
        return columns
    }

    // MARK: - Labels

    struct LabelLine {
        var runs: [Int]
        var xs: Span
        var ys: Span
        var text: String
        var marker: Int?
        var count: Int
        var h: Double
    }

    struct LabelCell {
        var lines: [Int]
        var xs: Span
        var ys: Span
        var text: String
        var marker: Int?
        var h: Double
        var x1: Double { xs.lo }
    }

    func labelLines(_ indices: [Int]) -> [LabelLine] {
        let markerStarts = indices.filter { runs[$0].marker != nil }.map { runs[$0].x1 }.sorted()
        func isColumnStart(_ x: Double, _ h: Double) -> Bool {
            var a = 0
            var b = markerStarts.count
            while a < b {
                let m = (a + b) / 2
                if markerStarts[m] < x - 0.5 * h { a = m + 1 } else { b = m }
            }
            return a < markerStarts.count && markerStarts[a] < x + 0.5 * h
        }
        var out: [LabelLine] = []
        for line in Lines.group(indices, runs) {
            var open = false  // out.last is this line's current piece
            for i in line {
                let r = runs[i]
                let c = out.count - 1
                if open, c >= 0 {
                    let gap = r.x1 - out[c].xs.hi
                    let h = min(r.h, out[c].h)
                    let split = gap > 1.2 * h || (gap > 0.15 * h && r.marker != nil) || (gap > 0.4 * h && isColumnStart(r.x1, h))
                    if !split {
                        out[c].runs.append(i)
                        Runs.append(&out[c].text, r.text, spaced: gap > 0.25 * h)
                        out[c].xs = out[c].xs.union(r.xs)
                        out[c].ys = out[c].ys.union(r.ys)
                        out[c].count += r.count
                        out[c].h = max(out[c].h, r.h)
                        continue
                    }
                }
                out.append(LabelLine(runs: [i], xs: r.xs, ys: r.ys, text: r.text, marker: r.marker, count: r.count, h: r.h))
                open = true
            }
        }
        out.sort { $0.ys.lo < $1.ys.lo }
        return attachItemNumbers(out)
    }

    /// An item number printed on a baseline of its own ("1." beside a label set lower, or
    /// centred beside a label of two lines) joins the label line just right of it: the
    /// topmost one within a line's height of it.
    func attachItemNumbers(_ input: [LabelLine]) -> [LabelLine] {
        var lines = input
        var removed = Set<Int>()
        for (m, line) in input.enumerated() {
            guard line.marker != nil, Runs.marker(line.text) != nil, isBareMarker(line.text) else { continue }
            var best: Int? = nil
            var j = m
            var steps = 0
            while j > 0, input[j - 1].ys.lo > line.ys.lo - 2 * line.h, steps < 64 { j -= 1; steps += 1 }
            steps = 0
            while j < input.count, input[j].ys.lo < line.ys.hi + 1.2 * line.h, steps < 128 {
                steps += 1
                let l = input[j]
                if j != m, !removed.contains(j), l.marker == nil, l.xs.lo >= line.xs.hi - 0.3 * line.h, l.xs.lo <= line.xs.hi + 1.5 * line.h,
                    abs(l.ys.mid - line.ys.mid) <= 1.2 * max(l.h, line.h)
                {
                    if best.map({ input[$0].ys.lo > l.ys.lo }) ?? true { best = j }
                }
                j += 1
            }
            guard let b = best else { continue }
            lines[b].text = line.text + lines[b].text
            lines[b].runs = line.runs + lines[b].runs
            lines[b].xs = lines[b].xs.union(line.xs)
            lines[b].ys = lines[b].ys.union(line.ys)
            lines[b].marker = line.marker
            lines[b].count += line.count
            removed.insert(m)
        }
        return lines.enumerated().filter { !removed.contains($0.offset) }.map(\.element).sorted { $0.ys.lo < $1.ys.lo }
    }

    /// "1." "2、" "（三）" "四、" with nothing after.
    func isBareMarker(_ text: String) -> Bool {
        let scalars = Array(text.unicodeScalars)
        guard scalars.count <= 5, let last = scalars.last else { return false }
        return last == "." || last == "．" || last == "、" || last == "）" || last == ")"
    }

    /// Joins wrapped label lines into cells: a line continues the cell above it when it has
    /// no item number, sits right under it, and the line above ran to the edge of its
    /// column (it wrapped), or both are one or two characters of a stacked vertical label.
    func labelCells(_ lines: [LabelLine], valueEdge: Double) -> [LabelCell] {
        // The right edge of each line's column: the nearest label line starting to its
        // right at about the same height, else the value columns.
        var edges = [Double?](repeating: nil, count: lines.count)
        func edge(_ k: Int) -> Double {
            if let e = edges[k] { return e }
            let e = computeEdge(k)
            edges[k] = e
            return e
        }
        func computeEdge(_ k: Int) -> Double {
            let l = lines[k]
            var e = valueEdge
            var scanned = 0
            var j = k
            while j > 0, lines[j - 1].ys.lo > l.ys.lo - 3 * l.h, scanned < 64 { j -= 1; scanned += 1 }
            scanned = 0
            while j < lines.count, lines[j].ys.lo < l.ys.hi + 3 * l.h, scanned < 128 {
                let m = lines[j]
                if j != k, m.xs.lo > l.xs.hi - 0.5 * l.h, m.xs.lo < e { e = m.xs.lo }
                j += 1
                scanned += 1
            }
            return e
        }
        var cells: [LabelCell] = []
        var lastLineOfCell: [Int] = []
        var open: [Int] = []  // cells whose last line is recent
        for (k, l) in lines.enumerated() {
            var chosen: Int? = nil
            if l.marker == nil {
                var bestDistance = Double.infinity
                for c in open {
                    let p = lines[lastLineOfCell[c]]
                    let h = min(p.h, l.h)
                    let dy = l.ys.lo - p.ys.hi
                    guard dy > -0.5 * h, dy < 0.8 * h, l.ys.lo > p.ys.lo + 0.3 * h else { continue }
                    guard l.xs.lo >= p.xs.lo - 0.3 * h, l.xs.lo <= p.xs.lo + 2.5 * h else { continue }
                    let wrapped = p.xs.hi >= edge(lastLineOfCell[c]) - 2.2 * h
                    let stacked = p.count <= 2 && l.count <= 2 && p.xs.overlap(l.xs) > 0 && dy < 0.35 * h
                    guard wrapped || stacked else { continue }
                    if dy < bestDistance { bestDistance = dy; chosen = c }
                }
            }
            if let c = chosen {
                cells[c].lines.append(k)
                Runs.append(&cells[c].text, l.text, spaced: false)
                cells[c].xs = cells[c].xs.union(l.xs)
                cells[c].ys = cells[c].ys.union(l.ys)
                cells[c].h = max(cells[c].h, l.h)
                lastLineOfCell[c] = k
            } else {
                cells.append(LabelCell(lines: [k], xs: l.xs, ys: l.ys, text: l.text, marker: l.marker, h: l.h))
                lastLineOfCell.append(k)
                open.append(cells.count - 1)
            }
            open.removeAll { lines[lastLineOfCell[$0]].ys.hi < l.ys.lo - 2 * l.h }
            if open.count > 64 { open.removeFirst(open.count - 64) }
        }
        // A cell keeps the x where its first line starts; its number is read from its whole
        // text (a vertical label's "三" and "、" come on lines of their own).
        for c in cells.indices {
            if let first = cells[c].lines.first { cells[c].xs.lo = lines[first].xs.lo }
            if cells[c].marker == nil { cells[c].marker = Runs.marker(cells[c].text) }
        }
        return cells
    }

    // MARK: - Rows

    /// An entry of the table: a row (label cell and bands), a label left blank, or a group
    /// label with the entries it spans.
    indirect enum Entry {
        case row(label: Int?, bands: [Int], ys: Span, x1: Double, marker: Int?)
        case group(label: Int, children: [Entry], ys: Span, x1: Double, marker: Int?)

        var ys: Span {
            switch self {
            case .row(_, _, let ys, _, _), .group(_, _, let ys, _, _): ys
            }
        }
        var x1: Double {
            switch self {
            case .row(_, _, _, let x, _), .group(_, _, _, let x, _): x
            }
        }
        var marker: Int? {
            switch self {
            case .row(_, _, _, _, let m), .group(_, _, _, _, let m): m
            }
        }
        var leafCount: Int {
            switch self {
            case .row: 1
            case .group(_, let children, _, _, _): children.reduce(0) { $0 + $1.leafCount }
            }
        }
    }

    /// Lays out the tables of the page.
    mutating func find(lines: [[Int]], pageHeight: Double) {
        let values = isolatedValues(lines: lines)
        // A page of tens of thousands of loose numbers is no report table: left as text,
        // which keeps the work here linear.
        guard !values.isEmpty, values.count <= Self.maxValues else { return }
        let allBands = bands(values)
        pageRight = lines.reduce(0.0) { w, line in max(w, line.last.map { runs[$0].x2 } ?? 0) }
        let segments = segments(allBands)
        // Labels beside values anywhere on the page: (x1, x2) of each.
        bandLabels = []
        for band in allBands {
            for k in yRange(band.ys.lo - 0.5 * band.h, band.ys.hi + 0.5 * band.h) {
                let r = runs[byY[k]]
                if r.kind == .text, r.ys.overlap(band.ys) > 0.3 * min(r.h, band.h),
                    let firstValue = band.runs.first, r.x2 < runs[firstValue].x1
                {
                    bandLabels.append(r.xs)
                }
            }
        }
        var previousBottom = -Double.infinity
        var previousTableBottom = -Double.infinity
        for (s, segment) in segments.enumerated() {
            let nextTop = s + 1 < segments.count ? (segments[s + 1].bands.first?.ys.lo ?? .infinity) : .infinity
            let top = segment.bands.first?.ys.lo ?? 0
            let zoneTop = max(previousBottom, previousTableBottom, headerLimit(above: top, lines: lines))
            if let table = layout(segment, zoneTop: zoneTop, nextTop: nextTop) {
                previousTableBottom = table.bottom
                tables.append(table)
            }
            previousBottom = segment.bands.last?.ys.hi ?? previousBottom
        }
    }

    /// How far up a table's header may reach: to the nearest line above that is not part of
    /// a header — a numbered heading or item ("三、收到和处理…", "1."), or prose (a line with
    /// "。", or a long line across the page).
    func headerLimit(above top: Double, lines: [[Int]]) -> Double {
        var a = 0
        var b = lines.count
        while a < b {
            let m = (a + b) / 2
            if let f = lines[m].first, runs[f].cy < top { a = m + 1 } else { b = m }
        }
        var k = a - 1
        var scanned = 0
        let width = pageRight
        while k >= 0, scanned < 16 {
            let line = lines[k]
            guard let first = line.first, let last = line.last else { k -= 1; continue }
            let r = runs[first]
            let prose =
                line.contains { runs[$0].text.unicodeScalars.contains("。") }
                || (line.count == 1 && r.count >= 20 && r.x2 - r.x1 > 0.5 * width)
            if (r.marker != nil && r.kind == .text) || prose { return max(r.y2, runs[last].y2) }
            k -= 1
            scanned += 1
        }
        return k >= 0 ? (lines[k].first.map { runs[$0].y2 } ?? -Double.infinity) : -Double.infinity
    }

    mutating func layout(_ input: Segment, zoneTop: Double, nextTop: Double) -> LaidTable? {
        var segment = input
        guard let firstBand = segment.bands.first, let lastBand = segment.bands.last else { return nil }
        let h = segment.bands.map(\.h).sorted()[segment.bands.count / 2]
        let top = firstBand.ys.lo
        let bottom = lastBand.ys.hi

        // Labels beside the bands bound the header words: the segment's own, and those of
        // other tables on the page that start where they do (Table 2's blocks share their
        // label column, whose header 信息内容 is no value column).
        var labelLeft = Double.infinity
        var labelRight = -Double.infinity
        if let left = segment.columns.first?.lo {
            for band in segment.bands {
                for k in yRange(band.ys.lo - 0.5 * band.h, band.ys.hi + 0.5 * band.h) {
                    let r = runs[byY[k]]
                    if r.kind == .text, r.x2 < left, r.ys.overlap(band.ys) > 0.3 * min(r.h, band.h) {
                        labelRight = max(labelRight, r.x2)
                        labelLeft = min(labelLeft, r.x1)
                    }
                }
            }
            if labelLeft.isFinite {
                for xs in bandLabels where abs(xs.lo - labelLeft) <= 1.5 * h && xs.hi < left { labelRight = max(labelRight, xs.hi) }
            }
        }
        let header = headerColumns(segment, above: top, from: zoneTop, labelRight: labelRight)
        if header.count > segment.columns.count,
            segment.columns.allSatisfy({ c in header.filter { $0.overlap(c) > 0 }.count == 1 })
        {
            segment.columns = header
        }
        let columns = segment.columns
        guard let firstColumn = columns.first else { return nil }

        // Each value to its column.
        for b in segment.bands.indices {
            segment.bands[b].columns = segment.bands[b].runs.map { i in
                let xs = runs[i].xs
                if let m = Self.match(xs, columns) { return m }
                return columns.indices.min { abs(columns[$0].mid - xs.mid) < abs(columns[$1].mid - xs.mid) } ?? 0
            }
        }

        // The left edge of the value columns: half a column pitch before the first one.
        var valueEdge = firstColumn.lo - 0.5 * h
        if columns.count >= 2 {
            var pitches: [Double] = []
            for c in 1..<columns.count { pitches.append(columns[c].mid - columns[c - 1].mid) }
            pitches.sort()
            valueEdge = min(firstColumn.lo, firstColumn.mid - pitches[pitches.count / 2] / 2)
        }

        // Text on a band inside a value column ("无").
        for b in segment.bands.indices {
            let band = segment.bands[b]
            for k in yRange(band.ys.lo - 0.5 * band.h, band.ys.hi + 0.5 * band.h) {
                let i = byY[k]
                let r = runs[i]
                guard !used[i], r.kind == .text, r.count <= 4, r.x1 >= firstColumn.lo - 0.3 * h,
                    r.ys.overlap(band.ys) > 0.5 * min(r.h, band.h), let c = Self.match(r.xs, columns),
                    !band.columns.contains(c)
                else { continue }
                segment.bands[b].extra.append((i, c))
            }
        }

        // Label runs: left of the values, near the segment.
        let windowTop = max(zoneTop, top - 4 * h)
        let windowBottom = min(nextTop, bottom + 4 * h)
        let bandRuns = Set(segment.bands.flatMap(\.runs))
        // A label may reach into the first column's header width, not to its values.
        var labelLimit = firstColumn.lo
        var firstValues = Double.infinity
        for band in segment.bands {
            for (i, c) in zip(band.runs, band.columns) where c == 0 { firstValues = min(firstValues, runs[i].x1) }
        }
        if firstValues.isFinite { labelLimit = max(labelLimit, firstValues - 0.3 * h) }
        var labelIndices: [Int] = []
        for k in yRange(windowTop, windowBottom) {
            let i = byY[k]
            let r = runs[i]
            guard !used[i], !bandRuns.contains(i), r.x2 <= labelLimit, r.cx < valueEdge else { continue }
            labelIndices.append(i)
        }
        let lines = labelLines(labelIndices)
        let cells = labelCells(lines, valueEdge: valueEdge)
        guard cells.count * segment.bands.count <= Self.maxPairs else { return nil }

        // Each band takes the innermost label cell beside it.
        var cellOfBand = [Int?](repeating: nil, count: segment.bands.count)
        for (b, band) in segment.bands.enumerated() {
            var best: (cell: Int, x: Double, overlap: Double)? = nil
            for (c, cell) in cells.enumerated() {
                let o = cell.ys.overlap(band.ys)
                guard o > 0.3 * min(band.h, cell.h) else { continue }
                if best.map({ cell.x1 > $0.x + 0.5 * h || (abs(cell.x1 - $0.x) <= 0.5 * h && o > $0.overlap) }) ?? true {
                    best = (c, cell.x1, o)
                }
            }
            cellOfBand[b] = best?.cell
        }
        // A band beside no cell: the nearest cell just above or below, innermost first.
        let taken = Set(cellOfBand.compactMap { $0 })
        for (b, band) in segment.bands.enumerated() where cellOfBand[b] == nil {
            var best: (cell: Int, x: Double, distance: Double)? = nil
            for (c, cell) in cells.enumerated() where !taken.contains(c) {
                let d = cell.ys.distance(band.ys)
                guard d <= 0.8 * h else { continue }
                if best.map({ cell.x1 > $0.x + 0.5 * h || (abs(cell.x1 - $0.x) <= 0.5 * h && d < $0.distance) }) ?? true {
                    best = (c, cell.x1, d)
                }
            }
            cellOfBand[b] = best?.cell
        }

        // A lone value beside no label is a number in the text (a year whose characters
        // the font lost), not a table.
        if segment.bands.count == 1, firstBand.runs.count == 1, cellOfBand[0] == nil { return nil }

        // Rows: a cell's bands merge when their columns do not collide (the top-aligned
        // 总计 of a tall row sits on a band of its own above the row's other values).
        var entries: [Entry] = []
        var cellUsed = [Bool](repeating: false, count: cells.count)
        var bandsOfCell: [Int: [Int]] = [:]
        for (b, c) in cellOfBand.enumerated() {
            if let c {
                bandsOfCell[c, default: []].append(b)
            } else {
                entries.append(.row(label: nil, bands: [b], ys: segment.bands[b].ys, x1: valueEdge, marker: nil))
            }
        }
        for (c, bandList) in bandsOfCell {
            cellUsed[c] = true
            var groups: [[Int]] = []
            var occupied: [Set<Int>] = []
            for b in bandList {
                let cols = Set(segment.bands[b].columns)
                if let g = groups.indices.last, occupied[g].isDisjoint(with: cols), cols.count == segment.bands[b].columns.count {
                    groups[g].append(b)
                    occupied[g].formUnion(cols)
                } else {
                    groups.append([b])
                    occupied.append(cols)
                }
            }
            let cell = cells[c]
            if groups.count == 1 {
                let ys = groups[0].reduce(cell.ys) { $0.union(segment.bands[$1].ys) }
                entries.append(.row(label: c, bands: groups[0], ys: ys, x1: cell.x1, marker: cell.marker))
            } else {
                // Two full rows beside one cell: the cell was two labels; each row keeps the
                // label lines nearest to it.
                for (g, group) in groups.enumerated() {
                    let ys = group.reduce(segment.bands[group[0]].ys) { $0.union(segment.bands[$1].ys) }
                    let label: Int? = g == 0 ? c : nil
                    entries.append(.row(label: label, bands: group, ys: ys, x1: g == 0 ? cell.x1 : valueEdge, marker: g == 0 ? cell.marker : nil))
                }
            }
        }
        // Label cells beside no band, inside the table: blank rows or group labels.
        let rowsTop = entries.map(\.ys.lo).min() ?? top
        let rowsBottom = entries.map(\.ys.hi).max() ?? bottom
        for (c, cell) in cells.enumerated() where !cellUsed[c] {
            guard cell.ys.mid >= rowsTop, cell.ys.mid <= rowsBottom else { continue }
            cellUsed[c] = true
            entries.append(.row(label: c, bands: [], ys: cell.ys, x1: cell.x1, marker: cell.marker))
        }
        entries.sort { $0.ys.lo < $1.ys.lo }
        entries = resolveGroups(entries, cells: cells, h: h)

        // Cells to rows.
        var laid: [LaidRow] = []
        func emit(_ entry: Entry, prefix: [TableCell]) {
            switch entry {
            case .row(let label, let bandList, let ys, _, _):
                var cellsOut = prefix
                if let label { cellsOut.append(TableCell(cells[label].text)) }
                var texts = [String](repeating: "", count: columns.count)
                for b in bandList {
                    let band = segment.bands[b]
                    for (i, col) in zip(band.runs, band.columns) where col < texts.count {
                        texts[col] = texts[col].isEmpty ? runs[i].text : texts[col] + " " + runs[i].text
                    }
                    for (i, col) in band.extra where col < texts.count && texts[col].isEmpty {
                        texts[col] = runs[i].text
                    }
                }
                cellsOut.append(contentsOf: texts.map { TableCell($0) })
                laid.append(
                    LaidRow(
                        cells: cellsOut, top: ys.lo, values: texts.count, label: label.map { cells[$0].text },
                        numbered: label.map { cells[$0].marker != nil } ?? false))
            case .group(let label, let children, _, _, _):
                // The group's cell starts in its first row; below, it and the cells of the
                // groups around it continue from above.
                var p = prefix + [TableCell(cells[label].text, rowSpan: entry.leafCount)]
                for child in children {
                    emit(child, prefix: p)
                    p = p.map { _ in TableCell("", continuesAbove: true) }
                }
            }
        }
        for entry in entries { emit(entry, prefix: []) }

        // Mark what the table used.
        for band in segment.bands {
            for i in band.runs { used[i] = true }
            for (i, _) in band.extra { used[i] = true }
        }
        var tableTop = top
        var tableBottom = bottom
        for (c, cell) in cells.enumerated() where cellUsed[c] {
            for l in cell.lines { for i in lines[l].runs { used[i] = true } }
            tableTop = min(tableTop, cell.ys.lo)
            tableBottom = max(tableBottom, cell.ys.hi)
        }
        guard !laid.isEmpty else { return nil }
        return LaidTable(rows: laid, top: tableTop, bottom: tableBottom)
    }

    /// Turns label cells beside no band into group labels where rows stand to their right:
    /// deepest columns first, a group takes the run of deeper entries its text stands
    /// beside, extended up and down while their item numbers follow on (1., 2., 3. …).
    func resolveGroups(_ input: [Entry], cells: [LabelCell], h: Double) -> [Entry] {
        var entries = input
        let candidates = entries.indices.compactMap { k -> (label: Int, x: Double)? in
            if case .row(let label?, let bands, _, let x, _) = entries[k], bands.isEmpty { return (label, x) }
            return nil
        }.sorted { $0.x > $1.x }
        // Hundreds of labels beside no value are no table's group labels.
        guard candidates.count <= 500 else { return entries }
        for candidate in candidates {
            guard let k = entries.firstIndex(where: { if case .row(let l?, let b, _, _, _) = $0, l == candidate.label, b.isEmpty { true } else { false } })
            else { continue }
            let g = entries[k]
            let gys = cells[candidate.label].ys
            func deeper(_ e: Entry) -> Bool { e.x1 > g.x1 + 0.6 * h }
            // Labels of outer groups, not yet resolved, stand among this group's rows (they
            // are centred on theirs): set them aside so they do not cut the run.
            var list: [Entry] = []
            var aside: [Entry] = []
            for (j, e) in entries.enumerated() where j != k {
                if case .row(_?, let b, _, _, _) = e, b.isEmpty, e.x1 < g.x1 - 0.6 * h { aside.append(e) } else { list.append(e) }
            }
            // The seed: a deeper entry beside the label, or deeper entries right above and below.
            var seed: Int? = nil
            var bestOverlap = -0.2 * h
            for (j, e) in list.enumerated() where deeper(e) {
                let o = e.ys.overlap(gys)
                if o > bestOverlap { bestOverlap = o; seed = j }
            }
            if seed == nil, let below = list.firstIndex(where: { $0.ys.lo >= gys.lo }), below > 0 {
                let a = list[below - 1]
                let b = list[below]
                if deeper(a), deeper(b), gys.lo - a.ys.hi < 1.0 * h, b.ys.lo - gys.hi < 1.0 * h { seed = below - 1 }
            }
            guard let start = seed else { continue }
            var lo = start
            var hi = start
            func follows(_ a: Entry, _ b: Entry) -> Bool {
                if let ma = a.marker, let mb = b.marker { return mb == ma + 1 }
                return false
            }
            while lo > 0 {
                let e = list[lo - 1]
                guard deeper(e), e.ys.overlap(gys) > -0.2 * h || follows(e, list[lo]) else { break }
                lo -= 1
            }
            while hi + 1 < list.count {
                let e = list[hi + 1]
                guard deeper(e), e.ys.overlap(gys) > -0.2 * h || follows(list[hi], e) else { break }
                hi += 1
            }
            let children = Array(list[lo...hi])
            let ys = children.reduce(gys) { $0.union($1.ys) }
            let group = Entry.group(label: candidate.label, children: children, ys: ys, x1: g.x1, marker: g.marker)
            list.replaceSubrange(lo...hi, with: [group])
            entries = (list + aside).sorted { $0.ys.lo < $1.ys.lo }
        }
        return entries
    }
}
