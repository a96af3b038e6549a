import Foundation
import GongkaiReport
import GongkaiTestSupport
import Testing

/// Property tests over thousands of deterministic random mutations of the seeds.
///
/// Whatever arrives, the engine returns a verdict with reasons: no trap, no hang, every
/// finding explained in both languages, and undecodable bytes answered by exactly one
/// DECODE_FAILED finding. The RNG is seeded per (seed, mutation) case, so a failure
/// names a reproducible input (case, iteration and what was done to the seed).
@Suite("Fuzz")
struct FuzzTests {
    enum Mutation: String, CaseIterable, CustomStringConvertible, Sendable {
        case truncate, flipBytes, insertBytes, shuffleLines, duplicateLines, deleteLines
        case hugeNumber, negativeNumber, garbage, longLine, randomUnicode, encodedBytes, mixed
        var description: String { rawValue }

        /// Iterations per seed.
        var iterations: Int {
            switch self {
            case .truncate: 60
            case .flipBytes: 80
            case .insertBytes: 60
            case .shuffleLines, .duplicateLines, .deleteLines: 50
            case .hugeNumber, .negativeNumber: 60
            case .garbage: 40
            case .longLine: 6
            case .randomUnicode, .encodedBytes, .mixed: 60
            }
        }
        var index: UInt64 { UInt64(Self.allCases.firstIndex(of: self)!) }
    }

    // MARK: The properties

    /// Checks the properties for one input; returns what is wrong (empty when all hold).
    static func violations(_ bytes: [UInt8]) -> [String] {
        let e = ReportEngine.evaluate(bytes)
        var problems: [String] = []
        let standard = e.verdict(under: .standard)
        let strict = e.verdict(under: .strict)
        if standard != .accepted && standard != .rejected { problems.append("verdict \(standard)") }
        if strict == .accepted && standard == .rejected { problems.append("strict accepts what the default policy rejects") }
        if (e.errorCount > 0) != (standard == .rejected) { problems.append("errors \(e.errorCount) but verdict \(standard.rawValue)") }
        for f in e.findings where f.messageZH.isEmpty || f.messageEN.isEmpty {
            problems.append("\(f.code.rawValue) has an empty message (zh \(f.messageZH.count) chars, en \(f.messageEN.count) chars)")
        }
        let decodeFailed = e.findings.contains { $0.code == .decodeFailed }
        if decodeFailed {
            if e.findings.map(\.code) != [.decodeFailed] {
                problems.append("DECODE_FAILED together with \(e.findings.map(\.code.rawValue))")
            }
            if e.report.encoding != nil { problems.append("DECODE_FAILED but encoding \(e.report.encoding!.rawValue)") }
        } else if e.report.encoding == nil {
            problems.append("decoded but no encoding recorded")
        }
        switch decodability(bytes) {
        case .decodable where decodeFailed:
            problems.append("valid UTF-8 without NUL, yet DECODE_FAILED: \(e.findings.first!.messageEN)")
        case .undecodable(let why) where !decodeFailed:
            problems.append(
                "undecodable (\(why)) but no DECODE_FAILED; findings \(e.findings.map(\.code.rawValue)), encoding \(e.report.encoding?.rawValue ?? "nil")")
        default:
            break
        }
        if e.report.encoding == .gb18030, String(data: Data(bytes), encoding: ReportRenderer.gb18030) == nil {
            problems.append("read as GB18030 although Foundation cannot decode it")
        }
        return problems
    }

    enum Decodability {
        case decodable
        case undecodable(String)
        case unknown
    }

