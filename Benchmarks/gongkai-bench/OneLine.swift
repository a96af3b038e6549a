// The --one-line mode: how the engine's cost grows with the length of a line.
//
// A crawler saves a web page as the whole report on one line. Every stage of the
// engine must cost time linear in the input, so a 20 MiB one-line report must take
// about 20 times as long as a 1 MiB one. This mode builds one-line (and some other
// pathological) inputs from the seed reports in memory, times ReportEngine.evaluate on
// each size and prints the ratio t(large) / (size ratio × t(small)): 1 is linear, a
// quadratic path shows up as a ratio near the size ratio.
import Foundation
import GongkaiReport

/// One kind of input, built from the seeds at any size.
struct OneLineVariant {
    var name: String
    var summary: String
    /// The report text for roughly `bytes` bytes.
    var build: (_ bytes: Int) -> [UInt8]
}

enum OneLineInputs {
    /// The seed's lines (CR LF read as LF).
    static func lines(_ seed: [UInt8]) -> [String] {
        String(decoding: seed, as: UTF8.self).replacingOccurrences(of: "\r\n", with: "\n")
            .split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
    }

    /// The index of the line holding the section 2 heading (主动公开政府信息情况), where the
    /// narrative of section 1 ends.
    static func section2(_ lines: [String]) -> Int {
        lines.firstIndex { $0.contains("主动公开政府信息情况") || $0.contains("主動公開政府信息情況") } ?? lines.count / 3
    }

    /// The lines from the section 3 heading (Table 3) up to the section 5 heading.
    static func tables(_ lines: [String]) -> ArraySlice<String> {
        let start = lines.firstIndex { $0.contains("收到和处理政府信息公开申请情况") || $0.contains("收到和處理政府信息公開申請情況") } ?? 0
        let end = lines[start...].firstIndex { $0.contains("存在的主要问题") || $0.contains("存在问题") || $0.contains("存在的主要問題") } ?? lines.count
        return lines[start..<end]
    }

    /// The narrative paragraphs of section 1 (long lines before the section 2 heading).
    static func narrative(_ lines: [String]) -> [String] {
        let paragraphs = lines[..<section2(lines)].filter { $0.utf8.count >= 60 }
        return paragraphs.isEmpty ? lines.filter { $0.utf8.count >= 60 } : paragraphs
    }

    /// `units` repeated until the pieces reach `bytes` (joined by `separator`).
    static func repeated(_ units: [String], toReach bytes: Int, separator: String) -> [String] {
        guard !units.isEmpty else { return [] }
        var out: [String] = []
        var total = 0
        var i = 0
        while total < bytes {
            let unit = units[i % units.count]
            out.append(unit)
            total += unit.utf8.count + separator.utf8.count
            i += 1
        }
        return out
    }

    /// The seed with `filler` inserted at the end of section 1, as one line joined by `separator`,
    /// the filler sized so that the whole reaches `bytes`.
    static func oneLine(_ seed: [UInt8], filler units: [String], bytes: Int, separator: String = " ") -> [UInt8] {
        let lines = self.lines(seed)
        let base = lines.map(\.utf8.count).reduce(0, +) + lines.count * separator.utf8.count
        let filler = repeated(units, toReach: max(0, bytes - base), separator: separator)
        var all = lines
        all.insert(contentsOf: filler, at: section2(lines))
        return Array(all.joined(separator: separator).utf8)
    }

    /// Label-like fragments, numbering and digit runs: what the label splitter and the
    /// row matcher work hardest on.
    static let labelFragments: [String] = [
        "（一）予以公开", "1.", "申请", "2、其他法律行政", "三、本年度办理结果", "申请数量1000001", "12", "0", "0", "3",
        "2021年", "统计", "(二) 部分公开", "4. 保护第三方合法权益", "0 0 0 0 0 0 0", "五、", "1000000000001", "行政复议",
        "申请", "（三）", "1.", "2.", "3.", "（七）总计", "7", "6、", "第二十条第（一）项", "（六）其他处理", "/", "—", "件",
    ]

    /// Short lines for the many-lines input.
    static let shortLines: [String] = ["0", "申请", "1.", "（一）", "12", "", "一、", "总计", "3", "/", "2023年", "a", "1000001", "（七）总计 0"]

