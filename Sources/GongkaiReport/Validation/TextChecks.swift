/// Checks the narrative against the tables, and section 六 for the fee statement.
///
/// Narratives count differently (some add 上年结转 to the new applications), so a
/// stated number is accepted when it matches any reasonable reading of the table, and
/// a disagreement is only a warning.
enum TextChecks {
    /// Measure words that follow counts in the narrative.
    static let measureWords: Set<Character> = ["件", "条", "个", "宗", "起", "次", "份", "项", "例"]
    static let negations = ["未发生", "未出现", "没有", "未有", "无", "未收到", "未接到", "未产生"]

    struct Claim {
        var value: Int
        var clause: String
    }

    static func check(narrative: String, table3: Table3?, table4: Table4?, findings: inout [Finding]) {
        let clauses = narrative.unicodeScalars.split(whereSeparator: isClauseSeparator).map { String($0) }
        if let t3 = table3, let newTotal = t3.row("new")?.cells[6].value {
            let carried = t3.row("carried")?.cells[6].value ?? 0
            let processed = t3.row("total")?.cells[6].value
            var accepted: Set<Int> = [newTotal, newTotal + carried]
            if let processed { accepted.insert(processed) }
            for clause in clauses
            where clause.has("申请") && (clause.has("收到") || clause.has("受理") || clause.has("新收"))
                && !clause.has("复议") && !clause.has("诉讼")
            {
                guard let n = statedCount(in: clause, after: ["收到", "受理", "新收"]) else { continue }
                if !accepted.contains(n) {
                    findings.append(
                        Finding(
                            .textTableMismatch, Location(table: "t3", row: Table3Template.new.label, column: "总计"),
                            expected: "\(newTotal)", actual: "\(n)",
                            zh: "正文称收到申请 \(n) 件（“\(clause)”），但表三本年新收申请总计为 \(newTotal)。",
                            en: "The narrative states \(n) applications (“\(clause)”), but Table 3 counts \(newTotal) new applications."))
                }
            }
        }
        if let t4 = table4, t4.cells.count == 15 {
            let reconsideration = t4.cells[4].value
            let litigation: Int? = {
                guard let a = t4.cells[9].value, let b = t4.cells[14].value else { return nil }
                return a + b
            }()
            var reported = Set<String>()
            for clause in clauses {
                for (word, actual, column) in [("行政复议", reconsideration, "行政复议/总计"), ("行政诉讼", litigation, "行政诉讼/总计")] {
                    guard let actual, clause.has(word), !reported.contains(word) else { continue }
                    let stated: Int?
                    if negations.contains(where: { clause.has($0) }) && !clause.contains(where: \.isASCIIDigit) {
                        stated = 0
                    } else {
                        // The count after this word, not after the other one: in
                        // "行政诉讼案件1件、行政复议案件2件" reconsideration is 2.
                        stated = statedCount(in: clause, after: [word])
                    }
                    guard let stated, stated != actual else { continue }
                    reported.insert(word)
                    findings.append(
                        Finding(
                            .textTableMismatch, Location(table: "t4", column: column), expected: "\(actual)", actual: "\(stated)",
                            zh: "正文称\(word) \(stated) 件（“\(clause)”），但表四为 \(actual)。",
                            en:
                                "The narrative states \(stated) \(word == "行政复议" ? "reconsideration cases" : "lawsuits") (“\(clause)”), but Table 4 has \(actual)."
                        ))
                }
            }
        }
    }

    /// Whether `s` ends a clause: 。 ； ; ， , ！ ! ？ ? and line ends (a switch, not a set:
    /// hashing every scalar of the narrative showed in profiles).
    @inline(__always)
    static func isClauseSeparator(_ s: Unicode.Scalar) -> Bool {
        switch s {
        case "。", "；", ";", "，", ",", "！", "!", "？", "?", "\n": true
        default: false
        }
    }

    /// The first count written after one of `anchors` in a clause: digits followed by a
    /// measure word ("1件") or ending the clause ("情况为0"); years and dates are skipped.
    static func statedCount(in clause: String, after anchors: [String]) -> Int? {
        guard let anchor = anchors.compactMap({ clause.byteRange(of: $0) }).min(by: { $0.lowerBound < $1.lowerBound }) else { return nil }
        let tail = Array(clause[anchor.upperBound...])
        var i = 0
        while i < tail.count {
            guard tail[i].isASCIIDigit else { i += 1; continue }
            var j = i
            var digits = ""
            while j < tail.count, tail[j].isASCIIDigit { digits.append(tail[j]); j += 1 }
            var k = j
            while k < tail.count, tail[k] == " " { k += 1 }
            if k == tail.count || measureWords.contains(tail[k]) {
                if let n = Int(digits), digits.count <= 7 { return n }
            }
            i = j
        }
        return nil
    }

    /// From 2021 section 六 must state the information-processing fee.
    static func mentionsProcessingFee(_ text: String) -> Bool {
        text.has("处理费") || (text.has("信息处理") && text.has("费")) || text.has("收费通知") || text.has("缴款通知")
    }
}
