import GongkaiCore
import GongkaiReaders
import GongkaiReport

/// The terminal form of a check: the verdict line, then one aligned line per finding.
enum HumanReport {
    static func render(file: String, outcome: DocumentEvaluator.Outcome, policy: Policy) -> String {
        let evaluation = outcome.evaluation
        let report = evaluation.report
        let verdict = evaluation.verdict(under: policy)
        var out = "\(verdict == .accepted ? "ACCEPTED" : "REJECTED")  \(file)\n"
        var facts: [String] = [outcome.format.rawValue]
        if let t = report.template { facts.append("template \(t.rawValue)") }
        facts.append("year \(report.year.map(String.init) ?? "?")")
        facts.append("agency \(report.agency ?? "?")")
        facts.append("\(evaluation.errorCount) error(s), \(evaluation.warningCount) warning(s)")
        if policy == .strict { facts.append("strict policy") }
        out += "  " + facts.joined(separator: " · ") + "\n"
        let codeWidth = evaluation.findings.map { $0.code.rawValue.count }.max() ?? 0
        for f in evaluation.findings {
            let severity = f.severity == .error ? "error  " : "warning"
            let code = f.code.rawValue.padding(toLength: codeWidth, withPad: " ", startingAt: 0)
            var place = f.location.summary.isEmpty ? "-" : f.location.summary
            if let page = outcome.page(of: f) { place += " (page \(page))" }
            var line = "  \(severity)  \(code)  \(place)"
            if f.expected != nil || f.actual != nil {
                line += "  (expected \(f.expected ?? "-"), found \(f.actual ?? "-"))"
            }
            out += line + "\n"
            out += "  " + String(repeating: " ", count: 9 + codeWidth + 2) + f.messageZH + "\n"
            out += "  " + String(repeating: " ", count: 9 + codeWidth + 2) + f.messageEN + "\n"
        }
        return out
    }
}
