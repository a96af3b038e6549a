import GongkaiXML

/// Word's automatic numbering ("一、", "（一）", "1." put before a paragraph by a list, not
/// typed): read from word/numbering.xml and the paragraph styles in word/styles.xml, and
/// counted in document order, so a numbered heading reads "一、总体情况" as printed.
///
/// Each `w:num` counts on its own (LibreOffice's reading); a level restarts after a
/// paragraph of a higher level; bullets and `none` give no text. The number and the text
/// are joined without a tab (Word's default suffix), so the heading stays one cell of text.
struct WordNumbering {
    struct Level {
        var format = "decimal"
        var text = "%1."
        var start = 1
    }

    /// abstractNumId → level → definition.
    private var abstracts: [String: [Int: Level]] = [:]
    /// numId → its abstract definition and overrides.
    private var instances: [String: (abstract: String, levels: [Int: Level])] = [:]
    /// Paragraph styleId → (numId, ilvl, basedOn).
    private var styles: [String: (numId: String?, level: Int?, basedOn: String?)] = [:]
    /// numId → level → the current number.
    private var counters: [String: [Int: Int]] = [:]

    /// The attributes the numbering and styles parts are read with.
    static let attributes: Set<String> = ["val", "abstractNumId", "numId", "ilvl", "styleId", "type"]

    init(numbering: MarkupTree?, styles styleTree: MarkupTree?) {
        if let tree = numbering { readNumbering(tree) }
        if let tree = styleTree { readStyles(tree) }
    }

    var isEmpty: Bool { instances.isEmpty }

    private static func elements(_ tree: MarkupTree, under index: Int, named name: String) -> [Int] {
        tree.children(of: index).filter { tree[$0].kind == .element && tree[$0].name == name }
    }

    private static func value(_ tree: MarkupTree, _ index: Int, _ child: String) -> String? {
        tree.firstChildElement(of: index, named: child).flatMap { tree.attribute("val", of: $0) }
    }

    private static func level(_ tree: MarkupTree, _ lvl: Int, base: Level = Level()) -> Level {
        var level = base
        if let format = value(tree, lvl, "numFmt") { level.format = format }
        if let text = value(tree, lvl, "lvlText") { level.text = text }
        if let start = value(tree, lvl, "start").flatMap({ Int($0) }) { level.start = max(0, min(start, 1_000_000)) }
        return level
    }

    private mutating func readNumbering(_ tree: MarkupTree) {
        guard let root = tree.children(of: tree.documentIndex).first(where: { tree[$0].kind == .element }) else { return }
        for abstract in Self.elements(tree, under: root, named: "abstractNum") {
            guard let id = tree.attribute("abstractNumId", of: abstract) else { continue }
            var levels: [Int: Level] = [:]
            for lvl in Self.elements(tree, under: abstract, named: "lvl") {
                guard let n = tree.attribute("ilvl", of: lvl).flatMap({ Int($0) }), (0...8).contains(n) else { continue }
                levels[n] = Self.level(tree, lvl)
            }
            abstracts[id] = levels
        }
        for num in Self.elements(tree, under: root, named: "num") {
            guard let id = tree.attribute("numId", of: num), let abstract = Self.value(tree, num, "abstractNumId") else { continue }
            var levels = abstracts[abstract] ?? [:]
            for override in Self.elements(tree, under: num, named: "lvlOverride") {
                guard let n = tree.attribute("ilvl", of: override).flatMap({ Int($0) }), (0...8).contains(n) else { continue }
                var level = levels[n] ?? Level()
                if let lvl = tree.firstChildElement(of: override, named: "lvl") { level = Self.level(tree, lvl, base: level) }
                if let start = Self.value(tree, override, "startOverride").flatMap({ Int($0) }) { level.start = max(0, min(start, 1_000_000)) }
                levels[n] = level
            }
            instances[id] = (abstract, levels)
        }
    }

    private mutating func readStyles(_ tree: MarkupTree) {
        guard let root = tree.children(of: tree.documentIndex).first(where: { tree[$0].kind == .element }) else { return }
        for style in Self.elements(tree, under: root, named: "style") where tree.attribute("type", of: style) == "paragraph" {
            guard let id = tree.attribute("styleId", of: style) else { continue }
            var entry: (numId: String?, level: Int?, basedOn: String?) = (nil, nil, Self.value(tree, style, "basedOn"))
            if let pPr = tree.firstChildElement(of: style, named: "pPr"), let numPr = tree.firstChildElement(of: pPr, named: "numPr") {
                entry.numId = Self.value(tree, numPr, "numId")
                entry.level = Self.value(tree, numPr, "ilvl").flatMap { Int($0) }
            }
            styles[id] = entry
        }
    }

