import Foundation

/// Normalises decoded report text for matching, keeping its line and cell structure.
///
/// What the published reports do to text, and what this undoes:
/// - full-width ASCII, ideographic spaces and compatibility forms (including the Kangxi
///   radicals PDF extraction produces for 一, 二, …) → NFKC-like plain forms;
/// - traditional characters (mirror sites) → simplified, for matching only;
/// - inline pinyin glosses inserted by mirror sites, "統(tǒng)計" → "统计", while real
///   brackets such as "(一)" or "(单位:万元)" stay;
/// - "[bookmark: _GoBack]" and similar artefacts of DOCX export;
/// - HTML markup (rows and cells become lines and tabs);
/// - PDF page numbers on lines of their own ("- 4 -", "第 4 页").
/// Line breaks are kept: the layout reader needs them. CR LF and CR become LF.
public enum TextNormalizer {
    /// The normalised text of `text`.
    public static func normalize(_ text: String) -> String {
        var scalars = Array(text.unicodeScalars)
        if HTMLText.looksLikeHTML(scalars) {
            scalars = HTMLText.flatten(scalars)
        }
        if needsCompatibilityMapping(scalars) {
            scalars = Array(String(String.UnicodeScalarView(scalars)).precomposedStringWithCompatibilityMapping.unicodeScalars)
        }
        let simplify = looksTraditional(scalars)
        var out: [Unicode.Scalar] = []
        out.reserveCapacity(scalars.count)
        var i = 0
        let n = scalars.count
        while i < n {
            var v = scalars[i].value
            // Line ends.
            if v == 0x0D {
                out.append("\n")
                if i + 1 < n, scalars[i + 1] == "\n" { i += 1 }
                i += 1
                continue
            }
            // Artefacts: "[bookmark: _GoBack]".
            if v == 0x5B, let end = bookmarkEnd(scalars, from: i) {
                i = end
                continue
            }
            // Width and spaces.
            if v >= 0xFF01 && v <= 0xFF5E { v -= 0xFEE0 }
            else if v == 0x3000 || v == 0x00A0 || (v >= 0x2002 && v <= 0x200A) || v == 0x202F || v == 0x205F { v = 0x20 }
            else if v == 0x200B || v == 0x200C || v == 0x200D || v == 0xFEFF || v == 0x2060 || v == 0x00AD { i += 1; continue }
            else if v == 0x2028 || v == 0x2029 || v == 0x0B || v == 0x0C || v == 0x85 { v = 0x0A }
            else if v < 0x20 && v != 0x09 && v != 0x0A { i += 1; continue }
            else if simplify { v = ChineseScript.simplified(v) }
            // Pinyin glosses: "(tǒng)" after an ideograph.
            if v == 0x28, let last = out.last, ChineseScript.isIdeograph(last.value), let end = pinyinGlossEnd(scalars, from: i) {
                i = end
                continue
            }
            if let scalar = Unicode.Scalar(v) { out.append(scalar) }
            i += 1
        }
        return removePageNumberLines(String(String.UnicodeScalarView(out)))
    }

    /// Whether any scalar needs NFKC beyond the fast full-width mapping done inline.
    static func needsCompatibilityMapping(_ scalars: [Unicode.Scalar]) -> Bool {
        for s in scalars {
            let v = s.value
            if v < 0x2000 { continue }
            if (0x2150...0x218F).contains(v)      // number forms, roman numerals
                || (0x2460...0x24FF).contains(v)  // enclosed alphanumerics ①
                || (0x2F00...0x2FDF).contains(v)  // Kangxi radicals from PDF text
                || (0x2E80...0x2EFF).contains(v)  // CJK radicals supplement
                || (0x3200...0x33FF).contains(v)  // enclosed CJK, compatibility
                || (0xF900...0xFAFF).contains(v)  // CJK compatibility ideographs
                || (0xFE10...0xFE6F).contains(v)  // vertical and small forms
                || (0xFF5F...0xFFEF).contains(v)  // half-width forms
            { return true }
        }
        return false
    }

