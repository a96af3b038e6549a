/// The result of evaluating one report: what was read and what was found.
public struct Evaluation: Sendable, Hashable {
    /// The parsed report, cell by cell.
    public var report: Report
    /// Everything found wrong or doubtful, in document order within each stage.
    public var findings: [Finding]

    public init(report: Report, findings: [Finding]) {
        self.report = report
        self.findings = findings
    }

    /// The verdict under a policy: any error rejects; the strict policy also rejects
    /// template deviations.
    public func verdict(under policy: Policy = .standard) -> Verdict {
        let rejects = findings.contains { f in
            switch policy {
            case .standard: f.severity == .error
            case .strict: f.severity == .error || f.code.isTemplateDeviation
            }
        }
        return rejects ? .rejected : .accepted
    }

    public var errorCount: Int { findings.filter { $0.severity == .error }.count }
    public var warningCount: Int { findings.filter { $0.severity == .warning }.count }
}

/// The report engine: decode → normalise → find tables → parse → validate.
///
/// Pure: it reads bytes it is given and returns values; it touches no file, clock or
/// database, so the daemon, the CLI and the tests all get the same verdict for the
/// same bytes. It never throws and never traps on input: whatever arrives gets a
/// verdict with reasons.
public enum ReportEngine {
    /// Evaluates the bytes of one file.
    public static func evaluate(_ bytes: [UInt8]) -> Evaluation {
        switch TextDecoder.decode(bytes) {
        case .failure(let error):
            let finding = Finding(
                .decodeFailed, Location(), expected: "UTF-8, UTF-16 or GB18030 text", actual: "byte offset \(error.byteOffset)",
                zh: "文件无法识别为文本：第 \(error.byteOffset) 字节处编码错误（\(error.reason)）。",
                en: "The file is not readable text: \(error.description).")
            return Evaluation(report: Report(), findings: [finding])
        case .success(let decoded):
            var evaluation = evaluate(text: decoded.text)
            evaluation.report.encoding = decoded.encoding
            return evaluation
        }
    }

    /// Evaluates a document a reader made of a PDF, DOCX or HTML file: its tables keep
    /// their cells, its paragraphs their lines; findings' lines map to pages through
    /// ``DocumentText/Rendering/pages``.
    public static func evaluate(document: Document) -> Evaluation {
        let rendering = DocumentText.render(document)
        return evaluate(text: rendering.text)
    }

