public import Transfer

/// A diverging-colour heatmap of a seed-mean PGF matrix as SVG: red below zero, white at zero,
/// green above, saturating at |PGF| = 1; the value printed in each cell; the diagonal outlined;
/// undefined cells grey.
public enum HeatmapSVG {
    static let cell = 44, margin = 56

    public static func render(_ m: ModelAnalysis, abbreviate: (String) -> String) -> String {
        let n = m.tasks.count
        let size = margin + n * cell + 8
        var svg = "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"\(size)\" height=\"\(size + 20)\" font-family=\"sans-serif\" font-size=\"11\">\n"
        svg += "<title>\(Format.escapeXML(m.model)): seed-mean PGF</title>\n"
        for (k, task) in m.tasks.enumerated() {
            let label = Format.escapeXML(abbreviate(task))
            svg += "<text x=\"\(margin + k * cell + cell / 2)\" y=\"\(margin - 8)\" text-anchor=\"middle\">\(label)</text>\n"
            svg += "<text x=\"\(margin - 8)\" y=\"\(margin + k * cell + cell / 2 + 4)\" text-anchor=\"end\">\(label)</text>\n"
        }
        svg += "<text x=\"\(margin + n * cell / 2)\" y=\"14\" text-anchor=\"middle\">evaluated on (target)</text>\n"
        svg += "<text x=\"12\" y=\"\(margin + n * cell / 2)\" text-anchor=\"middle\" transform=\"rotate(-90 12 \(margin + n * cell / 2))\">finetuned on (source)</text>\n"
        for i in 0..<n {
            for j in 0..<n {
                let value = m.meanPGF[i][j]
                let (x, y) = (margin + j * cell, margin + i * cell)
                var tip = "\(abbreviate(m.tasks[i])) -> \(abbreviate(m.tasks[j])): \(Format.fixed(value))"
                if let sd = m.seedSpread[i][j] { tip += ", sd over seeds \(Format.fixed(sd))" }
                if let ci = m.intervals?[i][j] { tip += ", 95 % [\(Format.fixed(ci.low)), \(Format.fixed(ci.high))]" }
                svg += "<g><title>\(Format.escapeXML(tip))</title>"
                svg += "<rect x=\"\(x)\" y=\"\(y)\" width=\"\(cell)\" height=\"\(cell)\" fill=\"\(colour(value))\" stroke=\"\(i == j ? "#000" : "#fff")\" stroke-width=\"\(i == j ? 2 : 1)\"/>"
                let text = value.map { Format.fixed($0, 2) } ?? "n/a"
                let dark = (value.map { abs($0) } ?? 0) > 0.6
                svg += "<text x=\"\(x + cell / 2)\" y=\"\(y + cell / 2 + 4)\" text-anchor=\"middle\" fill=\"\(dark ? "#fff" : "#000")\">\(text)</text></g>\n"
            }
        }
        svg += "</svg>\n"
        return svg
    }

    /// White at 0, towards red (#b2182b) below and green (#1a9641) above, saturating at 1.
    static func colour(_ value: Double?) -> String {
        guard let value else { return "#bbbbbb" }
        let t = min(abs(value), 1)
        let target: (Double, Double, Double) = value < 0 ? (178, 24, 43) : (26, 150, 65)
        let (r, g, b) = (255 + (target.0 - 255) * t, 255 + (target.1 - 255) * t, 255 + (target.2 - 255) * t)
        return "rgb(\(Int(r.rounded())),\(Int(g.rounded())),\(Int(b.rounded())))"
    }
}
