/// Inline SVG charts: drawn by the browser from markup, no script.
enum Chart {
    /// A grouped bar chart: for each x (a year), one bar per series, with a y axis, value
    /// labels and a legend.
    static func bars(_ groups: [(x: Int, values: [Int])], series: [String], colors: [String], into h: inout HTML) {
        let width = 960.0
        let height = 320.0
        let left = 70.0
        let right = 16.0
        let top = 36.0
        let bottom = 40.0
        let plotW = width - left - right
        let plotH = height - top - bottom
        let maxValue = max(1, groups.flatMap(\.values).max() ?? 1)
        let step = niceStep(Double(maxValue) / 5)
        let axisMax = (Double(maxValue) / step).rounded(.up) * step
        func y(_ v: Double) -> Double { top + plotH - plotH * v / axisMax }

        h.raw("<svg class=\"chart\" role=\"img\" width=\"960\" height=\"320\" viewBox=\"0 0 960 320\"")
        h.raw(" aria-label=\"Table 3 totals by year\">\n<rect x=\"0\" y=\"0\" width=\"960\" height=\"320\" fill=\"#fff\"/>\n")
        // Grid lines and y labels.
        var tick = 0.0
        while tick <= axisMax + step / 2 {
            let ty = y(tick)
            h.raw("<line x1=\"\(fmt(left))\" y1=\"\(fmt(ty))\" x2=\"\(fmt(width - right))\" y2=\"\(fmt(ty))\" stroke=\"#e0e0e0\"/>")
            h.raw("<text x=\"\(fmt(left - 6))\" y=\"\(fmt(ty + 4))\" font-size=\"11\" text-anchor=\"end\" fill=\"#555\">")
            h.raw(Format.grouped(Int(tick)))
            h.raw("</text>\n")
            tick += step
        }
        h.raw("<line x1=\"\(fmt(left))\" y1=\"\(fmt(top + plotH))\" x2=\"\(fmt(width - right))\" y2=\"\(fmt(top + plotH))\" stroke=\"#555\"/>\n")
        // Bars.
        let slot = plotW / Double(max(groups.count, 1))
        let barW = min(36, slot * 0.8 / Double(max(series.count, 1)))
        for (g, group) in groups.enumerated() {
            let center = left + slot * (Double(g) + 0.5)
            let start = center - barW * Double(series.count) / 2
            for (s, value) in group.values.enumerated() {
                let x = start + barW * Double(s)
                let by = y(Double(value))
                h.raw("<rect x=\"\(fmt(x + 1))\" y=\"\(fmt(by))\" width=\"\(fmt(barW - 2))\" height=\"\(fmt(top + plotH - by))\" fill=\"")
                h.raw(colors[s % colors.count])
                h.raw("\"><title>")
                h.text("\(group.x) \(series[s]): \(value)")
                h.raw("</title></rect>")
                h.raw("<text x=\"\(fmt(x + barW / 2))\" y=\"\(fmt(by - 3))\" font-size=\"10\" text-anchor=\"middle\" fill=\"#333\">")
                h.raw(Format.grouped(value))
                h.raw("</text>\n")
            }
            h.raw("<text x=\"\(fmt(center))\" y=\"\(fmt(top + plotH + 18))\" font-size=\"12\" text-anchor=\"middle\" fill=\"#222\">")
            h.int(group.x)
            h.raw("</text>\n")
        }
        // Legend.
        var lx = left
        for (s, name) in series.enumerated() {
            h.raw("<rect x=\"\(fmt(lx))\" y=\"10\" width=\"12\" height=\"12\" fill=\"")
            h.raw(colors[s % colors.count])
            h.raw("\"/><text x=\"\(fmt(lx + 16))\" y=\"20\" font-size=\"12\" fill=\"#222\">")
            h.text(name)
            h.raw("</text>")
            lx += 16 + textWidth(name, size: 12) + 24
        }
        h.raw("\n</svg>\n")
    }

    /// An estimate of a label's width: CJK characters are square, others about half.
    static func textWidth(_ s: String, size: Double) -> Double {
        s.unicodeScalars.reduce(0) { $0 + ($1.value >= 0x2E80 ? size : size * 0.58) }
    }

    /// 1, 2 or 5 times a power of ten, at least `raw`.
    static func niceStep(_ raw: Double) -> Double {
        guard raw > 0 else { return 1 }
        var p = 1.0
        while p * 10 <= raw { p *= 10 }
        while p > raw { p /= 10 }
        for m in [1.0, 2.0, 5.0, 10.0] where p * m >= raw { return max(1, p * m) }
        return max(1, p * 10)
    }

    static func fmt(_ v: Double) -> String {
        let r = (v * 10).rounded() / 10
        return r == r.rounded() ? String(Int(r)) : String(r)
    }
}
