import GongkaiReport

/// Reads a PDF into a ``Document`` from the positions of its characters (poppler-glib),
/// not from a text extractor's reading order.
///
/// - Paragraphs: the lines outside tables, a wrapped line joined to the next when it runs
///   to the right margin and the next starts at the left margin without an item number;
///   headings stay on their own. Page numbers ("-3-", "- 3 -", "第3页") are dropped.
/// - Tables: see ``PageTables``. Each table row is one ``TableRow``: the group labels it
///   stands under (merged down, `rowSpan`, continuations below), its label, then one cell per
///   value column, blank where the page has no value, so later values never shift. A table
///   that runs over a page break continues as the same ``Table``.
///
/// Errors (typed throws): `.encrypted` (a user password), `.broken` (not a PDF, truncated,
/// damaged past poppler's repair), `.imageOnly(pages:)` (no text layer: a scan),
/// `.overLimit` (more pages than ``ReadLimits/maxPages`` — a report has 3–10, so a longer
/// file is rejected rather than read in part —, more than 200 000 characters on a page,
/// more text than ``ReadLimits/maxExpandedBytes``, or more blocks than
/// ``ReadLimits/maxBlocks``).
public enum PDFReader {
    public static func read(_ bytes: [UInt8], limits: ReadLimits = .standard) throws(DocumentReadError) -> Document {
        let pages = try Poppler.pages(bytes, limits: limits)
        let textPages = pages.filter { page in
            var visible = 0
            for g in page.glyphs where !Runs.isSpace(g.scalar) {
                visible += 1
                if visible >= 12 { return true }
            }
            return false
        }
        guard !textPages.isEmpty else { throw .imageOnly(pages: pages.count) }

        var items: [PageItem] = []
        for page in pages { items += PageReader.items(page) }
        PageReader.setMargins(&items)
        var assembler = Assembler()
        for item in items {
            assembler.add(item)
            if assembler.blockCount > limits.maxBlocks { throw .overLimit("more than \(limits.maxBlocks) blocks") }
        }
        return Document(format: .pdf, blocks: assembler.finish())
    }
}

/// What one page contributes, top to bottom.
enum PageItem {
    case line(TextLine)
    case table(LaidTable, page: Int)
}

/// A line of text outside tables: one cell (a line of a paragraph) or several cells far
/// apart (a header row, a row of a table without values).
struct TextLine {
    var cells: [String]
    var xs: Span
    var ys: Span
    var h: Double
    var marker: Int?
    var page: Int
    /// The page's text margins (from its long lines).
    var left: Double
    var right: Double
    var firstOnPage = false
    var lastOnPage = false
}

enum PageReader {
    static func items(_ page: PageGlyphs) -> [PageItem] {
        let runs = Runs.make(page.glyphs)
        guard !runs.isEmpty else { return [] }
        var excluded = [Bool](repeating: false, count: runs.count)
        var lines = Lines.group(Array(runs.indices), runs)
        dropPageNumbers(&lines, runs: runs, excluded: &excluded, pageHeight: page.height)

        var tables = PageTables(runs: runs, excluded: excluded)
        tables.find(lines: lines, pageHeight: page.height)

        let rest = runs.indices.filter { !tables.used[$0] }
        var textLines: [TextLine] = []
        for line in Lines.group(rest, runs) {
            guard let first = line.first else { continue }
            var cells: [String] = []
            var current = runs[first].text
            var xs = runs[first].xs
            var ys = runs[first].ys
            var h = runs[first].h
            var lastX2 = runs[first].x2
            for i in line.dropFirst() {
                let r = runs[i]
                let gap = r.x1 - lastX2
                let lh = min(h, r.h)
                if gap > 1.5 * lh {
                    cells.append(current)
                    current = r.text
                } else {
                    Runs.append(&current, r.text, spaced: gap > 0.25 * lh, wide: gap > 1.0 * lh)
                }
                lastX2 = max(lastX2, r.x2)
                xs = xs.union(r.xs)
                ys = ys.union(r.ys)
                h = max(h, r.h)
            }
            cells.append(current)
            textLines.append(
                TextLine(cells: cells, xs: xs, ys: ys, h: h, marker: runs[first].marker, page: page.number, left: -Double.infinity, right: Double.infinity))
        }
        var items: [(y: Double, item: PageItem)] = textLines.map { ($0.ys.lo, .line($0)) }
        items += tables.tables.map { ($0.top, .table($0, page: page.number)) }
        items.sort { $0.y < $1.y }
        var out = items.map(\.item)
        if let f = out.indices.first, case .line(var l) = out[f] { l.firstOnPage = true; out[f] = .line(l) }
        if let e = out.indices.last, case .line(var l) = out[e] { l.lastOnPage = true; out[e] = .line(l) }
        return out
    }

