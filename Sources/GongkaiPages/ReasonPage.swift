import GongkaiCore
import GongkaiStore

/// `rejected/NAME.reason.html`, beside `NAME.reason.txt`: the same reasons as a picture of
/// the report's tables, for a clerk who would otherwise look for "（四）无法提供/1 / 总计" by
/// hand.
///
/// A self-contained UTF-8 page: inline CSS, no script, no URL, no font or image file. The
/// verdict and counts come first, then the findings about the whole file, then Table 2,
/// Table 3 and Table 4 as read with every cell a finding names marked (red: wrong;
/// grey: recovered, with the inferred value) and each finding beside its row in Chinese
/// and English, then those findings in full. Findings are numbered as in the text file
/// (errors first).
public enum ReasonPage {
    /// Renders a reason page.
    ///
    /// - Parameters:
    ///   - fileName: the name as received (display form; escaped, isolated with `<bdi>`).
    ///   - verdict: the file's verdict.
    ///   - policy: the policy the verdict was given under.
    ///   - processedAt: when the decision was stored.
    ///   - sha256: the content hash, when the file was read.
    ///   - findings: the stored findings, in the engine's order.
    ///   - cells: the stored cells of the report (all three tables; empty when none was read).
    ///   - template, year, agency: what the engine read, shown under the verdict when known.
    public static func render(
        fileName: String, verdict: Verdict, policy: Policy, processedAt: String,
        sha256: String?, findings: [FindingInput], cells: [CellInput],
        template: String? = nil, year: Int? = nil, agency: String? = nil
    ) -> String {
        let map = FindingMap(findings: findings, cells: cells)
        var h = HTML(capacity: 32_768 + cells.count * 64 + findings.count * 1_024)
        let verdictZH = verdict == .accepted ? "接收" : "不予接收"
        Page.open(title: "\(verdictZH) \(verdict.rawValue.uppercased()) — \(fileName)", into: &h)

        h.raw("<header class=\"verdict ")
        h.raw(verdict.rawValue)
        h.raw("\"><h1><span class=\"word\">")
        h.text(verdictZH)
        h.raw(" ")
        h.text(verdict.rawValue.uppercased())
        h.raw("</span><bdi class=\"file\">")
        h.text(fileName)
        h.raw("</bdi></h1>\n")
        let errors = findings.count { $0.severity == .error }
        let warnings = findings.count - errors
        h.raw("<p class=\"meta counts\">错误 <b>")
        h.int(errors)
        h.raw("</b> errors · 提示 <b>")
        h.int(warnings)
        h.raw("</b> warnings · 规则 policy ")
        h.text(policy.rawValue)
        h.raw(" · 处理时间 processed ")
        h.text(processedAt)
        h.raw("</p>\n")
        var read: [String] = []
        if let template { read.append("模板 template \(template)") }
        if let year { read.append("年度 year \(year)") }
        if let agency { read.append("机关 agency \(agency)") }
        if !read.isEmpty {
            h.raw("<p class=\"meta\">")
            h.text(read.joined(separator: " · "))
            h.raw("</p>\n")
        }
        if let sha256 {
            h.raw("<p class=\"meta\">SHA-256: <code>")
            h.text(sha256)
            h.raw("</code></p>\n")
        }
        h.raw("</header>\n")
        if findings.isEmpty {
            h.raw("<p>（无问题 no findings）</p>\n")
        }
        Page.legend(into: &h)
        Page.findingsAndTables(map, prefix: "", foldZeroRows: false, into: &h)
        h.raw("<p class=\"footer\">修改后请重新放入 inbox 文件夹。Fix the file and drop it into the inbox folder again.</p>\n")
        Page.close(into: &h)
        return h.out
    }
}