    static func variants(seeds: [[UInt8]]) -> [OneLineVariant] {
        func seed(_ n: Int) -> [UInt8] { seeds[n % seeds.count] }
        var variants: [OneLineVariant] = []
        for n in seeds.indices {
            variants.append(
                OneLineVariant(name: "narrative-\(n)", summary: "seed \(n) on one line, its section-1 narrative repeated") { bytes in
                    let s = seed(n)
                    return oneLine(s, filler: narrative(lines(s)), bytes: bytes)
                })
        }
        variants.append(
            OneLineVariant(name: "labels", summary: "seed 1 on one line, label fragments and digit runs repeated") { bytes in
                oneLine(seed(1), filler: labelFragments, bytes: bytes)
            })
        variants.append(
            OneLineVariant(name: "table-pipes", summary: "seed 0's tables 3-4 (pipe cells) repeated on one line") { bytes in
                let units = Array(tables(lines(seed(0))))
                return Array(repeated(units, toReach: bytes, separator: " ").joined(separator: " ").utf8)
            })
        variants.append(
            OneLineVariant(name: "table-tabs", summary: "seed 4's tables 3-4 (tab cells) repeated on one line") { bytes in
                let units = Array(tables(lines(seed(4))))
                return Array(repeated(units, toReach: bytes, separator: " ").joined(separator: " ").utf8)
            })
        variants.append(
            OneLineVariant(name: "table-text", summary: "seed 2's tables 3-4 as plain text (no cells) repeated on one line") { bytes in
                let units = tables(lines(seed(2))).map { $0.replacingOccurrences(of: "\t", with: " ") }
                return Array(repeated(units, toReach: bytes, separator: " ").joined(separator: " ").utf8)
            })
        variants.append(
            OneLineVariant(name: "no-spaces", summary: "seed 3 and its narrative repeated on one line without any space or tab") { bytes in
                let s = seed(3)
                let stripped = lines(s).map { String(decoding: $0.utf8.filter { $0 != 0x20 && $0 != 0x09 }, as: UTF8.self) }
                let units = narrative(lines(s)).map { String(decoding: $0.utf8.filter { $0 != 0x20 && $0 != 0x09 }, as: UTF8.self) }
                return oneLine(Array(stripped.joined(separator: "\n").utf8), filler: units, bytes: bytes, separator: "")
            })
        variants.append(
            OneLineVariant(name: "one-cell", summary: "seed 2 and its narrative repeated on one line without spaces, tabs or pipes: one cell") { bytes in
                func strip(_ line: String) -> String { String(decoding: line.utf8.filter { $0 != 0x20 && $0 != 0x09 && $0 != 0x7C }, as: UTF8.self) }
                let s = seed(2)
                return oneLine(Array(lines(s).map(strip).joined(separator: "\n").utf8), filler: narrative(lines(s)).map(strip), bytes: bytes, separator: "")
            })
        variants.append(
            OneLineVariant(name: "short-lines", summary: "seed 2 with millions of very short lines in section 1 and in Table 3") { bytes in
                let lines = lines(seed(2))
                let base = lines.map(\.utf8.count).reduce(0, +) + lines.count
                let filler = repeated(shortLines, toReach: max(0, bytes - base) / 2, separator: "\n")
                var all = lines
                let t3 = all.firstIndex { $0.contains("收到和处理政府信息公开申请情况") } ?? all.count
                all.insert(contentsOf: filler, at: t3 + 1)
                all.insert(contentsOf: filler, at: section2(all))
                return Array(all.joined(separator: "\n").utf8)
            })
        variants.append(
            OneLineVariant(name: "html", summary: "seed 4 as an HTML page on one line (cells in <td>, prose in <p>), narrative repeated") { bytes in
                let s = seed(4)
                func html(_ line: String) -> String {
                    guard line.contains("\t") else { return "<p>\(line)</p>" }
                    return "<tr>" + line.split(separator: "\t", omittingEmptySubsequences: false).map { "<td>\($0)</td>" }.joined() + "</tr>"
                }
                let page = lines(s).map(html)
                let base = page.map(\.utf8.count).reduce(0, +)
                let filler = repeated(narrative(lines(s)).map(html), toReach: max(0, bytes - base), separator: "")
                var all = page
                all.insert(contentsOf: filler, at: section2(lines(s)))
                return Array(("<html><body><table>" + all.joined() + "</table></body></html>").utf8)
            })
        variants.append(
            OneLineVariant(name: "compat", summary: "seed 3 on one line, narrative with full-width digits, ① and Kangxi radicals (NFKC path) repeated") {
                bytes in
                let s = seed(3)
                let units = narrative(lines(s)).map { line in
                    "⼀、① ２０２３年 ⼆ " + line.replacingOccurrences(of: "2023", with: "２０２３").replacingOccurrences(of: "一", with: "⼀")
                }
                return oneLine(s, filler: units, bytes: bytes)
            })
        variants.append(
            OneLineVariant(name: "gb18030", summary: "narrative-2 encoded as GB18030") { bytes in
                let text = String(decoding: oneLine(seed(2), filler: narrative(lines(seed(2))), bytes: bytes), as: UTF8.self)
                return text.data(using: String.Encoding(rawValue: 0x8000_0632)).map { [UInt8]($0) } ?? Array(text.utf8)
            })
        variants.append(
            OneLineVariant(name: "utf16", summary: "narrative-1 encoded as UTF-16LE with a BOM") { bytes in
                let text = String(decoding: oneLine(seed(1), filler: narrative(lines(seed(1))), bytes: bytes / 2 * 3 / 2), as: UTF8.self)
                var out: [UInt8] = [0xFF, 0xFE]
                for unit in text.utf16 { out.append(UInt8(unit & 0xFF)); out.append(UInt8(unit >> 8)) }
                return out
            })
        variants.append(
            OneLineVariant(name: "digit-runs", summary: "seed 0's Table 3 rows with long glued digit runs repeated on one line") { bytes in
                let units = [
                    "（七）总计 1234567890123456789012345678901234567890", "一、本年新收政府信息公开申请数量 100000011000001",
                    "行政复议 行政诉讼 123456789012345678901234567", "2.其他法律行政法规禁止公开 0000000",
                ]
                return oneLine(seed(0), filler: units, bytes: bytes)
            })
        return variants
    }
}

