/// Helpers the scene-based tasks share: rendering, picking marked pixels, marker colours.
extension SceneBuilder {
    typealias Pixel = (x: Int, y: Int)

    /// A view's depth, albedo and instance maps without its image (`Raycaster.maps`).
    func maps(_ scene: Scene, camera: Scene.Camera = SceneBuilder.camera) -> Rendering {
        Raycaster.maps(scene, camera: camera, size: TaskGenerator.imageSize)
    }

    /// A view's shaded image alone (`Raycaster.image`).
    func image(_ scene: Scene, camera: Scene.Camera = SceneBuilder.camera) -> RGBImage {
        Raycaster.image(scene, camera: camera, size: TaskGenerator.imageSize)
    }

    /// Pixels at least `margin` from the border whose instance passes `accept`.
    func pixels(_ r: Rendering, margin: Int = 4, _ accept: (Int) -> Bool) -> [Pixel] {
        var out: [Pixel] = []
        for y in margin..<(r.size - margin) {
            for x in margin..<(r.size - margin) where accept(r.instance[y * r.size + x]) { out.append((x, y)) }
        }
        return out
    }

    /// `count` marker colours, distinct: the question names the colour of each option.
    /// - Parameter fixed: the same colour for each option slot (A red, B green, C blue,
    ///   D yellow), as BLINK labels its points A-D. The small model then binds an option word
    ///   to its marker at once (with colours drawn per question, even "which ring is highest"
    ///   stayed near chance for 2400 steps with four rings; fixed: 80 % at 3000). Only where a
    ///   marker's place says nothing about its letter: with fixed colours a linear probe on
    ///   4 x 4 pixels answered 92 % of Relative Depth from marker heights and 48 % of Relative
    ///   Reflectance (chance 33 %), so those two draw them per question.
    mutating func markerColours(_ count: Int, fixed: Bool = false) -> [(Word, RGB)] {
        fixed ? Array(Palette.markers.prefix(count)) : distinct(count, of: Palette.markers.count).map { Palette.markers[$0] }
    }

    /// `colours`, each in a shade drawn per question (85-115 % of it).
    mutating func shaded(_ colours: [RGB]) -> [RGB] {
        colours.map { $0 * uniform(0.85...1.15) }
    }

    static func distance(_ a: Pixel, _ b: Pixel) -> Float {
        let dx = Float(a.x - b.x), dy = Float(a.y - b.y)
        return (dx * dx + dy * dy).squareRoot()
    }

    /// Picks pixels one by one from `candidates`, each at least `spacing` from those before,
    /// each passing `accept` given the ones already picked. Nil when it cannot.
    mutating func spread(_ count: Int, from candidates: [Pixel], spacing: Float,
                         accept: ([Pixel], Pixel) -> Bool = { _, _ in true }) -> [Pixel]? {
        var chosen: [Pixel] = []
        for _ in 0..<count {
            var found: Pixel?
            for _ in 0..<60 {
                guard !candidates.isEmpty else { return nil }
                let p = pick(candidates)
                if chosen.allSatisfy({ Self.distance($0, p) >= spacing }) && accept(chosen, p) {
                    found = p
                    break
                }
            }
            guard let found else { return nil }
            chosen.append(found)
        }
        return chosen
    }

    /// The camera of a second view: moved sideways by `shift` and turned back towards the scene.
    static func shiftedCamera(_ shift: Float) -> Scene.Camera {
        var camera = SceneBuilder.camera
        camera.position.x += shift
        camera.yaw = -shift * 0.14
        return camera
    }

    /// The world point seen at pixel (x, y) of a rendering from `camera`.
    static func worldPoint(_ r: Rendering, camera: Scene.Camera, x: Int, y: Int) -> SIMD3<Float> {
        let ray = Raycaster.direction(camera, x: Float(x) + 0.5, y: Float(y) + 0.5, size: r.size)
        let depth = r.depth[y * r.size + x]
        return camera.position + ray * (depth / dot(ray, camera.forward))
    }
}
