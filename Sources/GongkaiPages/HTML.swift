/// Building HTML by appending to one string.
///
/// Every text that reaches a page goes through ``HTML/text(_:)`` or ``HTML/attribute(_:_:)``:
/// file names, labels and messages are untrusted (a file name may hold `<script>`, quotes,
/// bidi controls or bytes that were not UTF-8). The pages are built by appending into one
/// string with reserved capacity, never by concatenating fragments, so a page of 10,000
/// reports stays linear in its size.
struct HTML {
    private(set) var out: String

    init(capacity: Int = 1 << 16) {
        out = String()
        out.reserveCapacity(capacity)
    }

    /// Appends trusted markup (a literal of this module).
    @inline(__always)
    mutating func raw(_ markup: String) { out.append(markup) }

    /// Appends text, escaped for element content and for quoted attribute values alike.
    mutating func text(_ s: String) { HTML.appendEscaped(s, to: &out) }

    /// Appends an integer (needs no escaping).
    mutating func int(_ n: Int) { out.append(String(n)) }

    /// Appends ` name="value"` with the value escaped.
    mutating func attribute(_ name: String, _ value: String) {
        out.append(" ")
        out.append(name)
        out.append("=\"")
        HTML.appendEscaped(value, to: &out)
        out.append("\"")
    }

    /// Appends `<tag class="…">text</tag>`.
    mutating func element(_ tag: String, class cls: String? = nil, _ content: String) {
        out.append("<")
        out.append(tag)
        if let cls { attribute("class", cls) }
        out.append(">")
        text(content)
        out.append("</")
        out.append(tag)
        out.append(">")
    }

    /// Escapes `&`, `<`, `>`, `"` and `'`; C0 controls other than tab, newline and carriage
    /// return (and DEL) become U+FFFD, so no byte of the input can end an element, an
    /// attribute or a comment, or produce a parse error.
    static func appendEscaped(_ s: String, to out: inout String) {
        // Fast path: most labels and numbers need nothing.
        var clean = true
        for b in s.utf8
        where b < 0x20 || b == 0x7F || b == UInt8(ascii: "&") || b == UInt8(ascii: "<") || b == UInt8(ascii: ">")
            || b == UInt8(ascii: "\"") || b == UInt8(ascii: "'")
        {
            if b == 0x09 || b == 0x0A || b == 0x0D { continue }
            clean = false
            break
        }
        if clean {
            out.append(s)
            return
        }
        for scalar in s.unicodeScalars {
            switch scalar {
            case "&": out.append("&amp;")
            case "<": out.append("&lt;")
            case ">": out.append("&gt;")
            case "\"": out.append("&quot;")
            case "'": out.append("&#39;")
            case "\t", "\n", "\r": out.unicodeScalars.append(scalar)
            default:
                if scalar.value < 0x20 || scalar.value == 0x7F {
                    out.append("\u{FFFD}")
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
    }

    /// `s` escaped, as a new string (for the few places that need a value, not an append).
    static func escaped(_ s: String) -> String {
        var out = String()
        appendEscaped(s, to: &out)
        return out
    }
}

/// Formatting of the values a page shows.
enum Format {
    /// A stored cell value: integers as such, money with its decimals ("9116.36").
    static func value(_ value: CellValue) -> String {
        switch value {
        case .integer(let i): return String(i)
        case .real(let d):
            if d.rounded() == d, abs(d) < 1e15 { return String(Int(d)) }
            return String(d)
        }
    }

    /// A count with thousands separators (12,345), for totals.
    static func grouped(_ n: Int) -> String {
        let digits = String(n.magnitude)
        var out = n < 0 ? "-" : ""
        for (i, c) in digits.enumerated() {
            if i > 0, (digits.count - i) % 3 == 0 { out.append(",") }
            out.append(c)
        }
        return out
    }
}
