import GongkaiCore
import GongkaiStore

/// The text of `rejected/NAME.reason.txt`: for a clerk who has never seen a log.
///
/// The verdict comes first, then one line per finding with its location (table, row,
/// column, line), expected against actual, and the message in Chinese and English.
/// Everything is UTF-8 with a final newline.
public enum ReasonText {
    /// Renders a reason file.
    ///
    /// - Parameters:
    ///   - fileName: the name as received (display form).
    ///   - verdict: the file's verdict.
    ///   - policy: the policy the verdict was given under.
    ///   - processedAt: when the decision was stored.
    ///   - sha256: the content hash, when the file was read.
    ///   - findings: the stored findings; errors are listed first (what rejected the
    ///     file), then warnings, each group in the engine's order.
    public static func render(
        fileName: String, verdict: Verdict, policy: Policy, processedAt: String,
        sha256: String?, findings: [FindingInput]
    ) -> String {
        let errors = findings.count { $0.severity == .error }
        let warnings = findings.count - errors
        var lines: [String] = []
        let verdictZH = verdict == .accepted ? "接收" : "不予接收"
        lines.append("结论 Verdict: \(verdictZH) \(verdict.rawValue.uppercased()) — \(fileName)")
        lines.append("错误 \(errors) errors · 提示 \(warnings) warnings · 规则 policy \(policy.rawValue) · 处理时间 processed \(processedAt)")
        if let sha256 { lines.append("SHA-256: \(sha256)") }
        lines.append("")
        if findings.isEmpty {
            lines.append("（无问题 no findings）")
        }
        let ordered = findings.filter { $0.severity == .error } + findings.filter { $0.severity != .error }
        for (index, f) in ordered.enumerated() {
            lines.append("\(index + 1). " + line(for: f))
        }
        lines.append("")
        lines.append("修改后请重新放入 inbox 文件夹。Fix the file and drop it into the inbox folder again.")
        return lines.joined(separator: "\n") + "\n"
    }

    /// One finding as one line.
    static func line(for f: FindingInput) -> String {
        let severity = f.severity == .error ? "错误 error" : "提示 warning"
        let location = locationParts(of: f)
        var parts = ["[\(severity)] \(f.code)"]
        parts.append("位置 location: " + (location.isEmpty ? "全文 whole file" : location.joined(separator: ", ")))
        if f.expected != nil || f.actual != nil {
            parts.append("应为 expected: \(f.expected ?? "—") · 实为 actual: \(f.actual ?? "—")")
        }
        parts.append(f.messageZH)
        parts.append(f.messageEN)
        return parts.joined(separator: " | ")
    }

    /// Where a finding points, in both languages: table, row, column, page, line (the same
    /// words in the reason file and on the reason page).
    public static func locationParts(of f: FindingInput) -> [String] {
        var location: [String] = []
        if let t = f.table { location.append("表 table \(t.numberedLabel)") }
        if let r = f.row { location.append("行 row “\(r)”") }
        if let c = f.column { location.append("列 column “\(c)”") }
        if let p = f.page { location.append("第 \(p) 页 page \(p)") }
        if let l = f.line { location.append("第 \(l) 行 line \(l)") }
        return location
    }
}