    /// Whether the text is written in traditional characters (enough of them that it
    /// is not just a simplified text naming, say, 乾县).
    static func looksTraditional(_ scalars: [Unicode.Scalar]) -> Bool {
        var traditional = 0
        var ideographs = 0
        for s in scalars {
            let v = s.value
            guard ChineseScript.isIdeograph(v) else { continue }
            ideographs += 1
            if ChineseScript.simplified(v) != v { traditional += 1 }
        }
        return traditional >= 5 && traditional * 50 >= ideographs
    }

    /// The index after "[bookmark: …]" starting at `i`, if there is one.
    static func bookmarkEnd(_ s: [Unicode.Scalar], from i: Int) -> Int? {
        let word = Array("[bookmark:".unicodeScalars)
        guard i + word.count < s.count else { return nil }
        for k in 0..<word.count where s[i + k] != word[k] { return nil }
        var j = i + word.count
        while j < s.count, j - i < 80, s[j] != "]", s[j] != "\n" { j += 1 }
        guard j < s.count, s[j] == "]" else { return nil }
        return j + 1
    }

    static let toneVowels: Set<UInt32> = Set("āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜüêńňǹḿ".unicodeScalars.map(\.value))

    /// The index after a pinyin gloss "(…)" starting at `i`, or nil when the bracket
    /// holds anything but pinyin (so "(一)" and "(单位:万元)" are kept).
    static func pinyinGlossEnd(_ s: [Unicode.Scalar], from i: Int) -> Int? {
        var j = i + 1
        var letters = 0
        var toned = false
        while j < s.count, j - i <= 12 {
            let v = s[j].value
            if v == 0x29 || v == 0xFF09 { break }
            if (0x61...0x7A).contains(v) { letters += 1 }
            else if toneVowels.contains(v) { letters += 1; toned = true }
            else if v == 0x20 && letters > 0 { }
            else { return nil }
            j += 1
        }
        guard j < s.count, s[j].value == 0x29 || s[j].value == 0xFF09, letters > 0, letters <= 7 else { return nil }
        // Toneless syllables ("(de)") only when an ideograph follows, as in a gloss run.
        if !toned {
            guard j + 1 < s.count, ChineseScript.isIdeograph(s[j + 1].value) else { return nil }
        }
        return j + 1
    }

    /// Drops lines that are only a PDF page number: "- 4 -", "— 12 —", "第 4 页", "第4页 共10页", "4/10".
    static func removePageNumberLines(_ text: String) -> String {
        guard text.contains("页") || text.contains("-") || text.contains("—") || text.contains("/") else { return text }
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        var changed = false
        for (index, line) in lines.enumerated() where isPageNumber(line) {
            lines[index] = ""
            changed = true
        }
        return changed ? lines.joined(separator: "\n") : text
    }

    static func isPageNumber(_ line: Substring) -> Bool {
        let t = line.filter { $0 != " " && $0 != "\t" }
        guard !t.isEmpty, t.count <= 14 else { return false }
        let dashes: Set<Character> = ["-", "—", "–", "－", "―"]
        if let f = t.first, let l = t.last, dashes.contains(f), dashes.contains(l) {
            let inner = t.drop(while: { dashes.contains($0) }).reversed().drop(while: { dashes.contains($0) })
            return !inner.isEmpty && inner.allSatisfy(\.isASCIIDigit)
        }
        if t.hasPrefix("第"), t.contains("页") {
            return t.allSatisfy { $0.isASCIIDigit || "第页共,".contains($0) }
        }
        if let slash = t.firstIndex(of: "/") {
            let a = t[..<slash], b = t[t.index(after: slash)...]
            return !a.isEmpty && !b.isEmpty && a.allSatisfy(\.isASCIIDigit) && b.allSatisfy(\.isASCIIDigit) && t.count <= 7
        }
        return false
    }
}

extension Character {
    /// An ASCII digit 0–9 (unlike `isNumber`, which also accepts 一 and ①).
    @inline(__always)
    var isASCIIDigit: Bool { asciiValue.map { $0 >= 48 && $0 <= 57 } ?? false }
}
