/// Flattens HTML report pages into the line-and-cell text the layout reader reads.
///
/// Published reports are often web pages. A full HTML parser is not needed to read
/// them: rows end at `</tr>` and block elements, cells end at `</td>`/`</th>`, and
/// everything else is markup to drop. Cells become tab-separated, as in the tab
/// layout; `colspan` adds empty cells so positions in the row stay meaningful.
enum HTMLText {
    /// Whether `text` looks like an HTML page or fragment holding a table.
    static func looksLikeHTML(_ scalars: [Unicode.Scalar]) -> Bool {
        var i = 0
        let n = scalars.count
        var tags = 0
        while i < n - 3 {
            if scalars[i] == "<" {
                let a = lower(scalars[i + 1])
                let b = lower(scalars[i + 2])
                if (a == "t" && (b == "d" || b == "r" || b == "a" || b == "h")) || (a == "p" && (b == ">" || b == " ")) || (a == "b" && b == "r") || (a == "/")
                {
                    tags += 1
                    if tags >= 3 { return true }
                }
            }
            i += 1
        }
        return false
    }

    static func lower(_ s: Unicode.Scalar) -> Unicode.Scalar {
        if s.value >= 65 && s.value <= 90, let l = Unicode.Scalar(s.value + 32) { return l }
        return s
    }

    /// Converts HTML scalars to plain text with tab-separated cells and one row per line.
    static func flatten(_ scalars: [Unicode.Scalar]) -> [Unicode.Scalar] {
        var out: [Unicode.Scalar] = []
        out.reserveCapacity(scalars.count / 2)
        var i = 0
        let n = scalars.count
        var skipUntil: String? = nil  // inside <script> or <style>
        var inCell = false
        var pendingSpace = false
        var pendingColspan = 0  // extra empty cells owed when a colspan cell closes
        func emitSpace() { if !out.isEmpty, out.last != "\n", out.last != "\t", out.last != " " { pendingSpace = true } }
        func emit(_ s: Unicode.Scalar) {
            if pendingSpace { out.append(" "); pendingSpace = false }
            out.append(s)
        }
        while i < n {
            let s = scalars[i]
            if s == "<" {
                // Read the tag.
                var j = i + 1
                while j < n, scalars[j] != ">" { j += 1 }
                let inner = String(String.UnicodeScalarView(scalars[(i + 1)..<min(j, n)])).lowercased()
                i = min(j + 1, n)
                let closing = inner.hasPrefix("/")
                let nameEnd = inner.dropFirst(closing ? 1 : 0).firstIndex(where: { $0 == " " || $0 == "/" || $0 == "\t" || $0 == "\n" }) ?? inner.endIndex
                let name = String(inner.dropFirst(closing ? 1 : 0)[..<nameEnd])
                if let until = skipUntil {
                    if closing && name == until { skipUntil = nil }
                    continue
                }
                switch name {
                case "script", "style", "head", "title":
                    if !closing && !inner.hasSuffix("/") { skipUntil = name }
                case "td", "th":
                    if closing {
                        pendingSpace = false
                        out.append("\t")
                        inCell = false
                    } else {
                        if inCell { out.append("\t") }
                        inCell = true
                        pendingSpace = false
                        if let span = colspan(inner), span > 1 { pendingColspan = span }
                    }
                case "tr":
                    // The tab after the last </td> ends the row; it is not one more cell.
                    if out.last == "\t" { out.removeLast() }
                    if closing || inCell {
                        pendingSpace = false; if out.last != "\n" { out.append("\n") }; inCell = false
                    } else if out.last != "\n", !out.isEmpty {
                        out.append("\n")
                    }
                case "br":
                    if inCell { emitSpace() } else { pendingSpace = false; out.append("\n") }
                case "p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "li", "table", "tbody", "thead", "ul", "ol", "section", "article":
                    if inCell { emitSpace() } else { pendingSpace = false; if out.last != "\n" { out.append("\n") } }
                default:
                    break
                }
                if (name == "td" || name == "th") && closing, pendingColspan > 1 {
                    for _ in 1..<pendingColspan { out.append("\t") }
                    pendingColspan = 0
                }
                continue
            }
            if skipUntil != nil { i += 1; continue }
            if s == "&" {
                var j = i + 1
                while j < n, j - i <= 10, scalars[j] != ";" { j += 1 }
                if j < n, scalars[j] == ";" {
                    let entity = String(String.UnicodeScalarView(scalars[(i + 1)..<j]))
                    if let decoded = decodeEntity(entity) {
                        if decoded == " " { emitSpace() } else { emit(decoded) }
                        i = j + 1
                        continue
                    }
                }
                emit(s)
                i += 1
                continue
            }
            if s == "\n" || s == "\r" || s == "\t" || s == " " {
                emitSpace()
                i += 1
                continue
            }
            emit(s)
            i += 1
        }
        return out
    }

    /// The largest colspan honoured, as in the HTML standard: each spanned column costs
    /// an empty cell, so an unbounded "colspan=999999999" would cost without bound.
    static let maxColspan = 1000

    static func colspan(_ inner: String) -> Int? {
        guard let range = inner.range(of: "colspan") else { return nil }
        var digits = ""
        for ch in inner[range.upperBound...] {
            if ch.isNumber {
                digits.append(ch)
            } else if !digits.isEmpty {
                break
            } else if ch == "=" || ch == "\"" || ch == "'" || ch == " " {
                continue
            } else {
                break
            }
        }
        return Int(digits).map { min($0, maxColspan) }
    }

    static func decodeEntity(_ name: String) -> Unicode.Scalar? {
        switch name {
        case "nbsp", "ensp", "emsp", "thinsp": return " "
        case "amp": return "&"
        case "lt": return "<"
        case "gt": return ">"
        case "quot": return "\""
        case "apos": return "'"
        case "ldquo": return "\u{201C}"
        case "rdquo": return "\u{201D}"
        case "mdash": return "\u{2014}"
        case "middot": return "\u{00B7}"
        default:
            if name.hasPrefix("#x") || name.hasPrefix("#X"), let v = UInt32(name.dropFirst(2), radix: 16) { return Unicode.Scalar(v) }
            if name.hasPrefix("#"), let v = UInt32(name.dropFirst()) { return Unicode.Scalar(v) }
            return nil
        }
    }
}
