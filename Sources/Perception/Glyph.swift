internal import Glibc

/// A 2-D part-based drawing: named parts made of polygons, discs and strokes in local
/// coordinates, placed on an image by a similarity transform (scale, rotation, mirror,
/// translation). The correspondence tasks paint its parts to mark them.
struct Glyph {
    enum Primitive {
        case polygon([(Float, Float)])
        case disc(x: Float, y: Float, r: Float)
        case stroke(x0: Float, y0: Float, x1: Float, y1: Float, width: Float)
    }

    struct Part {
        var name: String
        var primitives: [Primitive]
        var colour: RGB
    }

    var parts: [Part]

    struct Placement {
        var x: Float, y: Float, scale: Float, angle: Float, mirrored: Bool

        func apply(_ p: (Float, Float)) -> (Float, Float) {
            let px = (mirrored ? -p.0 : p.0) * scale, py = p.1 * scale
            let (c, s) = (cosf(angle), sinf(angle))
            return (x + px * c - py * s, y + px * s + py * c)
        }
    }

    func draw(on image: inout RGBImage, at placement: Placement) {
        for part in parts {
            for primitive in part.primitives {
                switch primitive {
                case let .polygon(points): image.fillPolygon(points.map(placement.apply), part.colour)
                case let .disc(x, y, r):
                    let c = placement.apply((x, y))
                    image.fillDisc(cx: c.0, cy: c.1, radius: r * placement.scale, part.colour)
                case let .stroke(x0, y0, x1, y1, width):
                    let a = placement.apply((x0, y0)), c = placement.apply((x1, y1))
                    image.drawLine(x0: a.0, y0: a.1, x1: c.0, y1: c.1, width: width * placement.scale, part.colour)
                }
            }
        }
    }
}

extension Glyph {
    /// The glyph with the named parts in the given colours.
    func painted(_ colours: [String: RGB]) -> Glyph {
        Glyph(parts: parts.map { part in
            var part = part
            if let colour = colours[part.name] { part.colour = colour }
            return part
        })
    }

    /// The glyph stretched sideways by `factor` (x only): thin tools made thick enough that
    /// each painted part shows as a patch of colour.
    func widened(by factor: Float) -> Glyph {
        Glyph(parts: parts.map { part in
            var part = part
            part.primitives = part.primitives.map { primitive in
                switch primitive {
                case let .polygon(points): .polygon(points.map { ($0.0 * factor, $0.1) })
                case let .disc(x, y, r): .disc(x: x * factor, y: y, r: r * factor)
                case let .stroke(x0, y0, x1, y1, width): .stroke(x0: x0 * factor, y0: y0, x1: x1 * factor, y1: y1, width: width * factor)
                }
            }
            return part
        })
    }
}