    /// Evaluates already-decoded text.
    public static func evaluate(text: String) -> Evaluation {
        var lines = TextNormalizer.lines(text)
        // A report flattened onto one line is split at its headings and row labels (line
        // numbers then count the split lines).
        if let split = OneLinePage.split(lines) { lines = split.lines }
        let rows = LayoutReader.rows(lines: lines)
        var findings: [Finding] = []
        var report = Report(text: text)

        let headings = SectionFinder.find(in: rows)
        func heading(_ n: Int) -> Int? { headings.first { $0.number == n }?.rowIndex }

        // Table regions: from the section heading, or from the table's own anchors.
        let t2Start = heading(2) ?? rows.firstIndex { $0.text.has("第二十条") }
        let t3Anchor = rows.firstIndex { row in
            row.cells.contains { $0.has("本年新收") || $0.has("勾稽关系") }
        }
        let t3Start = heading(3) ?? t3Anchor
        let tailStart = heading(5) ?? heading(6)
        let t4Heading = heading(4)
        let t3End = t4Heading ?? tailStart ?? rows.count
        let t3Range = (t3Start ?? t2Start ?? 0)..<max(t3End, t3Start ?? t2Start ?? 0)
        let table3Reading = Table3Parser.parse(rows[t3Range])

        let t4Start: Int? =
            t4Heading
            ?? {
                // Without the heading: the table's own header row ("行政复议 | 行政诉讼"),
                // never a sentence of the narrative that mentions reconsideration.
                let lastT3 = table3Reading.captures.values.map(\.line).max() ?? 0
                return rows.firstIndex { row in
                    row.line > lastT3 && row.text.has("行政复议") && (row.filledCount >= 2 || row.text.unicodeScalars.count <= 12)
                }
            }()
        var table4Reading = Table4Reading()
        if let s = t4Start {
            let end = tailStart.map { max($0, s) } ?? min(rows.count, s + 40)
            table4Reading = Table4Parser.parse(rows[s..<end])
        }
        var table2Reading = Table2Reading()
        if let s = t2Start {
            let end = [t3Start, t4Start, tailStart].compactMap { $0 }.filter { $0 > s }.min() ?? min(rows.count, s + 60)
            table2Reading = Table2Parser.parse(rows[s..<end])
        }

        // Year, title, agency, signature.
        let firstHeading = headings.first?.rowIndex ?? 30
        let title = MetadataReader.title(rows: rows, before: firstHeading)
        let period = MetadataReader.period(in: rows)
        let section1Text = sectionText(1, headings: headings, rows: rows)
        let narrativeYear = mostFrequentYear(section1Text.isEmpty ? rows.prefix(10).map(\.text).joined(separator: "\n") : section1Text)
        let year = title.year ?? period?.start ?? narrativeYear
        report.year = year
        if let t = title.year, let p = period?.start, t != p {
            findings.append(
                Finding(
                    .yearInconsistent, Location(line: title.line), expected: "\(t)", actual: "\(p)",
                    zh: "标题中的年度为 \(t) 年，统计期限却是 \(p) 年。",
                    en: "The title names \(t), but the statistics period is \(p)."))
        } else if let p = period, let e = p.end, e != p.start {
            findings.append(
                Finding(
                    .yearInconsistent, Location(), expected: "\(p.start)", actual: "\(e)",
                    zh: "统计期限起止年度不一致（\(p.start) 年至 \(e) 年）。",
                    en: "The statistics period starts in \(p.start) but ends in \(e)."))
        }
        if year == nil {
            findings.append(
                Finding(
                    .yearMissing, Location(), expected: "a report year", actual: "none",
                    zh: "未找到报告年度（标题、统计期限和正文中均无）。",
                    en: "No report year was found in the title, the statistics period or the text."))
        }

        let anyTable = table3Reading.found || table2Reading.found || table4Reading.slots != nil
        guard anyTable else {
            findings.append(
                Finding(
                    .notAReport, Location(), expected: "the tables of the 2019 or 2021 template", actual: "none found",
                    zh: "未找到年度报告模板中的任何表格，不是2019年及以后格式的政府信息公开工作年度报告。",
                    en: "None of the template's tables was found: not a 2019+ annual report."))
            if let y = year, y < 2019 { findings.append(unsupported(y)) }
            return Evaluation(report: report, findings: findings)
        }
        if let y = year, y < 2019 { findings.append(unsupported(y)) }

        // Template version.
        let template = detectTemplate(t2: table2Reading, t3: table3Reading, year: year)
        report.template = template
        if let y = year, y >= 2019, template != TemplateVersion.expected(forYear: y) {
            findings.append(
                Finding(
                    .templateYearMismatch, Location(), expected: TemplateVersion.expected(forYear: y).rawValue, actual: template.rawValue,
                    zh: "\(y) 年度报告应使用 \(TemplateVersion.expected(forYear: y).rawValue) 年格式，表格却是 \(template.rawValue) 年格式。",
                    en: "A \(y) report should follow the \(TemplateVersion.expected(forYear: y).rawValue) template, but the tables follow \(template.rawValue)."
                ))
        }

        // Sections.
        var sections: [Section] = []
        for n in 1...6 {
            let h = headings.first { $0.number == n }
            sections.append(
                Section(
                    number: n, canonicalHeading: SectionFinder.canonical[n - 1], heading: h?.text,
                    line: h.map { rows[$0.rowIndex].line }, text: sectionText(n, headings: headings, rows: rows)))
            if let h {
                if h.isVariant {
                    findings.append(
                        Finding(
                            .sectionHeadingVariant, Location(row: SectionFinder.canonical[n - 1], line: rows[h.rowIndex].line),
                            expected: SectionFinder.canonical[n - 1], actual: h.text,
                            zh: "第\(n)部分标题为“\(h.text)”，模板为“\(SectionFinder.canonical[n - 1])”。",
                            en: "Section \(n) is headed “\(h.text)”; the template says “\(SectionFinder.canonical[n - 1])”."))
                }
            } else {
                findings.append(
                    Finding(
                        .sectionMissing, Location(row: SectionFinder.canonical[n - 1]), expected: SectionFinder.canonical[n - 1], actual: "missing",
                        zh: "未找到第\(n)部分“\(SectionFinder.canonical[n - 1])”。",
                        en: "Section \(n) (“\(SectionFinder.canonical[n - 1])”) was not found."))
            }
        }
        report.sections = sections

        // Tables.
        if table2Reading.found {
            report.table2 = TableChecks.table2(table2Reading, template: template, findings: &findings)
        } else {
            findings.append(
                Finding(
                    .table2Missing, Location(table: "t2"), expected: "Table 2", actual: "missing",
                    zh: "未找到表二（主动公开政府信息情况）。", en: "Table 2 (proactive disclosure) was not found."))
        }
        if table3Reading.found {
            // A 2021 report whose Table 3 prints the single （六）其他处理 row of 2019 (and
            // none of the three 2021 sub-rows): Table 3 is read with the rows it prints.
            var t3Layout = template
            if template == .v2021, table3Reading.captures["other"]?.slots != nil,
                !["other.1", "other.2", "other.3"].contains(where: { table3Reading.captures[$0] != nil })
            {
                t3Layout = .v2019
                findings.append(
                    Finding(
                        .templateYearMismatch, Location(table: "t3", row: Table3Template.other2019.label, line: table3Reading.captures["other"]?.line),
                        expected: "2021: （六）其他处理 1–3", actual: "（六）其他处理 (2019 single row)",
                        zh: "表三按2019年版格式只列“（六）其他处理”一行，未分列2021年版的三个子项。",
                        en: "Table 3 prints the single 2019 row “（六）其他处理” instead of the three 2021 sub-rows."))
            }
            report.table3 = TableChecks.table3(table3Reading, template: t3Layout, findings: &findings)
        } else {
            findings.append(
                Finding(
                    .table3Missing, Location(table: "t3"), expected: "Table 3", actual: "missing",
                    zh: "未找到表三（收到和处理政府信息公开申请情况）。", en: "Table 3 (applications received and processed) was not found."))
        }
        if table4Reading.slots != nil {
            report.table4 = TableChecks.table4(table4Reading, findings: &findings)
        } else {
            findings.append(
                Finding(
                    .table4Missing, Location(table: "t4"), expected: "Table 4", actual: "missing",
                    zh: "未找到表四（政府信息公开行政复议、行政诉讼情况）。", en: "Table 4 (reconsideration and litigation) was not found."))
        }

        // Narrative against tables.
        let narrative = section1Text.isEmpty ? rows[..<(t2Start ?? 0)].map(\.text).joined(separator: "\n") : section1Text
        TextChecks.check(narrative: narrative, table3: report.table3, table4: report.table4, findings: &findings)

        // Signature date and agency.
        let signature = MetadataReader.signatureDate(rows: rows)
        if let s = signature {
            report.signatureDate = s.date
            if !MetadataReader.isValid(s.date) {
                findings.append(
                    Finding(
                        .signatureDateInvalid, Location(line: rows[s.rowIndex].line), expected: "a calendar date", actual: s.raw,
                        zh: "落款日期“\(s.raw)”不是有效日期。", en: "The signature date “\(s.raw)” is not a valid date."))
            } else if let y = year, s.date <= CalendarDate(year: y, month: 12, day: 31) {
                findings.append(
                    Finding(
                        .signatureDateInvalid, Location(line: rows[s.rowIndex].line), expected: "after \(y)-12-31", actual: s.date.description,
                        zh: "落款日期 \(s.raw) 早于 \(y) 年度结束，年度报告应在年度结束后出具。",
                        en: "The signature date \(s.date) is not after the end of the report year \(y)."))
            }
        }
        var agency = title.agency
        if agency == nil, let s = signature, s.rowIndex > 0 {
            let candidate = rows[s.rowIndex - 1].text.removingSpaces()
            if MetadataReader.isAgencyLike(candidate) { agency = candidate }
        }
        report.agency = agency
        if agency == nil {
            findings.append(
                Finding(
                    .agencyMissing, Location(), expected: "the agency's name", actual: "none",
                    zh: "标题和落款中均未找到报告机关名称。", en: "The reporting agency was found neither in a title nor in a signature block."))
        }

        // Section 六: the information-processing fee, from 2021.
        if template == .v2021 || (year ?? 0) >= 2021 {
            let text6 = sections[5].found ? sections[5].text : rows[(tailStart ?? rows.count)...].map(\.text).joined(separator: "\n")
            if !TextChecks.mentionsProcessingFee(text6) {
                findings.append(
                    Finding(
                        .feeStatementMissing, Location(row: SectionFinder.canonical[5]), expected: "信息处理费", actual: "not stated",
                        zh: "第六部分未说明信息处理费的收取情况（国办函〔2020〕109号）。",
                        en: "Section 6 does not state the information-processing fee charged (or that none was)."))
            }
        }
        return Evaluation(report: report, findings: findings)
    }

