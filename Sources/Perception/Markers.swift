/// BLINK-style markers: coloured rings on points and coloured box outlines, with a dark rim so
/// they stand out on any background.
enum Markers {
    static let ringRadius: Float = 2.6

    static func ring(_ image: inout RGBImage, x: Float, y: Float, _ colour: RGB) {
        image.strokeRing(cx: x, cy: y, radius: ringRadius + 0.9, thickness: 0.8, RGB(0.05, 0.05, 0.05))
        image.strokeRing(cx: x, cy: y, radius: ringRadius, thickness: 1.3, colour)
    }

    /// A box outline two pixels thick (the box and one pixel outside it), so that its colour
    /// stands out at the scale of a model patch as a ring does.
    static func box(_ image: inout RGBImage, _ box: PixelBox, _ colour: RGB) {
        image.strokeBox(x0: box.x0, y0: box.y0, x1: box.x1, y1: box.y1, colour)
        let outer = PixelBox(x0: box.x0 - 1, y0: box.y0 - 1, x1: box.x1 + 1, y1: box.y1 + 1).clamped(to: image.size)
        image.strokeBox(x0: outer.x0, y0: outer.y0, x1: outer.x1, y1: outer.y1, colour)
    }
}

/// A pixel rectangle, inclusive.
struct PixelBox: Hashable {
    var x0, y0, x1, y1: Int
    var width: Int { x1 - x0 + 1 }
    var height: Int { y1 - y0 + 1 }

    func offset(dx: Int, dy: Int) -> PixelBox { PixelBox(x0: x0 + dx, y0: y0 + dy, x1: x1 + dx, y1: y1 + dy) }

    func clamped(to size: Int) -> PixelBox {
        PixelBox(x0: max(0, min(x0, size - 1)), y0: max(0, min(y0, size - 1)), x1: max(0, min(x1, size - 1)), y1: max(0, min(y1, size - 1)))
    }
}
