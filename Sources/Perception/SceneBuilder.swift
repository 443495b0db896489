internal import Core
internal import Glibc

/// Random scenes for the tasks: objects of random shape, colour and size placed apart on the
/// visible ground, a random light, ground and sky. Sizes and distances vary independently, so
/// a large far object and a small near one both occur (size alone does not tell depth).
struct SceneBuilder {
    var random: RandomSource

    /// The default view: every placed object is in frame.
    static let camera = Scene.Camera()

    mutating func uniform(_ range: ClosedRange<Float>) -> Float {
        range.lowerBound + (range.upperBound - range.lowerBound) * random.uniform()
    }

    mutating func integer(_ range: ClosedRange<Int>) -> Int {
        range.lowerBound + Int(random.next() % UInt64(range.count))
    }

    mutating func pick<T>(_ items: [T]) -> T { items[integer(0...(items.count - 1))] }

    /// `count` distinct indices out of 0..<n, in random order.
    mutating func distinct(_ count: Int, of n: Int) -> [Int] {
        var pool = Array(0..<n)
        var out: [Int] = []
        for _ in 0..<count { out.append(pool.remove(at: integer(0...(pool.count - 1)))) }
        return out
    }

    mutating func shuffled<T>(_ items: [T]) -> [T] { distinct(items.count, of: items.count).map { items[$0] } }

    mutating func light() -> SIMD3<Float> {
        let azimuth = uniform(-2.4...2.4), elevation = uniform(0.5...1.2)
        return SIMD3(sinf(azimuth) * cosf(elevation), sinf(elevation), -cosf(azimuth) * cosf(elevation))
    }

    /// A scene of `count` objects; `shapes` and `colours` restrict what may appear.
    mutating func scene(count: Int, shapes: [Scene.Shape] = Scene.Shape.allCases,
                        colours: [(Word, RGB)] = Palette.objects) -> Scene {
        var objects: [Scene.Object] = []
        var attempts = 0
        while objects.count < count && attempts < 500 {
            attempts += 1
            let size = uniform(0.3...0.75)
            let z = uniform(3.2...8.5)
            let spread = z * 0.42
            let x = uniform(-spread...spread)
            let clear = objects.allSatisfy { other in
                let dx = other.x - x, dz = other.z - z
                return (dx * dx + dz * dz).squareRoot() > other.size + size + 0.25
            }
            guard clear else { continue }
            let (word, albedo) = pick(colours)
            let jitter = uniform(0.85...1.1)
            objects.append(Scene.Object(shape: pick(shapes), colour: word, albedo: albedo * jitter, x: x, z: z, size: size))
        }
        let groundGrey = uniform(0.35...0.6)
        return Scene(
            objects: objects, groundAlbedo: RGB(groundGrey, groundGrey * uniform(0.9...1.05), groundGrey * uniform(0.85...1)),
            skyColour: RGB(uniform(0.55...0.75), uniform(0.65...0.85), uniform(0.8...0.95)),
            light: light(), ambient: uniform(0.2...0.4))
    }
}
