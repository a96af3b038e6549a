/// Reads the report year, the statistics period, the agency and the signature date.
enum MetadataReader {
    struct YearEvidence: Sendable, Hashable {
        var title: Int?
        var titleLine: Int?
        var period: Int?
        var periodEnd: Int?
        var periodLine: Int?
        var narrative: Int?
    }

    /// Years written in digits or in Chinese numerals ("二〇二三年") followed by 年.
    static func years(in text: String) -> [(year: Int, range: Range<String.Index>)] {
        var found: [(Int, Range<String.Index>)] = []
        let scalars = text.unicodeScalars
        var index = scalars.startIndex
        while let r = scalars[index...].firstIndex(of: "年") {
            var start = r
            var value = 0
            var digits = 0
            while start > scalars.startIndex, digits <= 4 {
                let p = scalars.index(before: start)
                let c = scalars[p]
                if let d = yearDigit(c) { value += d * pow10(digits); digits += 1 } else if c == " " && digits == 0 {} else { break }
                start = p
            }
            if digits == 4, value >= 1990, value <= 2100 {
                let before = start > scalars.startIndex ? scalars[scalars.index(before: start)] : " "
                if yearDigit(before) == nil || !(before.value >= 0x30 && before.value <= 0x39) {
                    found.append((value, start..<scalars.index(after: r)))
                }
            }
            index = scalars.index(after: r)
        }
        return found
    }

    static func pow10(_ n: Int) -> Int { [1, 10, 100, 1000, 10000, 100000][min(n, 5)] }

    /// A digit of a year: ASCII, or a Chinese numeral. Years are spelled digit by digit
    /// ("二〇二一"), so 十 is not one; 〇 is often typed as ○ or a Cyrillic О.
    static func yearDigit(_ s: Unicode.Scalar) -> Int? {
        if s.value >= 0x30 && s.value <= 0x39 { return Int(s.value - 0x30) }
        switch s {
        case "○", "О": return 0
        case "十": return nil
        default: return ChineseNumeral.value(of: s)
        }
    }

    /// A Chinese digit of a year written out in a date ("二〇二四年…"): as ``yearDigit(_:)``
    /// without ASCII digits, and a Latin o may stand for 〇.
    static func chineseYearDigit(_ c: Character) -> Int? {
        switch c {
        case "○", "О", "o": 0
        case "十": nil
        default: ChineseNumeral.values[c]
        }
    }

    /// The title: among the rows before the first section heading, the first that
    /// names the report (年度报告 / 政府信息公开) and a year, possibly across two lines.
    static func title(rows: [Row], before limit: Int) -> (year: Int?, agency: String?, line: Int?) {
        // Web pages put navigation lines before the title, so look as far as the first
        // section heading (or 30 rows when there is none).
        let end = min(limit, rows.count, 40)
        for i in 0..<end {
            let text = rows[i].text.removingSpaces()
            // `prefix(81).count` is `count` up to 81: a long line is not walked to its end.
            guard text.prefix(81).count <= 80, text.has("年度报告") || text.has("政府信息公开") || text.has("工作报告") else { continue }
            guard let first = years(in: text).first else {
                // "盐池县医疗保障局" / "2019年政府…" split the other way: year on the next line.
                continue
            }
            guard text.has("政府信息公开") || text.has("年度报告") else { continue }
            var agency: String? = String(text[..<first.range.lowerBound])
            // "关于2023年…" and "某局关于2023年…": the word is not part of the name.
            if let a = agency, a.hasSuffix("关于") { agency = String(a.dropLast(2)) }
            if let a = agency, a.hasPrefix("关于") { agency = String(a.dropFirst(2)) }
            // A crawled or exported page's header field: "标题: 某局2022年度…" (the label
            // is a word or two before a colon, never part of a name).
            if let a = agency, let colon = a.lastIndex(where: { $0 == ":" || $0 == "：" }),
                a.distance(from: a.startIndex, to: colon) <= 4
            {
                agency = String(a[a.index(after: colon)...]).removingSpaces()
            }
            if agency?.isEmpty ?? true, i > 0 {
                agency = rows[i - 1].text.removingSpaces()
            }
            if let a = agency, !isAgencyLike(a) { agency = nil }
            // A title on two lines: "宁海县医疗保障局2021年政府信息公开" / "工作年度报告".
            return (first.year, agency, rows[i].line)
        }
        return (nil, nil, nil)
    }

