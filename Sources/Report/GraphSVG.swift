internal import Foundation
public import Transfer

/// The directed transfer graph as SVG: tasks on a circle, an arrow i -> j for each seed-mean
/// |PGF(i -> j)| at or above the threshold, green for positive and red (dashed) for negative,
/// width growing with |PGF|.
public enum GraphSVG {
    static let size = 520.0, radius = 200.0

    public static func render(_ m: ModelAnalysis, threshold: Double, abbreviate: (String) -> String) -> String {
        let n = m.tasks.count
        let centre = size / 2
        let points = (0..<n).map { k -> (Double, Double) in
            let angle = 2 * Double.pi * Double(k) / Double(n) - Double.pi / 2
            return (centre + radius * cos(angle), centre + radius * sin(angle))
        }
        var svg = "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"\(Int(size))\" height=\"\(Int(size))\" font-family=\"sans-serif\" font-size=\"12\">\n"
        svg += "<title>\(Format.escapeXML(m.model)): transfer graph, |PGF| >= \(threshold)</title>\n"
        svg += "<defs>"
        for (name, fill) in [("pos", "#1a9641"), ("neg", "#b2182b")] {
            svg += "<marker id=\"\(name)\" viewBox=\"0 0 10 10\" refX=\"10\" refY=\"5\" markerUnits=\"userSpaceOnUse\" markerWidth=\"9\" markerHeight=\"9\" orient=\"auto-start-reverse\"><path d=\"M 0 0 L 10 5 L 0 10 z\" fill=\"\(fill)\"/></marker>"
        }
        svg += "</defs>\n"
        for (i, j, value) in edges(m, threshold: threshold) {
            let (a, b) = (points[i], points[j])
            // Shorten to the node circles and bend a little, so i -> j and j -> i stay apart.
            let (dx, dy) = (b.0 - a.0, b.1 - a.1)
            let length = (dx * dx + dy * dy).squareRoot()
            let (ux, uy) = (dx / length, dy / length)
            let start = (a.0 + ux * 18, a.1 + uy * 18), end = (b.0 - ux * 18, b.1 - uy * 18)
            let control = ((start.0 + end.0) / 2 - uy * 18, (start.1 + end.1) / 2 + ux * 18)
            let positive = value > 0
            let width = 1 + 4 * min(abs(value), 1)
            svg += "<path d=\"M \(f(start.0)) \(f(start.1)) Q \(f(control.0)) \(f(control.1)) \(f(end.0)) \(f(end.1))\" fill=\"none\" "
                + "stroke=\"\(positive ? "#1a9641" : "#b2182b")\" stroke-width=\"\(f(width))\" stroke-opacity=\"0.75\" "
                + "\(positive ? "" : "stroke-dasharray=\"6 3\" ")marker-end=\"url(#\(positive ? "pos" : "neg"))\">"
                + "<title>\(Format.escapeXML("\(abbreviate(m.tasks[i])) -> \(abbreviate(m.tasks[j])): \(Format.fixed(value))"))</title></path>\n"
        }
        for (k, p) in points.enumerated() {
            svg += "<circle cx=\"\(f(p.0))\" cy=\"\(f(p.1))\" r=\"17\" fill=\"#f4f4f4\" stroke=\"#333\"/>"
            svg += "<text x=\"\(f(p.0))\" y=\"\(f(p.1 + 4))\" text-anchor=\"middle\">\(Format.escapeXML(abbreviate(m.tasks[k])))</text>\n"
        }
        svg += "</svg>\n"
        return svg
    }

    /// Off-diagonal edges with |seed-mean PGF| >= threshold.
    static func edges(_ m: ModelAnalysis, threshold: Double) -> [(Int, Int, Double)] {
        var out: [(Int, Int, Double)] = []
        for i in m.tasks.indices {
            for j in m.tasks.indices where i != j {
                if let v = m.meanPGF[i][j], abs(v) >= threshold, v != 0 { out.append((i, j, v)) }
            }
        }
        return out
    }

    static func f(_ x: Double) -> String { String(format: "%.1f", x) }
}
