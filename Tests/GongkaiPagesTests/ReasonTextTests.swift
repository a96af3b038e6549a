import GongkaiCore
import GongkaiStore
import Testing

@testable import GongkaiPages

struct ReasonTextTests {
    @Test func reasonFileStartsWithTheVerdictAndHasOneLinePerFinding() {
        let findings = [
            FindingInput(
                code: "T3_TOTAL_MISMATCH", severity: .error, table: .t3, row: "（七）总计", column: "自然人", line: 41,
                expected: "12", actual: "11", messageZH: "总计不等于各项之和。", messageEN: "The total is not the sum."),
            FindingInput(
                code: "SECTION_HEADING_VARIANT", severity: .warning, row: "五、存在的主要问题及改进情况", line: 80,
                expected: "五、存在的主要问题及改进情况", actual: "五、存在问题", messageZH: "标题不同。", messageEN: "Heading differs."),
        ]
        let text = ReasonText.render(
            fileName: "某局.txt", verdict: .rejected, policy: .standard, processedAt: "2026-11-23T10:00:00.000Z",
            sha256: "ab", findings: findings)
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        #expect(lines.first == "结论 Verdict: 不予接收 REJECTED — 某局.txt")
        let first = lines.first { $0.hasPrefix("1. ") } ?? ""
        #expect(first.contains("[错误 error] T3_TOTAL_MISMATCH"))
        #expect(first.contains("表 table 三 (t3), 行 row “（七）总计”, 列 column “自然人”, 第 41 行 line 41"))
        #expect(first.contains("应为 expected: 12 · 实为 actual: 11"))
        #expect(first.contains("总计不等于各项之和。") && first.contains("The total is not the sum."))
        let second = lines.first { $0.hasPrefix("2. ") } ?? ""
        #expect(second.contains("[提示 warning] SECTION_HEADING_VARIANT"))
        #expect(text.hasSuffix("\n"))
        #expect(text.contains("1 errors · 提示 1 warnings"))
    }
}
