/// Splits a page that holds a whole report on one line (crawled web pages flatten the
/// tables: "一、本年新收政府信息公开申请数量 713000074二、上年结转…") into the lines the
/// parsers expect: a line before each section heading and each Table 3 row label.
///
/// The template's labels are the anchors, found in template order, each within a short
/// window after the one before (a table row is a label and its numbers), so that the
/// narrative's words never split anything. A label's own numbering goes with the label:
/// in "…00000002.其他法律…" the "2." is the item number of the next row, not a digit of
/// the run before it. Cost: one byte search per anchor, linear in the line.
enum OneLinePage {
    /// Lines shorter than this are left alone: a one-line report is long.
    static let minimumBytes = 600
    /// How far after an anchor the next row label may start (a long label plus a run).
    static let window = 600

    struct Anchor {
        /// Text searched for (a distinctive part of the label, without its numbering).
        let needle: String
        /// The numbering the template prints before it.
        let marker: Marker
        /// Whether the label must be preceded by its numbering to count (short needles).
        let needsMarker: Bool
        /// Headings are searched across the whole line; table rows within the window.
        let isHeading: Bool
    }

    static func anchor(_ label: String, heading: Bool = false, prefix: Int = 4) -> Anchor {
        let parsed = LabelText.core(of: label)
        // The needle stops at the first bracket or quote: normalisation may have
        // rewritten those ("（" → "(").
        // The core drops punctuation, so the needle is read from the label itself, from
        // the core's first character on.
        let label = Array(label.unicodeScalars)
        let first = parsed.text.unicodeScalars.first
        let from = label.firstIndex { $0 == first } ?? 0
        let scalars = Array(label[from...].prefix { !LabelText.noise.contains($0.value) }.prefix(prefix))
        let needle = String(String.UnicodeScalarView(scalars))
        return Anchor(needle: needle, marker: parsed.marker ?? .none, needsMarker: heading || scalars.count < 4, isHeading: heading)
    }

    /// The anchors in template order (both templates' （六） forms).
    static let tableAnchors: [Anchor] = {
        var labels: [String] = [
            Table3Template.new.label, Table3Template.carried.label, "三、本年度办理结果",
            Table3Template.granted.label, Table3Template.partial.label, "（三）不予公开",
        ]
        labels += Table3Template.withheld.map(\.label)
        labels.append("（四）无法提供")
        labels += Table3Template.unavailable.map(\.label)
        labels.append("（五）不予处理")
        labels += Table3Template.notProcessed.map(\.label)
        labels.append("（六）其他处理")
        return labels.map { anchor($0, prefix: 5) }
            + Table3Template.other2021.map { anchor($0.label, prefix: 5) }
            + [anchor(Table3Template.total.label), anchor(Table3Template.carriedForward.label, prefix: 5)]
    }()
    static let headingAnchors: [Anchor] = [
        anchor("一、总体情况", heading: true),
        anchor("二、主动公开政府信息情况", heading: true),
        anchor("三、收到和处理政府信息公开申请情况", heading: true),
        anchor("四、政府信息公开行政", heading: true),
        anchor("五、存在的主要问题", heading: true),
        anchor("六、其他需要报告的事项", heading: true),
    ]

    /// The lines, with one-line pages split; `origins[i]` is the original index of line i.
    static func split(_ lines: [String]) -> (lines: [String], origins: [Int])? {
        guard lines.contains(where: { $0.utf8.count >= minimumBytes && $0.has("本年新收") }) else { return nil }
        var out: [String] = []
        var origins: [Int] = []
        var changed = false
        for (index, line) in lines.enumerated() {
            let cuts = line.utf8.count >= minimumBytes ? self.cuts(line) : []
            if cuts.isEmpty {
                out.append(line)
                origins.append(index)
                continue
            }
            changed = true
            let bytes = Array(line.utf8)
            var start = 0
            for cut in cuts + [bytes.count] where cut > start {
                out.append(String(decoding: bytes[start..<cut], as: UTF8.self))
                origins.append(index)
                start = cut
            }
        }
        return changed ? (out, origins) : nil
    }