    /// An oracle for the clear cases, independent of the engine's decoder.
    static func decodability(_ bytes: [UInt8]) -> Decodability {
        if bytes.isEmpty { return .decodable }
        if bytes.allSatisfy({ $0 == 0 }) { return .undecodable("all NUL") }
        if bytes.starts(with: [0xFF, 0xFE]) || bytes.starts(with: [0xFE, 0xFF]) {
            if bytes.count % 2 != 0 { return .undecodable("odd-length UTF-16 after a BOM") }
            return .unknown
        }
        let validUTF8 = String(validating: bytes, as: UTF8.self) != nil
        let hasNUL = bytes.contains(0)
        if validUTF8 && !hasNUL { return .decodable }
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) && !validUTF8 { return .undecodable("invalid UTF-8 after a UTF-8 BOM") }
        if !validUTF8 && !hasNUL && String(data: Data(bytes), encoding: ReportRenderer.gb18030) == nil {
            return .undecodable("neither UTF-8 nor GB18030, no NUL, no BOM")
        }
        return .unknown
    }

    // MARK: Mutations

    static let hugeNumbers = [
        "99999999999999999999", "1e300", "1E308", "18446744073709551616", "9223372036854775807",
        "9223372036854775808", "1" + String(repeating: "0", count: 400), "0.000000001",
        "1.7976931348623157e308", "inf", "NaN", "4294967296", "999999999999", "1,000,000,000,000,000",
        "99999999999999999999999", "0x7fffffffffffffff",
    ]
    static let negatives = ["-1", "-0", "-99999999999999999999", "−5", "--1", "-", "+3", "-1.5", "-9223372036854775808", "－2"]
    static let garbageUnits = [
        "(", "（", "|", "\t", "| \t", "[bookmark:", "<td>", "&#", "- 1 -\n", "第", "1234567890", "1.",
        "(tǒng)", "统(", ")", "\r", "\u{FEFF}", "一、", "（七）总计", "0\t", "0 | ", "\t0\n", "&nbsp;", "<tr>",
    ]

    struct Rand {
        var g: SplitMix64
        mutating func int(_ r: ClosedRange<Int>) -> Int { Int.random(in: r, using: &g) }
        mutating func int(_ r: Range<Int>) -> Int { Int.random(in: r, using: &g) }
        mutating func pick<T>(_ a: [T]) -> T { a[int(0..<a.count)] }
        mutating func chance(_ p: Double) -> Bool { Double.random(in: 0..<1, using: &g) < p }
        mutating func byte() -> UInt8 { UInt8.random(in: 0...255, using: &g) }
        mutating func scalar() -> Unicode.Scalar {
            let ranges: [ClosedRange<UInt32>] = [
                0x20...0x7E, 0x80...0x2FF, 0x300...0x36F, 0x4E00...0x9FFF, 0x3400...0x4DBF,
                0x2F00...0x2FDF, 0xFF01...0xFF5E, 0x2000...0x206F, 0xE000...0xF8FF,
                0xFFF0...0xFFFD, 0x1F300...0x1F6FF, 0x20000...0x2A6DF, 0x0...0x1F,
                0x590...0x6FF, 0xFE00...0xFE0F, 0x10000...0x10FFFF,
            ]
            while true {
                let r = pick(ranges)
                if let s = Unicode.Scalar(UInt32.random(in: r, using: &g)) { return s }
            }
        }
    }

    static func lines(_ bytes: [UInt8]) -> [String] {
        String(decoding: bytes, as: UTF8.self).components(separatedBy: "\n")
    }

    static func utf8(_ lines: [String]) -> [UInt8] { Array(lines.joined(separator: "\n").utf8) }

    /// Replaces up to `count` ASCII digits of the text with strings from `pool`.
    static func replaceDigits(_ bytes: [UInt8], pool: [String], count: Int, _ r: inout Rand) -> ([UInt8], String) {
        var out = bytes
        var done: [String] = []
        for _ in 0..<count {
            let digits = out.indices.filter { (0x30...0x39).contains(out[$0]) }
            guard !digits.isEmpty else { break }
            let at = r.pick(digits)
            let s = r.pick(pool)
            out.replaceSubrange(at...at, with: Array(s.utf8))
            done.append("@\(at)→\(s.prefix(24))")
        }
        return (out, done.joined(separator: ","))
    }

    /// One mutation of `base`; returns the bytes and a description for reproduction.
    static func mutate(_ base: [UInt8], _ m: Mutation, _ r: inout Rand) -> ([UInt8], String) {
        switch m {
        case .truncate:
            let at = r.int(0...base.count)
            return (Array(base.prefix(at)), "truncate at \(at)")
        case .flipBytes:
            var out = base
            var what: [String] = []
            for _ in 0..<r.int(1...8) where !out.isEmpty {
                let at = r.int(0..<out.count)
                let mask: UInt8 = r.chance(0.5) ? 1 << UInt8(r.int(0...7)) : max(1, r.byte())
                out[at] ^= mask
                what.append("\(at)^\(mask)")
            }
            return (out, "flip " + what.joined(separator: ","))
        case .insertBytes:
            var out = base
            var what: [String] = []
            for _ in 0..<r.int(1...4) {
                let at = r.int(0...out.count)
                let junk = (0..<r.int(1...16)).map { _ in r.byte() }
                out.insert(contentsOf: junk, at: at)
                what.append("\(at)+\(junk.map { String($0, radix: 16) }.joined(separator: " "))")
            }
            return (out, "insert " + what.joined(separator: "; "))
        case .shuffleLines:
            var ls = lines(base)
            if r.chance(0.3) {
                ls.shuffle(using: &r.g)
                return (utf8(ls), "shuffle all lines")
            }
            var what: [String] = []
            for _ in 0..<r.int(1...10) where ls.count > 1 {
                let a = r.int(0..<ls.count)
                let b = r.int(0..<ls.count)
                ls.swapAt(a, b)
                what.append("\(a)<->\(b)")
            }
            return (utf8(ls), "swap lines " + what.joined(separator: ","))
        case .duplicateLines:
            var ls = lines(base)
            var what: [String] = []
            for _ in 0..<r.int(1...20) where !ls.isEmpty {
                let a = r.int(0..<ls.count)
                let times = r.chance(0.1) ? r.int(2...300) : 1
                ls.insert(contentsOf: Array(repeating: ls[a], count: times), at: a)
                what.append("\(a)x\(times)")
            }
            return (utf8(ls), "duplicate lines " + what.joined(separator: ","))
        case .deleteLines:
            var ls = lines(base)
            var what: [String] = []
            let n = r.int(1...max(1, ls.count / 3))
            for _ in 0..<n where !ls.isEmpty {
                let a = r.int(0..<ls.count)
                ls.remove(at: a)
                what.append("\(a)")
            }
            return (utf8(ls), "delete lines " + what.joined(separator: ","))
        case .hugeNumber:
            let (out, what) = replaceDigits(base, pool: hugeNumbers, count: r.int(1...5), &r)
            return (out, "huge numbers " + what)
        case .negativeNumber:
            let (out, what) = replaceDigits(base, pool: negatives, count: r.int(1...5), &r)
            return (out, "negative numbers " + what)
        case .garbage:
            var ls = lines(base)
            var what: [String] = []
            for _ in 0..<r.int(1...3) {
                let unit = r.pick(garbageUnits)
                let n = r.int(10...5000)
                let run = String(repeating: unit, count: n)
                let at = r.int(0...ls.count)
                if r.chance(0.5) || ls.isEmpty {
                    ls.insert(run, at: at)
                } else {
                    let l = min(at, ls.count - 1)
                    ls[l] += run
                }
                what.append("\(unit.debugDescription)x\(n)@\(at)")
            }
            return (utf8(ls), "garbage " + what.joined(separator: ","))
        case .longLine:
            var ls = lines(base)
            let kinds = ["0", "(", "|", "\t", "0 ", "统(tǒng)", "a", "一、", "\t0", "（七）总计 0 "]
            let unit: String
            if r.chance(0.2) { unit = String(Character(r.scalar())) } else { unit = r.pick(kinds) }
            let n = max(1, 100_000 / max(1, unit.count))
            let run = String(repeating: unit, count: n)
            let at = r.int(0...ls.count)
            if r.chance(0.5) || ls.isEmpty { ls.insert(run, at: at) } else { ls[min(at, ls.count - 1)] = run }
            return (utf8(ls), "100k line of \(unit.debugDescription) at line \(at)")
        case .randomUnicode:
            var scalars = Array(String(decoding: base, as: UTF8.self).unicodeScalars)
            let n = r.int(1...50)
            for _ in 0..<n { scalars.insert(r.scalar(), at: r.int(0...scalars.count)) }
            return (Array(String(String.UnicodeScalarView(scalars)).utf8), "\(n) random scalars")
        case .encodedBytes:
            let text = String(decoding: base, as: UTF8.self)
            let enc = r.pick(ReportRenderer.Encoding.allCases)
            var out = ReportRenderer.encode(text, as: enc)
            var what = "\(enc)"
            switch r.int(0...2) {
            case 0:
                let at = r.int(0...out.count)
                out = Array(out.prefix(at))
                what += " truncated at \(at)"
            case 1:
                let at = r.int(0..<out.count)
                out[at] ^= max(1, r.byte())
                what += " byte \(at) flipped"
            default:
                let at = r.int(0...out.count)
                out.insert(r.byte(), at: at)
                what += " byte inserted at \(at)"
            }
            return (out, what)
        case .mixed:
            var out = base
            var what: [String] = []
            let pool: [Mutation] = [
                .truncate, .flipBytes, .insertBytes, .shuffleLines, .duplicateLines, .deleteLines,
                .hugeNumber, .negativeNumber, .garbage, .randomUnicode,
            ]
            for _ in 0..<r.int(2...4) {
                let (o, w) = mutate(out, r.pick(pool), &r)
                out = o
                what.append(w)
            }
            return (out, "mixed: " + what.joined(separator: " | "))
        }
    }

    // MARK: Tests

    @Test("random mutations of the seeds", arguments: SeedCorpus.names, Mutation.allCases)
    func mutations(_ name: String, _ mutation: Mutation) {
        let base = SeedCorpus.bytes(name)
        var r = Rand(g: SplitMix64(seed: 0x6F6E_6B61_6900_0000 ^ (UInt64(SeedCorpus.id(name))! << 8) ^ mutation.index))
        var failures: [String] = []
        for iteration in 0..<mutation.iterations {
            let (bytes, what) = Self.mutate(base, mutation, &r)
            let problems = Self.violations(bytes)
            if !problems.isEmpty {
                failures.append("\(name) \(mutation) #\(iteration) [\(what.prefix(300))] (\(bytes.count) bytes): \(problems.joined(separator: "; "))")
            }
        }
        #expect(failures.isEmpty, "\(failures.count) of \(mutation.iterations) inputs broke a property:\n\(failures.prefix(5).joined(separator: "\n"))")
    }

    static let specialInputs: [(String, [UInt8])] = {
        var inputs: [(String, [UInt8])] = [("empty", [])]
        for b in 0...255 { inputs.append(("single byte \(b)", [UInt8(b)])) }
        for n in [1, 2, 3, 4, 7, 8, 9, 16, 64, 4096, 100_000] { inputs.append(("\(n) NUL bytes", Array(repeating: 0, count: n))) }
        inputs += [
            ("UTF-8 BOM only", [0xEF, 0xBB, 0xBF]),
            ("UTF-16LE BOM only", [0xFF, 0xFE]),
            ("UTF-16BE BOM only", [0xFE, 0xFF]),
            ("UTF-16LE BOM + NUL", [0xFF, 0xFE, 0x00, 0x00]),
            ("UTF-16LE BOM + odd byte", [0xFF, 0xFE, 0x41]),
            ("UTF-16LE lone surrogate", [0xFF, 0xFE, 0x00, 0xD8, 0x41, 0x00]),
            ("UTF-8 BOM + invalid", [0xEF, 0xBB, 0xBF, 0xC3]),
            ("newlines only", Array(repeating: 0x0A, count: 10_000)),
            ("CRs only", Array(repeating: 0x0D, count: 10_000)),
            ("tabs only", Array(repeating: 0x09, count: 10_000)),
            ("pipes only", Array(repeating: 0x7C, count: 10_000)),
            ("0xFF run", Array(repeating: 0xFF, count: 1000)),
            ("0x81 run (GB lead bytes)", Array(repeating: 0x81, count: 1001)),
            ("UTF-16-looking without BOM", Array("一、总体情况\n二、主动公开".utf16.flatMap { [UInt8($0 & 0xFF), UInt8($0 >> 8)] })),
            ("ASCII + one NUL", Array("hello world\n".utf8) + [0] + Array("more".utf8)),
            ("only a heading", Array("三、收到和处理政府信息公开申请情况\n".utf8)),
            ("headings only", Array("一、总体情况\n二、主动公开政府信息情况\n三、收到和处理政府信息公开申请情况\n四、政府信息公开行政复议、行政诉讼情况\n五、存在的主要问题及改进情况\n六、其他需要报告的事项\n".utf8)),
            ("table 3 anchor then garbage", Array(("本年新收 | " + String(repeating: "9", count: 60) + "\n（七）总计 " + String(repeating: "1", count: 60)).utf8)),
            ("deep parens", Array(String(repeating: "(", count: 200_000).utf8)),
            ("200k random-ish CJK digits", Array(String(repeating: "一二三四五六七八九〇", count: 20_000).utf8)),
        ]
        return inputs
    }()

    @Test("special inputs: empty, every single byte, NUL runs, bare BOMs, degenerate text")
    func specials() {
        var failures: [String] = []
        for (what, bytes) in Self.specialInputs {
            let problems = Self.violations(bytes)
            if !problems.isEmpty { failures.append("\(what): \(problems.joined(separator: "; "))") }
        }
        #expect(failures.isEmpty, "\(failures.count) special inputs broke a property:\n\(failures.prefix(10).joined(separator: "\n"))")
        // The clear cases of the DECODE_FAILED rule, stated outright.
        for n in [1, 8, 4096] {
            let e = ReportEngine.evaluate(Array(repeating: 0, count: n))
            #expect(e.findings.map(\.code) == [.decodeFailed], "\(n) NUL bytes")
        }
        #expect(ReportEngine.evaluate([]).findings.allSatisfy { $0.code != .decodeFailed })
        #expect(ReportEngine.evaluate([0xFF, 0xFE, 0x41]).findings.map(\.code) == [.decodeFailed])
    }

    @Test("the fuzz volume is at least 3,000 inputs")
    func volume() {
        let perSeed = Mutation.allCases.map(\.iterations).reduce(0, +)
        #expect(perSeed * SeedCorpus.names.count + Self.specialInputs.count >= 3000)
    }

    // MARK: One changed Table 3 number

    /// The Table 3 data cells of a pipe-layout seed: (line index, piece index) of every
    /// numeric cell in rows with at least six numbers, between the 三、 and 四、 headings.
    static func table3Cells(_ lines: [String]) -> [(line: Int, piece: Int)] {
        // From the 本年新收 row to the first line after it that is not a pipe row (the
        // 四、 heading); the same in simplified and traditional text.
        guard let start = lines.firstIndex(where: { $0.contains("本年新收") && $0.contains("|") }) else { return [] }
        let end = lines[start...].firstIndex(where: { !$0.contains("|") }) ?? lines.count
        var cells: [(Int, Int)] = []
        for l in start..<end {
            let pieces = lines[l].components(separatedBy: "|")
            let numeric = pieces.indices.filter { Int(pieces[$0].trimmingCharacters(in: .whitespaces)) != nil }
            if numeric.count >= 6 { cells += numeric.map { (l, $0) } }
        }
        return cells
    }

    static let sumRuleErrors: Set<FindingCode> = [.table3FlowMismatch, .table3ResultsMismatch, .table3RowTotalMismatch, .table3DroppedCellAmbiguous]

    @Test("one Table 3 number changed in a clean seed gives an error", arguments: ["000", "003"])
    func singleCellChange(_ id: String) throws {
        let name = SeedCorpus.name(id)
        let text = SeedCorpus.text(name)
        #expect(ReportEngine.evaluate(text: text).verdict() == .accepted)
        var lines = text.components(separatedBy: "\n")
        let cells = Self.table3Cells(lines)
        // 23 (2019) or 25 (2021) data rows of seven, less the dropped cells of 003.
        #expect(cells.count >= 23 * 7 - 2, "found only \(cells.count) Table 3 cells")
        try #require(!cells.isEmpty)
        var r = Rand(g: SplitMix64(seed: 0x5EED_0000 + UInt64(id)!))
        var failures: [String] = []
        let original = lines
        for iteration in 0..<200 {
            lines = original
            let (l, p) = r.pick(cells)
            var pieces = lines[l].components(separatedBy: "|")
            let old = Int(pieces[p].trimmingCharacters(in: .whitespaces))!
            var new = r.chance(0.7) ? r.int(1...9) : r.int(1...100_000)
            if new == old { new += 1 }
            pieces[p] = pieces[p].replacingOccurrences(of: String(old), with: String(new))
            lines[l] = pieces.joined(separator: "|")
            let e = ReportEngine.evaluate(Array(lines.joined(separator: "\n").utf8))
            let codes = Set(e.findings.filter { $0.severity == .error }.map(\.code))
            if codes.isDisjoint(with: Self.sumRuleErrors) || e.verdict() != .rejected {
                failures.append(
                    "#\(iteration) line \(l + 1) cell \(p): \(old)→\(new): errors \(codes.map(\.rawValue).sorted()), verdict \(e.verdict().rawValue)\n    \(lines[l])"
                )
            }
        }
        #expect(failures.isEmpty, "\(failures.count) of 200 single-cell changes went unnoticed:\n\(failures.prefix(8).joined(separator: "\n"))")
    }
}
