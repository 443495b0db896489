internal import Glibc

/// A 2-D texture: stripes, checks, dots, waves or rings at an angle and frequency, in two
/// colours. Visual Similarity, Art Style and Jigsaw are made of these.
struct Pattern: Sendable {
    enum Kind: CaseIterable, Sendable { case stripes, checker, dots, waves, rings }

    var kind: Kind
    var angle: Float
    /// Cycles across the image.
    var frequency: Float
    var phase: Float
    var colourA: RGB
    var colourB: RGB

    static func random(_ b: inout SceneBuilder) -> Pattern {
        Pattern(kind: b.pick(Kind.allCases), angle: b.uniform(0...Float.pi), frequency: b.uniform(2...5),
                phase: b.uniform(0...1), colourA: randomColour(&b), colourB: randomColour(&b))
    }

    static func randomColour(_ b: inout SceneBuilder) -> RGB {
        RGB(b.uniform(0.05...0.95), b.uniform(0.05...0.95), b.uniform(0.05...0.95))
    }

    /// The mask value (0 or 1) at a point of the unit square.
    func mask(_ x: Float, _ y: Float) -> Float {
        let (c, s) = (cosf(angle), sinf(angle))
        let u = (x - 0.5) * c + (y - 0.5) * s, v = -(x - 0.5) * s + (y - 0.5) * c
        let f = frequency
        func frac(_ t: Float) -> Float { t - t.rounded(.down) }
        switch kind {
        case .stripes: return frac(u * f + phase) < 0.5 ? 1 : 0
        case .checker: return (Int((u * f + phase + 100).rounded(.down)) + Int((v * f + 100).rounded(.down))) % 2 == 0 ? 1 : 0
        case .dots:
            let du = frac(u * f + phase) - 0.5, dv = frac(v * f) - 0.5
            return du * du + dv * dv < 0.09 ? 1 : 0
        case .waves: return sinf(2 * .pi * (u * f + phase + 0.25 * sinf(2 * .pi * v * f / 2))) > 0 ? 1 : 0
        case .rings:
            let r = (u * u + v * v).squareRoot()
            return frac(r * f * 1.5 + phase) < 0.5 ? 1 : 0
        }
    }

    func colour(_ x: Float, _ y: Float) -> RGB { colourA.mixed(with: colourB, mask(x, y)) }

    func render(size: Int) -> RGBImage {
        var image = RGBImage(size: size)
        for y in 0..<size {
            for x in 0..<size {
                // 2 x 2 supersampling.
                var sum = RGB(0, 0, 0)
                for (sx, sy) in [(0.25, 0.25), (0.75, 0.25), (0.25, 0.75), (0.75, 0.75)] as [(Float, Float)] {
                    sum = sum + colour((Float(x) + sx) / Float(size), (Float(y) + sy) / Float(size))
                }
                image[x, y] = sum * 0.25
            }
        }
        return image
    }

    /// How different two patterns look, roughly: kind, angle (mod pi) and frequency.
    func isDistinct(from other: Pattern) -> Bool {
        if kind != other.kind { return true }
        let angleGap = abs(angle - other.angle).truncatingRemainder(dividingBy: .pi)
        let angleDistance = min(angleGap, .pi - angleGap)
        let rotationMatters = kind != .rings
        return (rotationMatters && angleDistance > 0.6) || max(frequency, other.frequency) / min(frequency, other.frequency) > 1.6
    }
}
