import Foundation
import Testing

/// Edits of a seed's text for the one-test-per-rule suite.
enum Mutation {
    /// Replaces the values of the pipe-layout row whose label cell starts with `label`.
    static func setRow(_ text: String, _ label: String, _ values: [String]) -> String {
        var lines = text.components(separatedBy: "\n")
        guard
            let index = lines.firstIndex(where: { line in
                line.contains("|") && line.split(separator: "|").contains { $0.trimmingCharacters(in: .whitespaces).hasPrefix(label) }
            })
        else { Issue.record("no row \(label)"); return text }
        let cells = lines[index].components(separatedBy: "|").map { $0.trimmingCharacters(in: .whitespaces) }
        guard let labelIndex = cells.firstIndex(where: { $0.hasPrefix(label) }) else { Issue.record("no cell \(label)"); return text }
        lines[index] = (cells[...labelIndex] + values + [""]).joined(separator: " | ")
        return lines.joined(separator: "\n")
    }

    /// Replaces the first occurrence of `old` (which must exist).
    static func replace(_ text: String, _ old: String, _ new: String) -> String {
        guard let range = text.range(of: old) else { Issue.record("no \(old)"); return text }
        return text.replacingCharacters(in: range, with: new)
    }

    /// Removes every line containing `fragment`.
    static func dropLines(_ text: String, containing fragment: String) -> String {
        text.components(separatedBy: "\n").filter { !$0.contains(fragment) }.joined(separator: "\n")
    }

    /// Removes the lines from the first containing `from` up to (not including) the first containing `to`.
    static func dropSpan(_ text: String, from: String, to: String) -> String {
        var lines = text.components(separatedBy: "\n")
        guard let a = lines.firstIndex(where: { $0.contains(from) }),
            let b = lines[(a + 1)...].firstIndex(where: { $0.contains(to) })
        else { Issue.record("no span \(from)…\(to)"); return text }
        lines.removeSubrange(a..<b)
        return lines.joined(separator: "\n")
    }

    static func zeros(_ n: Int) -> [String] { Array(repeating: "0", count: n) }
}