    /// Whether a line looks like an agency name: short, no sentence punctuation.
    static func isAgencyLike(_ s: String) -> Bool {
        let length = s.prefix(41).count  // `count` up to 41
        guard length >= 3, length <= 40 else { return false }
        if s.contains(where: { "，。,;；：:、!！?？“”\"《》()（）".contains($0) }) { return false }
        if s.has("报告") || s.contains(where: \.isASCIIDigit) { return false }
        if LabelText.core(of: s).marker != nil { return false }
        let ideographs = s.unicodeScalars.filter { ChineseScript.isIdeograph($0.value) }.count
        return ideographs * 10 >= s.count * 8
    }

    /// The statistics period: "统计期限为2020年1月1日至2020年12月31日" and variants.
    static func period(in rows: [Row]) -> (start: Int, end: Int?)? {
        for row in rows where row.text.has("统计") {
            if let p = period(in: row.text) { return (p.start, p.end) }
        }
        return nil
    }

    static func period(in text: String) -> (start: Int, end: Int?, offset: String.Index)? {
        var search = text.startIndex
        while let r = text.byteRange(of: "统计", from: search) {
            let window = text[r.upperBound...].prefix(40)
            let ys = years(in: String(window))
            if let first = ys.first {
                let after = String(window)[first.range.upperBound...].prefix(6)
                if after.hasPrefix("1月1日") || after.hasPrefix("1月") || after.hasPrefix("度") {
                    let end = ys.dropFirst().first?.year
                    return (first.year, end, r.lowerBound)
                }
            }
            search = r.upperBound
        }
        return nil
    }

    /// The date under the signature: one of the last lines holding only a date.
    static func signatureDate(rows: [Row]) -> (date: CalendarDate, rowIndex: Int, raw: String)? {
        var seen = 0
        for index in rows.indices.reversed() {
            let text = rows[index].text.removingSpaces()
            if text.isEmpty { continue }
            seen += 1
            if seen > 4 { break }
            guard text.prefix(17).count <= 16, let date = parseDate(text) else { continue }
            return (date, index, text)
        }
        return nil
    }

    /// Parses "2024年1月19日" or "二〇二四年一月十九日" (the whole string).
    static func parseDate(_ text: String) -> CalendarDate? {
        guard let yearEnd = text.firstIndex(of: "年"), let monthEnd = text.firstIndex(of: "月"), let dayEnd = text.firstIndex(of: "日"),
            yearEnd < monthEnd, monthEnd < dayEnd, text.index(after: dayEnd) == text.endIndex
        else { return nil }
        func value(_ s: Substring, year: Bool) -> Int? {
            if let n = Int(s) { return n }
            if year {
                let digits = s.compactMap { chineseYearDigit($0) }
                guard digits.count == 4, s.count == 4 else { return nil }
                return digits.reduce(0) { $0 * 10 + $1 }
            }
            return LabelText.number(String(s))
        }
        guard let y = value(text[..<yearEnd], year: true),
            let m = value(text[text.index(after: yearEnd)..<monthEnd], year: false),
            let d = value(text[text.index(after: monthEnd)..<dayEnd], year: false)
        else { return nil }
        return CalendarDate(year: y, month: m, day: d)
    }

    /// Whether a calendar date exists (month 1–12, day within the month).
    static func isValid(_ d: CalendarDate) -> Bool {
        guard (1...12).contains(d.month), d.day >= 1 else { return false }
        let leap = (d.year % 4 == 0 && d.year % 100 != 0) || d.year % 400 == 0
        let days = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][d.month - 1]
        return d.day <= days
    }
}