    /// The text margins of the document, from its long lines of prose: the left margin is
    /// where most of them start (wrapped lines; first lines are indented), the right margin
    /// where half of them reach.
    static func setMargins(_ items: inout [PageItem]) {
        var starts: [Int: Int] = [:]
        var rights: [Double] = []
        for item in items {
            guard case .line(let l) = item, l.cells.count == 1, (l.cells.first?.unicodeScalars.count ?? 0) >= 12 else { continue }
            starts[Int((l.xs.lo / 2).rounded()), default: 0] += 1
            rights.append(l.xs.hi)
        }
        guard let mode = starts.max(by: { a, b in a.value == b.value ? a.key > b.key : a.value < b.value })?.key, !rights.isEmpty else { return }
        rights.sort()
        let left = Double(mode) * 2
        let right = rights[rights.count / 2]
        for k in items.indices {
            if case .line(var l) = items[k] {
                l.left = left
                l.right = right
                items[k] = .line(l)
            }
        }
    }

    /// Drops the page number: the first or last line of the page when it reads "-3-",
    /// "- 3 -", "3", "第3页", "第3页共5页" or "3/5" and sits in the top or bottom margin.
    static func dropPageNumbers(_ lines: inout [[Int]], runs: [Run], excluded: inout [Bool], pageHeight: Double) {
        guard !lines.isEmpty else { return }
        let height = pageHeight > 0 ? pageHeight : (runs.map(\.y2).max() ?? 0)
        var drop: [Int] = []
        if let last = lines.indices.last, isPageNumber(lines[last], runs), let r = lines[last].first, runs[r].cy > 0.8 * height { drop.append(last) }
        if let first = lines.indices.first, !drop.contains(first), isPageNumber(lines[first], runs), let r = lines[first].first, runs[r].cy < 0.12 * height {
            drop.append(first)
        }
        for l in drop.sorted(by: >) {
            for i in lines[l] { excluded[i] = true }
            lines.remove(at: l)
        }
    }

    static func isPageNumber(_ line: [Int], _ runs: [Run]) -> Bool {
        var scalars: [Unicode.Scalar] = []
        for i in line { scalars.append(contentsOf: runs[i].text.unicodeScalars) }
        guard !scalars.isEmpty, scalars.count <= 16 else { return false }
        let dashes: Set<Unicode.Scalar> = ["-", "－", "—", "–", "―", "_", "~", "·", "•", "‐"]
        var s = scalars[...]
        while let f = s.first, dashes.contains(f) { s = s.dropFirst() }
        while let l = s.last, dashes.contains(l) { s = s.dropLast() }
        func digits(_ t: ArraySlice<Unicode.Scalar>) -> ArraySlice<Unicode.Scalar> { t.prefix { Runs.digit($0) != nil } }
        let d = digits(s)
        if !d.isEmpty && d.count <= 4 {
            let rest = s.dropFirst(d.count)
            if rest.isEmpty { return true }
            if rest.first == "/" {
                let e = digits(rest.dropFirst())
                return !e.isEmpty && rest.dropFirst(1 + e.count).isEmpty
            }
            return false
        }
        // 第3页, 第3页共5页
        guard s.first == "第" else { return false }
        var t = s.dropFirst()
        let n = digits(t)
        guard !n.isEmpty else { return false }
        t = t.dropFirst(n.count)
        guard t.first == "页" else { return false }
        t = t.dropFirst()
        if t.isEmpty { return true }
        guard t.first == "共" else { return false }
        t = t.dropFirst()
        let m = digits(t)
        guard !m.isEmpty else { return false }
        t = t.dropFirst(m.count)
        return t.count == 1 && t.first == "页"
    }
}

/// Builds the document's blocks from the pages' items: joins wrapped paragraph lines,
/// gathers table rows (laid tables and rows of text cells) into tables across page breaks.
struct Assembler {
    var blocks: [Block] = []
    var paragraph: (page: Int, last: TextLine)? = nil
    /// The paragraph's text, apart so that appending a line is in place.
    var paragraphText = ""
    var table: Table? = nil
    var blockCount = 0

    /// Short lines after a table (header words repeated over its next part, a block title):
    /// rows of the table if more of it follows, else paragraphs.
    var held: [TextLine] = []