    static func unsupported(_ y: Int) -> Finding {
        Finding(
            .yearUnsupported, Location(), expected: "2019 or later", actual: "\(y)",
            zh: "报告年度为 \(y) 年，早于2019年，不是2019年及以后格式的年度报告。",
            en: "The report year \(y) is before 2019: not a 2019+ report.")
    }

    static func detectTemplate(t2: Table2Reading, t3: Table3Reading, year: Int?) -> TemplateVersion {
        var score2019 = 0
        var score2021 = 0
        let header = t2.headerText.removingSpaces()
        for word in Table2Template.headers2019 where header.has(word) { score2019 += 1 }
        for word in Table2Template.headers2021 where header.has(word) { score2021 += 1 }
        if t2.blocksSeen.contains(9) { score2019 += 1 }
        for capture in t2.captures {
            switch capture.label {
            case "行政规范性文件": score2021 += 1
            case "规范性文件", "其他对外管理服务事项", "政府集中采购": score2019 += 1
            default: break
            }
        }
        if t3.sawOtherRow { score2019 += 2 }
        if t3.sawOtherGroup || ["other.1", "other.2", "other.3"].contains(where: { t3.captures[$0]?.slots != nil }) { score2021 += 2 }
        if score2019 > score2021 { return .v2019 }
        if score2021 > score2019 { return .v2021 }
        return year.map(TemplateVersion.expected(forYear:)) ?? .v2021
    }

    static func sectionText(_ n: Int, headings: [SectionFinder.Heading], rows: [Row]) -> String {
        guard let h = headings.firstIndex(where: { $0.number == n }) else { return "" }
        let start = headings[h].rowIndex + 1
        let end = h + 1 < headings.count ? headings[h + 1].rowIndex : rows.count
        guard start < end else { return "" }
        return rows[start..<end].map(\.text).joined(separator: "\n")
    }

    static func mostFrequentYear(_ text: String) -> Int? {
        var counts: [Int: Int] = [:]
        for (y, _) in MetadataReader.years(in: text) where y >= 2000 { counts[y, default: 0] += 1 }
        return counts.max { a, b in a.value == b.value ? a.key > b.key : a.value < b.value }?.key
    }
}
