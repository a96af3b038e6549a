import GongkaiCore
import GongkaiStore

/// What every page shares: the head (UTF-8, inline CSS, nothing fetched), the finding
/// list, the legend.
enum Page {
    /// Opens a page: doctype, `<meta charset="utf-8">`, title, the inline style sheet.
    static func open(title: String, into h: inout HTML) {
        h.raw("<!DOCTYPE html>\n<html lang=\"zh-CN\">\n<head>\n<meta charset=\"utf-8\">\n")
        h.raw("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
        h.raw("<meta name=\"generator\" content=\"gongkai\">\n<title>")
        h.text(title)
        h.raw("</title>\n<style>\n")
        h.raw(css)
        h.raw("</style>\n</head>\n<body>\n")
    }

    static func close(into h: inout HTML) {
        h.raw("</body>\n</html>\n")
    }

    /// The style sheet. System fonts only (a CJK face where one is installed); no image,
    /// no font file, no URL.
    static let css = """
        :root{--err:#c62828;--errbg:#ffd6d6;--warn:#e53935;--warnbg:#fff0ee;--rec:#616161;--recbg:#e3e3e3;--ok:#2e7d32;--okbg:#e3f4e4;--line:#b9b9b9}
        *{box-sizing:border-box}
        body{margin:0;padding:16px 24px 48px;font:14px/1.5 "Noto Sans CJK SC","Noto Sans SC","Source Han Sans SC","PingFang SC","Microsoft YaHei","WenQuanYi Micro Hei",sans-serif;color:#1b1b1b;background:#fafafa}
        h1{font-size:20px;margin:0 0 6px;word-break:break-all}
        h2{font-size:17px;margin:28px 0 8px;padding-bottom:4px;border-bottom:1px solid #ccc}
        h3{font-size:15px;margin:16px 0 6px}
        .en{color:#555}
        code{font:12px/1.4 "DejaVu Sans Mono",monospace;background:#eee;padding:0 3px;border-radius:3px}
        .verdict{padding:12px 16px;border-radius:6px;border:2px solid;margin:0 0 12px}
        .verdict.rejected{border-color:var(--err);background:var(--errbg)}
        .verdict.accepted{border-color:var(--ok);background:var(--okbg)}
        .verdict .word{font-size:22px;font-weight:bold;margin-right:8px}
        .verdict.rejected .word{color:var(--err)}
        .verdict.accepted .word{color:var(--ok)}
        .meta{margin:2px 0;color:#333}
        .counts b{font-size:16px}
        .legend{font-size:12px;color:#444;margin:6px 0}
        .legend span{display:inline-block;padding:1px 6px;margin-right:8px}
        .legend span.lg-warning{outline-offset:0}
        ul.findings{list-style:none;padding:0;margin:6px 0}
        ul.findings li{background:#fff;border:1px solid #ddd;border-left:5px solid #999;border-radius:4px;padding:6px 10px;margin:6px 0}
        ul.findings li.k-error{border-left-color:var(--err)}
        ul.findings li.k-warning{border-left-color:var(--warn)}
        ul.findings li.k-recovered{border-left-color:#8a8a8a}
        ul.findings li:target{box-shadow:0 0 0 3px #1e88e5}
        .loc,.ea{font-size:12px;color:#444}
        .sev{font-weight:bold}
        .k-error .sev{color:var(--err)}
        .k-warning .sev{color:var(--warn)}
        .k-recovered .sev{color:#555}
        section.tbl{overflow-x:auto}
        table.grid{border-collapse:collapse;background:#fff;margin:6px 0 14px}
        table.grid caption{text-align:left;font-weight:bold;font-size:15px;padding:4px 6px;caption-side:top}
        details.report{content-visibility:auto;contain-intrinsic-size:auto 30px}
        table.grid th,table.grid td{border:1px solid var(--line);padding:3px 6px;vertical-align:middle}
        table.grid thead th{background:#eef1f5;font-weight:bold;font-size:13px}
        table.grid td{text-align:right;font-variant-numeric:tabular-nums;min-width:3.4em;white-space:nowrap}
        table.grid th.lbl{text-align:left;font-weight:normal;min-width:10em;max-width:17em;background:#fcfcfc}
        table.grid th.corner{background:#eef1f5;font-size:13px}
        th.d1{padding-left:1.6em!important}
        th.d2{padding-left:3.2em!important}
        tr.group th.lbl{font-weight:bold;background:#f2f2f2}
        td.grp{background:#f2f2f2}
        tr.block th{background:#eef1f5;text-align:left}
        tr.colhead th{background:#f6f7f9;font-size:13px}
        td.na,th.na{background:#f4f4f4}
        tr.folded td{text-align:left;color:#666;font-size:12px;background:#f8f8f8}
        td.absent{text-align:left;color:#666}
        .empty{color:#aaa}
        .mark-error .empty,.mark-warning .empty{color:#b71c1c;font-weight:bold}
        td.rawtext{color:#6d4c41}
        td.inferred{background:var(--recbg);color:#444;font-style:italic}
        small.tag{font-size:10px;color:#555;margin-left:3px;font-style:normal}
        table.grid td.notes,table.grid th.notes-h{text-align:left;white-space:normal;min-width:24em;max-width:40em;font-size:12px;line-height:1.45;border-left:2px solid #9e9e9e}
        table.grid td.notes.foot{max-width:none;border-left:1px solid var(--line)}
        table.grid thead th,table.grid tr.colhead th{white-space:nowrap}
        table.grid caption{white-space:nowrap}
        div.note{margin:2px 0 4px}
        div.note .en{display:block;font-size:11px;color:#666;margin-left:2.2em}
        .see{color:#777}
        .mark-error,.lg-error{background:var(--errbg)!important;box-shadow:inset 0 0 0 2px var(--err);color:#8b0000}
        td.mark-error{font-weight:bold}
        .mark-warning,.lg-warning{background:var(--warnbg)!important;outline:2px dashed var(--warn);outline-offset:-3px;color:#8b0000}
        .mark-recovered,.lg-recovered{background:var(--recbg)!important;box-shadow:inset 0 0 0 2px #8a8a8a;color:#3c3c3c;font-style:italic}
        sup.refs{margin-left:2px;font-style:normal;white-space:nowrap}
        a.ref{display:inline-block;min-width:1.6em;padding:0 4px;border-radius:9px;font-size:11px;line-height:16px;text-align:center;color:#fff;background:#666;text-decoration:none;font-style:normal;font-weight:bold;margin:0 1px;vertical-align:1px}
        a.ref.k-error{background:var(--err)}
        a.ref.k-warning{background:var(--warn)}
        a.ref.k-recovered{background:#7a7a7a}
        .footer{margin-top:24px;font-size:13px;color:#444}
        table.plain{border-collapse:collapse;background:#fff;margin:6px 0 12px}
        table.plain th,table.plain td{border:1px solid var(--line);padding:3px 8px}
        table.plain th{background:#eef1f5}
        table.plain td.example{font-size:12px;max-width:60em}
        table.plain td.n{text-align:right;font-variant-numeric:tabular-nums}
        table.agencies td{text-align:center;min-width:3.6em;padding:2px 4px}
        table.agencies th.agency{text-align:left;font-weight:normal;background:#fcfcfc;max-width:24em}
        table.agencies td.v-accepted{background:#a5d6a7}
        table.agencies td.v-rejected{background:#ef9a9a}
        table.agencies td.v-none{background:repeating-linear-gradient(45deg,#fff,#fff 4px,#f0f0f0 4px,#f0f0f0 8px);color:#aaa}
        table.agencies td a{color:#1b1b1b;text-decoration:none;display:block}
        details.report{background:#fff;border:1px solid #ddd;border-left:5px solid #999;border-radius:4px;margin:4px 0;padding:2px 10px}
        details.report.v-accepted{border-left-color:var(--ok)}
        details.report.v-rejected{border-left-color:var(--err)}
        details.report>summary{cursor:pointer;padding:3px 0}
        details.report[open]>summary{border-bottom:1px solid #eee;margin-bottom:6px}
        .badge{display:inline-block;padding:0 6px;border-radius:3px;font-size:12px;font-weight:bold;color:#fff}
        .badge.accepted{background:var(--ok)}
        .badge.rejected{background:var(--err)}
        .dim{color:#777}
        svg text{font-family:inherit}
        svg.chart{background:#fff;border:1px solid #ddd;max-width:100%;height:auto}
        .g-accepted{color:#66bb6a}
        .g-rejected{color:#e57373}
        .g-none{color:#999}
        div.scroll{max-height:640px;overflow:auto;display:inline-block;max-width:100%}
        table.agencies thead th{position:sticky;top:0;z-index:1}
        table.agencies small{font-size:10px;margin-left:1px}

        """

    /// The legend of the marks.
    static func legend(into h: inout HTML) {
        h.raw("<p class=\"legend\">标记 Marks: <span class=\"lg-error\">错误 error</span>")
        h.raw("<span class=\"lg-warning\">提示 warning</span>")
        h.raw("<span class=\"lg-recovered\">推算 recovered (value inferred)</span>")
        h.raw("数字链接到问题清单 · a number links to its finding</p>\n")
    }

    static func severityText(_ kind: MarkKind) -> String {
        switch kind {
        case .error: "错误 error"
        case .warning: "提示 warning"
        case .recovered: "推算 recovered"
        }
    }

    /// One finding in full: number, severity, code, location, expected against actual, the
    /// messages. `id` makes it the target of the tables' references.
    static func finding(_ n: NumberedFinding, id: String?, tableLink prefix: String?, into h: inout HTML) {
        let f = n.finding
        h.raw("<li class=\"")
        h.raw(n.kind.badgeClass)
        h.raw("\"")
        if let id { h.attribute("id", id) }
        h.raw("><a class=\"ref ")
        h.raw(n.kind.badgeClass)
        h.raw("\"")
        if let id { h.attribute("href", "#" + id) }
        h.raw(">")
        h.int(n.number)
        h.raw("</a> <span class=\"sev\">")
        h.raw(severityText(n.kind))
        h.raw("</span> <code>")
        h.text(f.code)
        h.raw("</code> <span class=\"loc\">")
        let location = ReasonText.locationParts(of: f)
        h.text(location.isEmpty ? "全文 whole file" : location.joined(separator: " · "))
        h.raw("</span>")
        if let prefix, let t = f.table {
            h.raw(" <a class=\"dim\"")
            h.attribute("href", "#" + prefix + t.rawValue)
            h.raw(">↑ 表 table</a>")
        }
        if f.expected != nil || f.actual != nil {
            h.raw("<div class=\"ea\">应为 expected: ")
            h.text(f.expected ?? "—")
            h.raw(" · 实为 actual: ")
            h.text(f.actual ?? "—")
            h.raw("</div>")
        }
        h.raw("<div class=\"zh\">")
        h.text(f.messageZH)
        h.raw("</div><div class=\"en\">")
        h.text(f.messageEN)
        h.raw("</div></li>\n")
    }

    /// The findings about the whole file, the marked tables, then the findings in the tables
    /// in full: the body of a reason page and of one report on the report page. Every
    /// finding appears once in full with its anchor (`f3`, or `r12-f3` on the report page).
    static func findingsAndTables(_ map: FindingMap, prefix: String, foldZeroRows: Bool, tables: Bool = true, into h: inout HTML) {
        let whole = map.wholeFile
        if !whole.isEmpty {
            h.raw("<h3>全文问题 · Findings about the whole file</h3>\n<ul class=\"findings\">\n")
            for n in whole { finding(n, id: prefix + "f\(n.number)", tableLink: nil, into: &h) }
            h.raw("</ul>\n")
        }
        let inTables = map.numbered.count - whole.count
        if inTables > 0, tables {
            h.raw("<p class=\"meta\">表格中的问题 ")
            h.int(inTables)
            h.raw(" 项已在下表标出 · ")
            h.int(inTables)
            h.raw(inTables == 1 ? " finding is marked in the tables below.</p>\n" : " findings are marked in the tables below.</p>\n")
        }
        if tables { TableRenderer(map: map, prefix: prefix, foldZeroRows: foldZeroRows).render(into: &h) }
        // The findings in the tables, in full (those about the whole file are above).
        let rest = map.numbered.filter { $0.finding.table != nil }
        if !rest.isEmpty {
            h.raw("<h3>表格中的问题 · Findings in the tables</h3>\n<ul class=\"findings\">\n")
            for n in rest { finding(n, id: prefix + "f\(n.number)", tableLink: prefix, into: &h) }
            h.raw("</ul>\n")
        }
    }
}
