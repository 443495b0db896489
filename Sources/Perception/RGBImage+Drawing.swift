/// Shapes drawn on images: discs, rings, box outlines, lines, polygons.
extension RGBImage {
    public mutating func fillDisc(cx: Float, cy: Float, radius: Float, _ colour: RGB) {
        let r2 = radius * radius
        for y in Int((cy - radius).rounded(.down))...Int((cy + radius).rounded(.up)) {
            for x in Int((cx - radius).rounded(.down))...Int((cx + radius).rounded(.up)) {
                let dx = Float(x) + 0.5 - cx, dy = Float(y) + 0.5 - cy
                if dx * dx + dy * dy <= r2 { plot(x, y, colour) }
            }
        }
    }

    /// A ring of the given radius and thickness (a BLINK-style point marker).
    public mutating func strokeRing(cx: Float, cy: Float, radius: Float, thickness: Float, _ colour: RGB) {
        let outer = radius + thickness / 2, inner = max(radius - thickness / 2, 0)
        for y in Int((cy - outer).rounded(.down))...Int((cy + outer).rounded(.up)) {
            for x in Int((cx - outer).rounded(.down))...Int((cx + outer).rounded(.up)) {
                let dx = Float(x) + 0.5 - cx, dy = Float(y) + 0.5 - cy
                let d = (dx * dx + dy * dy).squareRoot()
                if d <= outer && d >= inner { plot(x, y, colour) }
            }
        }
    }

    /// A one-pixel box outline around [x0, x1] x [y0, y1] (a BLINK-style box marker).
    public mutating func strokeBox(x0: Int, y0: Int, x1: Int, y1: Int, _ colour: RGB) {
        for x in x0...max(x0, x1) {
            plot(x, y0, colour)
            plot(x, y1, colour)
        }
        for y in y0...max(y0, y1) {
            plot(x0, y, colour)
            plot(x1, y, colour)
        }
    }

    /// A line of the given width from (x0, y0) to (x1, y1).
    public mutating func drawLine(x0: Float, y0: Float, x1: Float, y1: Float, width: Float, _ colour: RGB) {
        let length = ((x1 - x0) * (x1 - x0) + (y1 - y0) * (y1 - y0)).squareRoot()
        let steps = max(Int(length * 2), 1)
        for step in 0...steps {
            let t = Float(step) / Float(steps)
            fillDisc(cx: x0 + (x1 - x0) * t, cy: y0 + (y1 - y0) * t, radius: width / 2, colour)
        }
    }

    /// Fills a convex or concave polygon (even-odd rule at pixel centres).
    public mutating func fillPolygon(_ points: [(Float, Float)], _ colour: RGB) {
        guard points.count >= 3 else { return }
        let ys = points.map(\.1)
        let top = max(Int((ys.min() ?? 0).rounded(.down)), 0), bottom = min(Int((ys.max() ?? 0).rounded(.up)), size - 1)
        guard top <= bottom else { return }
        for y in top...bottom {
            let py = Float(y) + 0.5
            var crossings: [Float] = []
            for i in points.indices {
                let (ax, ay) = points[i], (bx, by) = points[(i + 1) % points.count]
                if (ay <= py && by > py) || (by <= py && ay > py) {
                    crossings.append(ax + (py - ay) / (by - ay) * (bx - ax))
                }
            }
            crossings.sort()
            var i = 0
            while i + 1 < crossings.count {
                let from = Int((crossings[i] - 0.5).rounded(.up)), to = Int((crossings[i + 1] - 0.5).rounded(.down))
                if from <= to { for x in from...to { plot(x, y, colour) } }
                i += 2
            }
        }
    }
}
