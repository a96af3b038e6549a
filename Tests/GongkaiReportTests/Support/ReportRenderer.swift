import Foundation
import GongkaiReport

// Test support: the seed reports, a snapshot of what the engine read from one, and a
// renderer that re-dresses a report's TEXT in another layout (pipe, tab, one cell per
// line, HTML, PDF-like), encoding or script, keeping every cell at its position.

// MARK: - SeedCorpus

enum SeedCorpus {
    /// The five real reports in Fixtures/seeds, in file-name order.
    static let names: [String] = [
        "000_f7cb678af86d3edc.txt",
        "001_90ff0009c1dfca88.txt",
        "002_7a47732316dc1f9e.txt",
        "003_4a9178fd99f7f697.txt",
        "004_0767bf3ff397923b.txt",
    ]

    /// Expected default verdicts (report-format.md).
    static let expectedVerdicts: [String: Verdict] = [
        "000": .accepted, "001": .accepted, "002": .rejected, "003": .accepted, "004": .accepted,
    ]

    /// "000" for "000_f7cb678af86d3edc.txt".
    static func id(_ name: String) -> String { String(name.prefix(3)) }

    /// The full file name for a short id ("003").
    static func name(_ id: String) -> String { names.first { $0.hasPrefix(id) }! }

    static var directory: URL {
        Bundle.module.resourceURL!.appendingPathComponent("Fixtures/seeds", isDirectory: true)
    }

    static func bytes(_ name: String) -> [UInt8] {
        let url = directory.appendingPathComponent(name)
        guard let data = try? Data(contentsOf: url) else { fatalError("seed \(name) not found at \(url.path)") }
        return [UInt8](data)
    }

    static func text(_ name: String) -> String {
        String(decoding: bytes(name), as: UTF8.self)
    }
}

// MARK: - ParseSnapshot of an evaluation

/// What a layout, encoding or script variant must not change.
struct ParseSnapshot: Equatable, CustomStringConvertible {
    var template: TemplateVersion?
    var year: Int?
    var agency: String?
    var verdict: Verdict
    /// Finding codes with their counts.
    var codes: [String: Int]
    /// Table 3 rows as "label: v v v v v v v", blanks as "_".
    var t3Values: [String]
    /// Table 3 inferred flags per row, "label: 0000001".
    var t3Inferred: [String]
    var t4Values: [Int?]
    var t4Inferred: [Bool]

    init(_ e: Evaluation) {
        template = e.report.template
        year = e.report.year
        agency = e.report.agency
        verdict = e.verdict()
        codes = Dictionary(e.findings.map { ($0.code.rawValue, 1) }, uniquingKeysWith: +)
        let rows = e.report.table3?.rows ?? []
        t3Values = rows.map { row in row.label + ": " + row.cells.map { $0.value.map(String.init) ?? "_" }.joined(separator: " ") }
        t3Inferred = rows.map { row in row.label + ": " + row.cells.map { $0.inferred ? "1" : "0" }.joined() }
        t4Values = e.report.table4?.cells.map(\.value) ?? []
        t4Inferred = e.report.table4?.cells.map(\.inferred) ?? []
    }

    var description: String {
        "template \(template?.rawValue ?? "nil"), year \(year.map(String.init) ?? "nil"), agency \(agency ?? "nil"), \(verdict.rawValue), codes \(codes.sorted { $0.key < $1.key })"
    }

    /// Line-by-line differences of two string lists, for readable failure messages.
    static func diff(_ a: [String], _ b: [String]) -> String {
        var out: [String] = []
        if a.count != b.count { out.append("row count \(a.count) vs \(b.count)") }
        for (x, y) in zip(a, b) where x != y { out.append("  baseline \(x)\n  variant  \(y)") }
        return out.joined(separator: "\n")
    }
}

// MARK: - Document model

/// One line-level item of a report's text.
enum DocItem: Equatable {
    /// A line of prose, as it was.
    case prose(String)
    /// An empty line.
    case blank
    /// A table row: its cells, trimmed; empty cells kept where they mark positions.
    case row([String])
}

/// The cell layouts a report's text can come in.
enum CellLayout: String, CaseIterable, CustomStringConvertible, Sendable {
    case pipe, tab, vertical
    var description: String { rawValue }
}

// MARK: - Renderer

