/// Finds the six section headings, tolerating renumbering, renaming and typos.
///
/// A heading is a short line. It is recognised by its words first ("主动公开",
/// "行政复议" …), in template order; a numbered line in the right place without the
/// words ("六、下一步工作重点…") fills a gap as a renamed heading. Table 3 labels such
/// as "四、结转下年度继续办理" look like headings and are excluded.
enum SectionFinder {
    struct Heading: Sendable, Hashable {
        var number: Int
        var rowIndex: Int
        var text: String
        /// Whether it differs from the template's heading (words or numbering).
        var isVariant: Bool
    }

    static let canonical: [String] = [
        "一、总体情况",
        "二、主动公开政府信息情况",
        "三、收到和处理政府信息公开申请情况",
        "四、政府信息公开行政复议、行政诉讼情况",
        "五、存在的主要问题及改进情况",
        "六、其他需要报告的事项",
    ]
    static let canonicalCores: [String] = canonical.map { LabelText.core(of: $0).text }

    /// Words that identify each section's heading.
    static let keywords: [[String]] = [
        ["总体情况", "基本情况", "总体概述", "概述"],
        ["主动公开政府信息", "主动公开情况", "主动公开"],
        ["收到和处理政府信息公开申请", "收到和处理", "依申请公开情况", "依申请公开政府信息", "公开申请情况"],
        ["行政复议行政诉讼", "行政复议", "行政诉讼"],
        ["存在的主要问题", "存在问题", "主要问题", "改进情况", "存在的问题"],
        ["其他需要报告的事项", "其他需要报告", "其他事项", "需要报告的事项"],
    ]

    /// Table 3 labels that start like headings ("一、…", "三、…", "四、…").
    static let table3Cores: [LabelText.Key] = ["本年新收政府信息公开申请数量", "上年结转政府信息公开申请数量", "本年度办理结果", "结转下年度继续办理"].map(LabelText.Key.init)
    static let canonicalKeys: [LabelText.Key] = canonicalCores.map(LabelText.Key.init)

    static func find(in rows: [Row]) -> [Heading] {
        struct Candidate { var rowIndex: Int; var text: String; var marker: Marker?; var core: String; var keyword: Int? }
        var candidates: [Candidate] = []
        for (index, row) in rows.enumerated() {
            guard row.filledCount >= 1, row.filledCount <= 2 else { continue }
            let text = row.text
            // At most 40 scalars is at most 160 bytes: a long line is ruled out without counting.
            guard text.utf8.count <= 160, text.unicodeScalars.count <= 40, !text.has("。") else { continue }
            let parsed = LabelText.core(of: text)
            let core = parsed.text
            let coreLength = core.unicodeScalars.count
            guard coreLength >= 2, coreLength <= 32 else { continue }
            switch parsed.marker {
            case .paren?: continue
            case .top(let n)? where n < 1 || n > 6: continue
            case .arabic(let n)? where n < 1 || n > 6: continue
            default: break
            }
            var keyword: Int? = nil
            for (section, words) in keywords.enumerated() where words.contains(where: { core.has($0) }) {
                keyword = section + 1
                break
            }
            // Only numbered lines or lines with a heading's words can be headings; the
            // rest is prose, and skipping it early keeps this pass cheap.
            guard parsed.marker != nil || keyword != nil else { continue }
            let coreKey = LabelText.Key(core)
            if table3Cores.contains(where: { LabelText.similarity(coreKey, $0, atLeast: 0.8) >= 0.8 }) { continue }
            if parsed.marker == nil {
                // Without numbering only a near-exact heading counts (not prose that mentions the words).
                guard let k = keyword, LabelText.similarity(coreKey, canonicalKeys[k - 1], atLeast: 0.75) >= 0.75 else { continue }
            }
            candidates.append(Candidate(rowIndex: index, text: text, marker: parsed.marker, core: core, keyword: keyword))
        }
        // Pass 1: headings recognised by their words, in increasing section order.
        var chosen: [Int: Candidate] = [:]
        var last = 0
        var lastRow = -1
        for c in candidates {
            guard let k = c.keyword, k > last, c.rowIndex > lastRow else { continue }
            // A numbered heading whose number contradicts its words is still taken by its
            // words, unless the number names a later, more plausible section.
            chosen[k] = c
            last = k
            lastRow = c.rowIndex
        }
        // Pass 2: gaps filled by numbered lines in the right place ("六、下一步工作重点").
        for k in 1...6 where chosen[k] == nil {
            let before = (1..<k).reversed().compactMap { chosen[$0]?.rowIndex }.first ?? -1
            let after = ((k + 1)...7).compactMap { chosen[$0]?.rowIndex }.first ?? Int.max
            if let c = candidates.first(where: {
                $0.rowIndex > before && $0.rowIndex < after && $0.keyword == nil && $0.marker?.number == k && isTopMarker($0.marker)
            }) {
                chosen[k] = c
            }
        }
        return chosen.sorted { $0.key < $1.key }.map { k, c in
            let numberMatches: Bool = {
                if case .top(let n)? = c.marker { return n == k }
                return false
            }()
            let variant = !numberMatches || c.core != canonicalCores[k - 1]
            return Heading(number: k, rowIndex: c.rowIndex, text: c.text, isVariant: variant)
        }
    }

    static func isTopMarker(_ m: Marker?) -> Bool {
        switch m {
        case .top?, .arabic?: true
        default: false
        }
    }
}