    /// The number of the next paragraph with this numbering (direct `w:numPr` first, then
    /// its style's, through `w:basedOn`), counted; nil when it is not numbered.
    mutating func next(numId direct: String?, level directLevel: Int?, style: String?) -> String? {
        var numId = direct
        var level = directLevel
        var name = style
        var hops = 0
        while numId == nil, let s = name, let entry = styles[s], hops < 16 {
            numId = entry.numId
            if level == nil { level = entry.level }
            name = entry.basedOn
            hops += 1
        }
        guard let id = numId, id != "0", let instance = instances[id] else { return nil }
        let n = max(0, min(level ?? 0, 8))
        let definition = instance.levels[n] ?? Level()
        var current = counters[id] ?? [:]
        current[n] = (current[n] ?? definition.start - 1) + 1
        for deeper in (n + 1)...9 { current[deeper] = nil }
        counters[id] = current
        if definition.format == "bullet" || definition.format == "none" { return nil }
        // "%1、" / "（%2）" / "%1.%2": each placeholder is that level's number in its format.
        var out = ""
        var scalars = definition.text.unicodeScalars.makeIterator()
        while let c = scalars.next() {
            guard c == "%" else {
                out.unicodeScalars.append(c)
                continue
            }
            guard let digit = scalars.next() else { break }
            guard let k = Int(String(digit)), (1...9).contains(k) else {
                out.unicodeScalars.append(digit)
                continue
            }
            let levelDefinition = instance.levels[k - 1] ?? Level()
            out += Self.format(current[k - 1] ?? levelDefinition.start, levelDefinition.format)
        }
        return out.isEmpty ? nil : out
    }

    static func format(_ n: Int, _ format: String) -> String {
        switch format {
        case "chineseCounting", "chineseCountingThousand", "japaneseCounting", "taiwaneseCounting":
            return chinese(n) ?? String(n)
        case "chineseLegalSimplified":
            return chinese(n, digits: Array("零壹贰叁肆伍陆柒捌玖"), ten: "拾", hundred: "佰", thousand: "仟") ?? String(n)
        case "ideographTraditional":
            return (1...10).contains(n) ? String(Array("甲乙丙丁戊己庚辛壬癸")[n - 1]) : String(n)
        case "ideographZodiac":
            return (1...12).contains(n) ? String(Array("子丑寅卯辰巳午未申酉戌亥")[n - 1]) : String(n)
        case "ideographDigital", "taiwaneseDigital", "japaneseDigitalTenThousand":
            return String(String(n).map { c in c.wholeNumberValue.map { Array("〇一二三四五六七八九")[$0] } ?? c })
        case "decimalZero":
            return n < 10 ? "0\(n)" : String(n)
        case "decimalFullWidth", "decimalFullWidth2":
            return String(String(n).unicodeScalars.map { s in Character(Unicode.Scalar(s.value + 0xFEE0) ?? s) })
        case "decimalEnclosedCircle", "decimalEnclosedCircleChinese":
            return (1...20).contains(n) ? String(Character(Unicode.Scalar(0x2460 + UInt32(n - 1)) ?? "0")) : String(n)
        case "decimalEnclosedParen":
            return (1...20).contains(n) ? String(Character(Unicode.Scalar(0x2474 + UInt32(n - 1)) ?? "0")) : String(n)
        case "decimalEnclosedFullstop":
            return (1...20).contains(n) ? String(Character(Unicode.Scalar(0x2488 + UInt32(n - 1)) ?? "0")) : String(n)
        case "upperLetter", "lowerLetter":
            guard n >= 1 else { return String(n) }
            let letter = Character(Unicode.Scalar(UInt8((format == "upperLetter" ? 65 : 97) + (n - 1) % 26)))
            return String(repeating: letter, count: (n - 1) / 26 + 1)
        case "upperRoman", "lowerRoman":
            let roman = self.roman(n)
            return format == "upperRoman" ? roman : roman.lowercased()
        default:
            if format.hasPrefix("chinese") || format.hasPrefix("japanese") || format.hasPrefix("taiwanese") {
                return chinese(n) ?? String(n)
            }
            return String(n)
        }
    }

    /// 1 → 一, 10 → 十, 11 → 十一, 20 → 二十, 105 → 一百零五 (up to 9999).
    static func chinese(
        _ n: Int, digits: [Character] = Array("零一二三四五六七八九"), ten: Character = "十",
        hundred: Character = "百", thousand: Character = "千"
    ) -> String? {
        guard (1...9999).contains(n) else { return nil }
        let units: [(Int, Character)] = [(1000, thousand), (100, hundred), (10, ten)]
        var out = ""
        var rest = n
        var zero = false
        for (value, unit) in units {
            let d = rest / value
            rest %= value
            if d > 0 {
                if zero { out.append(digits[0]); zero = false }
                // 十一 rather than 一十一 when ten leads.
                if !(value == 10 && d == 1 && out.isEmpty) { out.append(digits[d]) }
                out.append(unit)
            } else if !out.isEmpty {
                zero = true
            }
        }
        if rest > 0 {
            if zero { out.append(digits[0]) }
            out.append(digits[rest])
        }
        return out
    }

    static func roman(_ n: Int) -> String {
        guard (1...3999).contains(n) else { return String(n) }
        let table: [(Int, String)] = [
            (1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"),
            (50, "L"), (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I"),
        ]
        var out = ""
        var rest = n
        for (value, symbol) in table {
            while rest >= value {
                out += symbol
                rest -= value
            }
        }
        return out
    }
}
