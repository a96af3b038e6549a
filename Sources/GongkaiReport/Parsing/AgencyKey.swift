/// The key under which one agency's reports are grouped across years.
///
/// Agencies write their own name differently from year to year: traditional or simplified
/// characters, full- or half-width brackets, spaces and middle dots, and an editorial
/// note about who compiled the report (“（区政府办公室编制）”). The key keeps what names
/// the agency and drops the rest:
///
/// - traditional characters become simplified (the engine's frozen Hant→Hans table);
/// - full-width letters and digits become ASCII, letters lower case;
/// - a bracketed note that says who compiled, issued or sent the report is dropped;
/// - white space, punctuation and the brackets themselves are dropped (their content is
///   kept: 中国（上海）自由贸易试验区 and 中国(上海)自由贸易试验区 are one agency).
///
/// A rule cannot know every agency: `gongkai agencies --merge` and `--split` correct it,
/// and the store keeps those corrections beside the keys.
public enum AgencyKey {
    /// Words that mark a bracketed note as editorial rather than part of the name.
    static let editorialWords = ["编制", "编印", "编写", "代章", "代拟", "代发", "代编", "发布", "制作", "整理", "报送", "供稿", "执笔", "起草", "印发"]

    static let openers: Set<Character> = ["（", "(", "【", "[", "〔", "［", "{", "｛", "<", "《", "〈"]
    static let closers: Set<Character> = ["）", ")", "】", "]", "〕", "］", "}", "｝", ">", "》", "〉"]

    /// The key of an agency name; empty when nothing of a name is left.
    public static func make(_ name: String) -> String {
        let text = dropEditorialNotes(Array(name))
        var key = String.UnicodeScalarView()
        for scalar in String(text).unicodeScalars {
            var value = scalar.value
            // Full-width ASCII (U+FF01…U+FF5E) → ASCII.
            if (0xFF01...0xFF5E).contains(value) { value -= 0xFEE0 }
            if (0x41...0x5A).contains(value) { value += 0x20 }
            guard let mapped = Unicode.Scalar(ChineseScript.simplified(value)) else { continue }
            if mapped.properties.isWhitespace || isPunctuation(mapped) { continue }
            key.append(mapped)
        }
        return String(key)
    }

    /// Removes each bracketed group whose content contains an editorial word.
    static func dropEditorialNotes(_ characters: [Character]) -> [Character] {
        var result: [Character] = []
        var i = 0
        while i < characters.count {
            if openers.contains(characters[i]), let close = characters[(i + 1)...].firstIndex(where: { closers.contains($0) }) {
                let inner = String(characters[(i + 1)..<close])
                if editorialWords.contains(where: { inner.contains($0) }) {
                    i = close + 1
                    continue
                }
            }
            result.append(characters[i])
            i += 1
        }
        return result
    }

    static func isPunctuation(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.properties.generalCategory {
        case .connectorPunctuation, .dashPunctuation, .openPunctuation, .closePunctuation, .initialPunctuation,
            .finalPunctuation, .otherPunctuation, .mathSymbol, .modifierSymbol, .otherSymbol, .currencySymbol:
            true
        default:
            // Middle dots that Unicode files as letters or marks.
            scalar.value == 0x30FB || scalar.value == 0x00B7 || scalar.value == 0x2027
        }
    }
}