/// Runs the --one-line mode; `arguments` are what follows it.
func runOneLine(seeds: [(String, [UInt8])], arguments: [String]) {
    func value(_ flag: String) -> String? {
        guard let i = arguments.firstIndex(of: flag), i + 1 < arguments.count else { return nil }
        return arguments[i + 1]
    }
    let mebibyte = 1 << 20
    let sizes = (value("--sizes").map { $0.split(separator: ",").compactMap { Double($0) } } ?? [1, 20]).filter { $0 > 0 }
    guard sizes.count >= 2 else {
        FileHandle.standardError.write(Data("gongkai-bench: --sizes needs two sizes in MiB, e.g. 1,20\n".utf8))
        exit(2)
    }
    // Best of several runs: the machine is shared, and a slow run says nothing about the engine.
    let repeats = max(value("--repeat").flatMap(Int.init) ?? 3, 1)
    let repeatsLarge = max(value("--repeat-large").flatMap(Int.init) ?? 2, 1)
    let wanted = value("--variants").map { Set($0.split(separator: ",").map(String.init)) }
    let dump = value("--dump")
    let all = OneLineInputs.variants(seeds: seeds.map(\.1))
    if arguments.contains("--list") {
        for variant in all { print("\(variant.name.padding(toLength: 12, withPad: " ", startingAt: 0))  \(variant.summary)") }
        return
    }
    let variants = all.filter { wanted?.contains($0.name) ?? true }
    guard !variants.isEmpty else {
        FileHandle.standardError.write(Data("gongkai-bench: no such variant; known: \(all.map(\.name).joined(separator: ","))\n".utf8))
        exit(2)
    }
    print(
        "gongkai-bench --one-line: ReportEngine.evaluate, sizes \(sizes.map { String(format: "%g", $0) }.joined(separator: ", ")) MiB, "
            + "best of \(repeats) runs below the largest size, of \(repeatsLarge) at it")
    print(
        "  ratio = t(\(String(format: "%g", sizes[sizes.count - 1])) MiB) / (\(String(format: "%g", sizes[sizes.count - 1] / sizes[0])) × t(\(String(format: "%g", sizes[0])) MiB)); 1 is linear"
    )
    let header = variants.map(\.name.count).max() ?? 10
    var worst = 0.0
    var worstName = ""
    for variant in variants {
        var times: [Double] = []
        var verdicts: [String] = []
        for (index, size) in sizes.enumerated() {
            let input = variant.build(Int(size * Double(mebibyte)))
            if let dump {
                let path = "\(dump)/one-line-\(variant.name)-\(String(format: "%g", size))MiB.txt"
                _ = FileManager.default.createFile(atPath: path, contents: Data(input))
            }
            var best = Double.infinity
            var evaluation: Evaluation? = nil
            for _ in 0..<(index == sizes.count - 1 ? repeatsLarge : repeats) {
                let t0 = now()
                let e = ReportEngine.evaluate(input)
                best = min(best, now() - t0)
                evaluation = e
            }
            times.append(best)
            if let e = evaluation { verdicts.append("\(e.verdict())/\(e.findings.count)") }
        }
        guard let first = times.first, let last = times.last, let s0 = sizes.first, let s1 = sizes.last else { continue }
        let ratio = last / (s1 / s0 * first)
        if ratio > worst { worst = ratio; worstName = variant.name }
        let columns = zip(sizes, times).map { String(format: "%g MiB %9.1f ms", $0, $1 * 1000) }.joined(separator: "  ")
        print(
            "  \(variant.name.padding(toLength: header, withPad: " ", startingAt: 0))  \(columns)  ratio \(String(format: "%.2f", ratio))  [\(verdicts.joined(separator: " "))]"
        )
    }
    print(String(format: "  worst ratio: %.2f (%@)", worst, worstName))
}