enum ReportRenderer {
    /// Splits a report's text into prose lines, blank lines and table rows, reading
    /// pipe rows, tab rows and one-cell-per-line blocks (the three seed layouts).
    ///
    /// Pipe rows lose their trailing empty cells: in the pipe layout those are padding
    /// (merged cells of the source table), not blank cells. Tab rows and vertical
    /// blocks keep every cell.
    static func items(of text: String) -> [DocItem] {
        let lines = text.replacingOccurrences(of: "\r\n", with: "\n").split(separator: "\n", omittingEmptySubsequences: false)
        var items: [DocItem] = []
        var i = 0
        while i < lines.count {
            let line = lines[i]
            if line.allSatisfy({ $0 == " " }) {
                items.append(.blank)
                i += 1
                continue
            }
            if isVerticalCell(line) {
                var j = i
                while j < lines.count, isVerticalCell(lines[j]) { j += 1 }
                if j - i >= 2 {
                    items.append(.row(lines[i..<j].map { trim($0.dropFirst()) }))
                } else {
                    items.append(.prose(trim(line)))
                }
                i = j
                continue
            }
            if line.contains("|") {
                var cells = line.split(separator: "|", omittingEmptySubsequences: false).map { trim($0) }
                if line.drop(while: { $0 == " " }).first == "|", cells.first?.isEmpty == true { cells.removeFirst() }
                while let last = cells.last, last.isEmpty { cells.removeLast() }
                items.append(cells.isEmpty ? .blank : .row(cells))
            } else if line.contains("\t") {
                items.append(.row(line.split(separator: "\t", omittingEmptySubsequences: false).map { trim($0) }))
            } else {
                items.append(.prose(String(line)))
            }
            i += 1
        }
        return items
    }

    static func isVerticalCell(_ line: Substring) -> Bool {
        line.first == "\t" && !line.dropFirst().contains("\t") && !line.contains("|")
    }

    static func trim(_ s: Substring) -> String {
        var t = s[...]
        while let f = t.first, f == " " || f == "\t" { t = t.dropFirst() }
        while let l = t.last, l == " " || l == "\t" { t = t.dropLast() }
        return String(t)
    }

    /// The layout most table rows of `text` use.
    static func dominantLayout(of text: String) -> CellLayout {
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        let pipes = lines.filter { $0.contains("|") }.count
        let verticals = lines.filter { isVerticalCell($0) }.count
        let tabs = lines.filter { $0.contains("\t") && !isVerticalCell($0) }.count
        if pipes >= verticals && pipes >= tabs { return .pipe }
        return verticals > tabs ? .vertical : .tab
    }

    /// Re-renders the items in `layout`, keeping cells and their positions.
    ///
    /// - pipe: `cell | cell | cell |`; a row that starts with an empty cell gets a
    ///   markdown-style opening `|` so that the empty cell is not read as an opener.
    /// - tab: `cell\tcell\tcell`.
    /// - vertical: each cell on its own line prefixed with a tab, rows and prose lines
    ///   separated by blank lines.
    /// A row of a single cell is a line of text in every layout (a one-line vertical
    /// block would read as prose anyway).
    static func render(_ items: [DocItem], as layout: CellLayout) -> String {
        var out: [String] = []
        func separate() { if let last = out.last, !last.isEmpty { out.append("") } }
        for item in items {
            switch item {
            case .blank:
                if layout == .vertical { separate() } else { out.append("") }
            case .prose(let text):
                if layout == .vertical { separate(); out.append(text); out.append("") } else { out.append(text) }
            case .row(let cells):
                let nonEmpty = cells.filter { !$0.isEmpty }
                if nonEmpty.isEmpty {
                    if layout == .vertical { separate() } else { out.append("") }
                    continue
                }
                if cells.count == 1 {
                    if layout == .vertical {
                        separate(); out.append(cells[0]); out.append("")
                    } else if layout == .pipe {
                        out.append(cells[0] + " |")
                    } else {
                        out.append(cells[0])
                    }
                    continue
                }
                switch layout {
                case .pipe:
                    var line = cells.joined(separator: " | ") + " |"
                    if cells[0].isEmpty { line = "| " + line }
                    out.append(line)
                case .tab:
                    var line = cells.joined(separator: "\t")
                    // "\tX" alone would read as a one-line vertical block; keep it a tab row.
                    if cells.count == 2 && cells[0].isEmpty { line += "\t" }
                    out.append(line)
                case .vertical:
                    separate()
                    for cell in cells { out.append("\t" + cell) }
                    out.append("")
                }
            }
        }
        return out.joined(separator: "\n") + "\n"
    }

