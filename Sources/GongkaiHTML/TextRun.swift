/// The text of one paragraph as a browser lays it out: runs of white space collapse to
/// one space, dropped at the start and end; a line break in the source between two
/// Chinese characters disappears (CSS segment-break rule), so a label wrapped in the
/// markup (or one `<span>` per character on its own line, as Word writes) stays whole.
struct TextRun {
    private(set) var text = ""
    private var last: Unicode.Scalar?
    private var gap = Gap.none

    private enum Gap {
        case none
        case space
        case lineBreak
    }

    var isEmpty: Bool { text.isEmpty }

    mutating func append(_ string: String, preformatted: Bool) {
        for scalar in string.unicodeScalars {
            switch scalar {
            case "\u{200B}", "\u{200C}", "\u{200D}", "\u{FEFF}", "\u{AD}":
                continue  // invisible: zero-width spaces and joiners, soft hyphens
            case "\n", "\r":
                if preformatted {
                    if scalar == "\n" { put("\n") }
                } else {
                    gap = .lineBreak
                }
            case " ", "\t", "\u{0C}":
                if preformatted {
                    put(scalar)
                } else if gap == .none {
                    gap = .space
                }
            default:
                if gap != .none, let last {
                    let joined = gap == .lineBreak && Self.isWide(last) && Self.isWide(scalar)
                    if !joined, last != "\n" { text.unicodeScalars.append(" ") }
                }
                gap = .none
                put(scalar)
            }
        }
    }

    private mutating func put(_ scalar: Unicode.Scalar) {
        text.unicodeScalars.append(scalar)
        last = scalar
    }

    /// East Asian wide characters: CJK ideographs and punctuation, kana, hangul,
    /// full-width forms.
    static func isWide(_ s: Unicode.Scalar) -> Bool {
        switch s.value {
        case 0x1100...0x115F, 0x2E80...0x303E, 0x3041...0x33FF, 0x3400...0x4DBF, 0x4E00...0x9FFF, 0xA000...0xA4CF,
            0xAC00...0xD7A3, 0xF900...0xFAFF, 0xFE30...0xFE4F, 0xFF00...0xFF60, 0xFFE0...0xFFE6, 0x20000...0x3FFFD:
            return true
        default:
            return false
        }
    }
}