    /// Byte offsets at which to cut a long line, ascending; empty when fewer than five
    /// table rows are found (then the line is not a flattened table).
    static func cuts(_ line: String) -> [Int] {
        let bytes = Array(line.utf8)
        var cuts: [Int] = []
        // The table: the first anchor anywhere, the others each within the window.
        var position = 0
        var first = true
        var tableCuts: [Int] = []
        for anchor in tableAnchors {
            var from = position
            while let offset = line.byteOffset(of: anchor.needle, from: from) {
                if !first && offset - position > window { break }
                if let start = labelStart(bytes, at: offset, marker: anchor.marker, required: anchor.needsMarker || first) {
                    tableCuts.append(start)
                    position = offset + anchor.needle.utf8.count
                    first = false
                    break
                }
                from = offset + 1
                if !first && from - position > window { break }
            }
        }
        guard tableCuts.count >= 5 else { return [] }
        cuts += tableCuts
        var table2Start: Int? = nil
        for (index, anchor) in headingAnchors.enumerated() {
            var from = 0
            while let offset = line.byteOffset(of: anchor.needle, from: from) {
                if let start = labelStart(bytes, at: offset, marker: anchor.marker, required: true) {
                    cuts.append(start)
                    // The heading ends at its first 情况 / 事项 (what follows is a table
                    // header or prose).
                    let after = offset + anchor.needle.utf8.count
                    let ends =
                        anchor.needle.hasSuffix("情况")
                        ? [after]
                        : ["情况", "事项"].compactMap { word in
                            line.byteOffset(of: word, from: after).flatMap { $0 - after <= 60 ? $0 + word.utf8.count : nil }
                        }
                    if let end = ends.min() {
                        cuts.append(end)
                        if index == 1 { table2Start = end }
                    }
                    break
                }
                from = offset + 1
            }
        }
        if let start = table2Start { cuts += table2Cuts(line, from: start) }
        return Array(Set(cuts)).sorted().filter { $0 > 0 && $0 < bytes.count }
    }

    /// Table 2's block titles, its 信息内容 header rows and its item labels, in order,
    /// each within the window after the one before.
    static let table2Needles: [String] = [
        "第二十条第", "信息内容", "规章", "规范性文件",
        "第二十条第", "信息内容", "行政许可", "其他对外管理服务事项",
        "第二十条第", "信息内容", "行政处罚", "行政强制",
        "第二十条第", "信息内容", "行政事业性收费", "第二十条第", "信息内容", "政府集中采购",
    ]

    static func table2Cuts(_ line: String, from start: Int) -> [Int] {
        var cuts: [Int] = []
        var position = start
        for needle in table2Needles {
            guard let offset = line.byteOffset(of: needle, from: position), offset - position <= window else { continue }
            // "行政规范性文件": the cut goes before 行政.
            if needle == "规范性文件", offset >= 6, line.byteOffset(of: "行政规范性文件", from: offset - 6) == offset - 6 {
                cuts.append(offset - 6)
            } else {
                cuts.append(offset)
            }
            position = offset + needle.utf8.count
        }
        return cuts
    }

    /// Where the label whose text starts at `offset` begins: before its numbering when
    /// the numbering (the template's) precedes it, else at `offset` (nil when the
    /// numbering is required and absent).
    static func labelStart(_ bytes: [UInt8], at offset: Int, marker: Marker, required: Bool) -> Int? {
        var i = offset
        while i > 0, bytes[i - 1] == 0x20 { i -= 1 }
        func ends(with text: String) -> Bool {
            let t = Array(text.utf8)
            return i >= t.count && Array(bytes[(i - t.count)..<i]) == t
        }
        func strip(_ options: [String]) -> Int? {
            for o in options where ends(with: o) { return i - o.utf8.count }
            return nil
        }
        let numerals = ["", "一", "二", "三", "四", "五", "六", "七", "八", "九", "十"]
        var start: Int? = nil
        switch marker {
        case .none:
            start = offset
        case .top(let n) where n < numerals.count:
            start = strip(["、", "，", ".", "．"].map { numerals[n] + $0 })
        case .paren(let n) where n < numerals.count:
            start = strip(["（\(numerals[n])）", "(\(numerals[n]))", "（\(numerals[n]))", "(\(numerals[n])）"])
        case .arabic(let n):
            start = strip([".", "．", "、", "。"].map { "\(n)" + $0 })
        default:
            start = nil
        }
        if let start { return start }
        return required ? nil : offset
    }
}