    mutating func add(_ item: PageItem) {
        switch item {
        case .line(let line):
            if line.cells.count >= 2 {
                releaseHeld(asRows: true)
                flushParagraph()
                appendRow(TableRow(cells: line.cells.map { TableCell($0) }, origin: Origin(page: line.page)), page: line.page)
                return
            }
            let text = line.cells.first ?? ""
            if table != nil, paragraph == nil, line.marker == nil, text.unicodeScalars.count <= 24, held.count < 8 {
                held.append(line)
                return
            }
            releaseHeld(asRows: false)
            if let p = paragraph, Self.continues(p.last, line) {
                Runs.append(&paragraphText, text, spaced: false)
                paragraph = (p.page, line)
                return
            }
            flushParagraph()
            flushTable()
            paragraph = (line.page, line)
            paragraphText = text
        case .table(let laid, let page):
            releaseHeld(asRows: true)
            flushParagraph()
            var rows = laid.rows[...]
            // A row the page break cut in two: its first part ends the table on the page
            // before, the rest (label continued, the other values) starts this one.
            if let last = lastLaid, last.page + 1 == page, let first = rows.first,
                let merged = Self.rejoin(last.row, first), table != nil
            {
                table?.rows[last.index].cells = merged.cells
                lastLaid = (last.index, merged, last.page)
                rows = rows.dropFirst()
            }
            for row in rows {
                appendRow(TableRow(cells: row.cells, origin: Origin(page: page)), page: page)
                if let t = table { lastLaid = (t.rows.count - 1, row, page) }
            }
        }
    }

    /// The last row a laid table added to the current table, for rows cut by a page break.
    var lastLaid: (index: Int, row: LaidRow, page: Int)? = nil

    /// The two parts of a row cut by a page break, joined: the second has an unnumbered
    /// label (the rest of the first's), the same columns, and values only where the first
    /// has none (the first part holds the top-aligned ones).
    static func rejoin(_ a: LaidRow, _ b: LaidRow) -> LaidRow? {
        guard a.values > 0, a.values == b.values, a.label != nil, !b.numbered,
            a.cells.count >= a.values, b.cells.count >= b.values
        else { return nil }
        let va = a.cells.suffix(a.values).map(\.text)
        let vb = b.cells.suffix(b.values).map(\.text)
        guard va.contains(where: \.isEmpty), vb.contains(where: { !$0.isEmpty }),
            !zip(va, vb).contains(where: { !$0.isEmpty && !$1.isEmpty })
        else { return nil }
        var out = a
        let labelIndex = a.cells.count - a.values - 1
        if let more = b.label, labelIndex >= 0 {
            var text = a.cells[labelIndex].text
            Runs.append(&text, more, spaced: false)
            out.cells[labelIndex].text = text
            out.label = text
        }
        let start = a.cells.count - a.values
        for (k, v) in vb.enumerated() where !v.isEmpty { out.cells[start + k].text = v }
        return out
    }

    mutating func releaseHeld(asRows: Bool) {
        guard !held.isEmpty else { return }
        let lines = held
        held = []
        if asRows {
            for line in lines { appendRow(TableRow(cells: line.cells.map { TableCell($0) }, origin: Origin(page: line.page)), page: line.page) }
            return
        }
        flushTable()
        for line in lines {
            let text = line.cells.first ?? ""
            if let p = paragraph, Self.continues(p.last, line) {
                Runs.append(&paragraphText, text, spaced: false)
                paragraph = (p.page, line)
            } else {
                flushParagraph()
                paragraph = (line.page, line)
                paragraphText = text
            }
        }
    }

    mutating func appendRow(_ row: TableRow, page: Int) {
        blockCount += row.cells.count
        if table == nil { table = Table(rows: [], origin: Origin(page: page)) }
        table?.rows.append(row)
    }

    /// A line continues the paragraph above when that one ran to the right margin and this
    /// one starts at the left margin without an item number, right below it (or at the top of
    /// the next page).
    static func continues(_ p: TextLine, _ n: TextLine) -> Bool {
        // The line above wrapped (ran to the right margin); this one starts where wrapped
        // lines start (not indented like a paragraph's first line or a heading).
        guard n.marker == nil, p.xs.hi >= p.right - 1.5 * p.h, p.xs.lo <= p.left + 3 * p.h,
            n.xs.lo <= n.left + 0.8 * n.h
        else { return false }
        if n.page == p.page {
            let gap = n.ys.lo - p.ys.hi
            return gap > -0.3 * n.h && gap < 1.5 * max(n.h, p.h)
        }
        return n.page == p.page + 1 && p.lastOnPage && n.firstOnPage
    }

    mutating func flushParagraph() {
        guard let p = paragraph else { return }
        blocks.append(.paragraph(Paragraph(paragraphText, origin: Origin(page: p.page))))
        blockCount += 1
        paragraph = nil
        paragraphText = ""
    }

    mutating func flushTable() {
        lastLaid = nil
        guard let t = table else { return }
        blocks.append(.table(t))
        table = nil
    }

    mutating func finish() -> [Block] {
        releaseHeld(asRows: false)
        flushParagraph()
        flushTable()
        return blocks
    }
}
