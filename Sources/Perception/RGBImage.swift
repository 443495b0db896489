/// A small square RGB image: `size x size` pixels, channels last, values in [0, 1].
///
/// The layout is the engine's (`ModelInput.images`), so a question's images are copied into a
/// batch as they are.
public struct RGBImage: Hashable, Sendable {
    public let size: Int
    public var pixels: [Float]

    public init(size: Int, fill colour: RGB = RGB(0, 0, 0)) {
        self.size = size
        pixels = [Float](repeating: 0, count: size * size * 3)
        for i in 0..<(size * size) {
            pixels[3 * i] = colour.r
            pixels[3 * i + 1] = colour.g
            pixels[3 * i + 2] = colour.b
        }
    }

    public subscript(x: Int, y: Int) -> RGB {
        get {
            let i = 3 * (y * size + x)
            return RGB(pixels[i], pixels[i + 1], pixels[i + 2])
        }
        set {
            let i = 3 * (y * size + x)
            pixels[i] = min(max(newValue.r, 0), 1)
            pixels[i + 1] = min(max(newValue.g, 0), 1)
            pixels[i + 2] = min(max(newValue.b, 0), 1)
        }
    }

    public func contains(_ x: Int, _ y: Int) -> Bool { x >= 0 && y >= 0 && x < size && y < size }

    /// Sets a pixel when it lies inside the image.
    public mutating func plot(_ x: Int, _ y: Int, _ colour: RGB) {
        if contains(x, y) { self[x, y] = colour }
    }

    /// Fills the axis-aligned rectangle [x0, x1) x [y0, y1), clipped.
    public mutating func fillRect(x0: Int, y0: Int, x1: Int, y1: Int, _ colour: RGB) {
        for y in max(y0, 0)..<min(y1, size) where y1 > y0 {
            for x in max(x0, 0)..<min(x1, size) where x1 > x0 { self[x, y] = colour }
        }
    }

    /// The mean colour of the image: the statistic a shortcut model sees.
    public var meanColour: RGB {
        var sum = RGB(0, 0, 0)
        for i in 0..<(size * size) { sum = sum + RGB(pixels[3 * i], pixels[3 * i + 1], pixels[3 * i + 2]) }
        return sum * (1 / Float(size * size))
    }

    /// A square crop, clipped at the borders (outside pixels black).
    public func crop(x: Int, y: Int, size cropSize: Int) -> RGBImage {
        var out = RGBImage(size: cropSize)
        for dy in 0..<cropSize {
            for dx in 0..<cropSize where contains(x + dx, y + dy) { out[dx, dy] = self[x + dx, y + dy] }
        }
        return out
    }

    /// Nearest-neighbour resize to `newSize`.
    public func resized(to newSize: Int) -> RGBImage {
        var out = RGBImage(size: newSize)
        for y in 0..<newSize {
            for x in 0..<newSize { out[x, y] = self[x * size / newSize, y * size / newSize] }
        }
        return out
    }

    /// Box-filter downsampling by an integer factor (anti-aliasing after supersampled rendering).
    public func downsampled(by factor: Int) -> RGBImage {
        precondition(size % factor == 0, "\(size) is not a multiple of \(factor)")
        var out = RGBImage(size: size / factor)
        let weight = 1 / Float(factor * factor)
        for y in 0..<out.size {
            for x in 0..<out.size {
                var sum = RGB(0, 0, 0)
                for dy in 0..<factor { for dx in 0..<factor { sum = sum + self[x * factor + dx, y * factor + dy] } }
                out[x, y] = sum * weight
            }
        }
        return out
    }
}

/// A colour with float channels in [0, 1].
public struct RGB: Hashable, Sendable {
    public var r, g, b: Float

    public init(_ r: Float, _ g: Float, _ b: Float) {
        self.r = r
        self.g = g
        self.b = b
    }

    public static func + (a: RGB, b: RGB) -> RGB { RGB(a.r + b.r, a.g + b.g, a.b + b.b) }
    public static func * (a: RGB, s: Float) -> RGB { RGB(a.r * s, a.g * s, a.b * s) }
    public static func * (a: RGB, b: RGB) -> RGB { RGB(a.r * b.r, a.g * b.g, a.b * b.b) }

    /// Linear blend: t = 0 gives self, 1 gives other.
    public func mixed(with other: RGB, _ t: Float) -> RGB { self * (1 - t) + other * t }

    public var luminance: Float { 0.299 * r + 0.587 * g + 0.114 * b }
}