    /// The text as an HTML page: rows in `<table><tr><td>`, prose in `<p>`, with
    /// `&nbsp;` in some cells (every empty cell and every third value cell).
    static func html(_ items: [DocItem]) -> String {
        var out = [
            "<!DOCTYPE html>", "<html><head><meta charset=\"utf-8\"><title>政府信息公开工作年度报告</title>",
            "<style>td { border: 1px solid #000; }</style></head><body>",
        ]
        var inTable = false
        var counter = 0
        func escape(_ s: String) -> String {
            s.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;").replacingOccurrences(of: ">", with: "&gt;")
        }
        for item in items {
            switch item {
            case .row(let cells):
                if !inTable { out.append("<table border=\"1\" cellspacing=\"0\"><tbody>"); inTable = true }
                let tds = cells.map { cell -> String in
                    counter += 1
                    if cell.isEmpty { return "<td>&nbsp;</td>" }
                    if counter % 3 == 0 { return "<td style=\"text-align:center\">&nbsp;\(escape(cell))&nbsp;</td>" }
                    return "<td>\(escape(cell))</td>"
                }
                out.append("<tr>" + tds.joined() + "</tr>")
            case .prose(let text):
                if inTable { out.append("</tbody></table>"); inTable = false }
                out.append("<p>\(escape(text))</p>")
            case .blank:
                continue
            }
        }
        if inTable { out.append("</tbody></table>") }
        out.append("</body></html>")
        return out.joined(separator: "\n") + "\n"
    }

    /// PDF-like text: every table row flattened to its non-empty cells separated by
    /// single spaces ("label 0 0 0 0 0 0 0"), with a page-number line "- n -"
    /// inserted after every `pageEvery` rows.
    static func pdfLike(_ items: [DocItem], pageEvery: Int = 7) -> String {
        var out: [String] = []
        var rows = 0
        var page = 2
        for item in items {
            switch item {
            case .blank: out.append("")
            case .prose(let text): out.append(text)
            case .row(let cells):
                let line = cells.filter { !$0.isEmpty }.joined(separator: " ")
                if line.isEmpty { continue }
                out.append(line)
                rows += 1
                if rows % pageEvery == 0 {
                    out.append("- \(page) -")
                    page += 1
                }
            }
        }
        return out.joined(separator: "\n") + "\n"
    }

    /// Whether any row has an empty cell between or after values (spaces cannot
    /// encode such blanks).
    static func hasBlankValueCells(_ items: [DocItem]) -> Bool {
        for case .row(let cells) in items {
            guard let firstNumber = cells.firstIndex(where: { Int($0) != nil }) else { continue }
            if cells[firstNumber...].contains(where: \.isEmpty) { return true }
        }
        return false
    }

    // MARK: Script

    static let toneMarks: Set<Character> = Set("āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜ")

    static func isIdeograph(_ s: Unicode.Scalar) -> Bool {
        (0x4E00...0x9FFF).contains(s.value) || (0x3400...0x4DBF).contains(s.value)
    }

    /// The pinyin gloss of one ideograph as mirror sites print it ("tǒng"), or nil
    /// when ICU gives a toneless or unusual reading (mirror sites only print toned
    /// syllables).
    static func gloss(_ c: Character) -> String? {
        guard let latin = String(c).applyingTransform(.toLatin, reverse: false) else { return nil }
        guard !latin.isEmpty, latin.count <= 7, latin.contains(where: { toneMarks.contains($0) }),
            latin.allSatisfy({ ("a"..."z").contains($0) || toneMarks.contains($0) || $0 == "ü" })
        else { return nil }
        return latin
    }

    /// Converts `text` to traditional characters and inserts a pinyin gloss after every
    /// `every`-th ideograph, "統(tǒng)計" style. Glosses only follow ideographs, so they
    /// never land inside a number.
    static func traditionalWithGlosses(_ text: String, every: Int = 3) -> String {
        let traditional = text.applyingTransform(StringTransform(rawValue: "Hans-Hant"), reverse: false) ?? text
        var out = ""
        out.reserveCapacity(traditional.utf8.count * 2)
        var count = 0
        var owed = false
        for c in traditional {
            out.append(c)
            guard c.unicodeScalars.count == 1, let s = c.unicodeScalars.first, isIdeograph(s) else { continue }
            count += 1
            if count % every == 0 { owed = true }
            if owed, let g = gloss(c) {
                out += "(\(g))"
                owed = false
            }
        }
        return out
    }

    // MARK: Encodings

    static let gb18030 = String.Encoding(rawValue: 0x8000_0632)

    enum Encoding: String, CaseIterable, CustomStringConvertible, Sendable {
        case gb18030, utf16LE, utf16BE, utf8BOM
        var description: String { rawValue }
    }

    static func encode(_ text: String, as encoding: Encoding) -> [UInt8] {
        switch encoding {
        case .gb18030:
            guard let data = text.data(using: gb18030) else { fatalError("GB18030 encoding failed") }
            return [UInt8](data)
        case .utf16LE:
            return [0xFF, 0xFE] + text.utf16.flatMap { [UInt8($0 & 0xFF), UInt8($0 >> 8)] }
        case .utf16BE:
            return [0xFE, 0xFF] + text.utf16.flatMap { [UInt8($0 >> 8), UInt8($0 & 0xFF)] }
        case .utf8BOM:
            return [0xEF, 0xBB, 0xBF] + Array(text.utf8)
        }
    }
}
