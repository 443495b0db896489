internal import Glibc
internal import Wire

/// Functional Correspondence (4 options, 2 images): two tools of different kinds (hammer,
/// knife, spoon, broom); a part is marked on the first by what it does (the grip, the working
/// end, or the joint between them); which of four marked points on the second does the same?
/// Part colours are drawn per question and shared by the two tools (a grip looks like a grip,
/// as in the catalogue pictures of one brand), so the part can be found again by its look,
/// while the tools' shapes, sizes and poses differ.
enum FunctionalCorrespondenceTask {
    static let functions = ["grip", "work", "joint"]
    enum Tool: CaseIterable { case hammer, knife, spoon, broom }

    static func make(_ b: inout SceneBuilder, answer: Int) -> Question {
        let size = TaskGenerator.imageSize
        let kinds = b.distinct(2, of: Tool.allCases.count).map { Tool.allCases[$0] }
        let asked = b.pick(functions)
        var images: [RGBImage] = []
        var placements: [Glyph.Placement] = []
        var glyphs: [Glyph] = []
        let partColours = b.partColours(3)
        let palette = (partColours[0], partColours[1], partColours[2])
        for kind in kinds {
            let glyph = tool(kind, colours: palette).widened(by: 2)
            let placement = Glyph.Placement(x: Float(size) / 2 + b.uniform(-2...2), y: Float(size) / 2 + b.uniform(-1...1),
                                            scale: b.uniform(0.85...1.0), angle: b.uniform(-0.7...0.7), mirrored: b.integer(0...1) == 1)
            var image = RGBImage(size: size, fill: RGB(b.uniform(0.75...1), b.uniform(0.75...1), b.uniform(0.75...1)))
            glyph.draw(on: &image, at: placement)
            images.append(image)
            placements.append(placement)
            glyphs.append(glyph)
        }
        // Second image: the three functional parts and one background point, the asked part
        // at the answer's slot.
        let parts = functions.compactMap { glyphs[1].keypoint($0, at: placements[1]) }
        var background: (Float, Float) = (4, 4)
        for _ in 0..<200 {
            let p = (b.uniform(4...Float(size - 4)), b.uniform(4...Float(size - 4)))
            if parts.allSatisfy({ hypot($0, p) >= 7 }) { background = p; break }
        }
        var others = b.shuffled(functions.filter { $0 != asked }.compactMap { glyphs[1].keypoint($0, at: placements[1]) } + [background])
        var points: [(Float, Float)] = []
        for slot in 0..<4 {
            points.append(slot == answer ? glyphs[1].keypoint(asked, at: placements[1]) ?? background : others.removeFirst())
        }
        let colours = b.markerColours(4, fixed: true)
        if let source = glyphs[0].keypoint(asked, at: placements[0]) {
            Markers.ring(&images[0], x: source.0, y: source.1, RGB(1, 1, 1), radius: Markers.smallRingRadius)
        }
        for (p, colour) in zip(points, colours) { Markers.ring(&images[1], x: p.0, y: p.1, colour.1, radius: Markers.smallRingRadius) }
        return Question(task: .functionalCorrespondence, images: images, words: [.function] + colours.map(\.0), optionWords: [1, 2, 3, 4],
                        prompt: "Which marked point of the second tool does the job of the part marked white on the first?",
                        options: colours.map(\.0.description), answer: answer)
    }

    static func hypot(_ a: (Float, Float), _ b: (Float, Float)) -> Float {
        ((a.0 - b.0) * (a.0 - b.0) + (a.1 - b.1) * (a.1 - b.1)).squareRoot()
    }

    /// A tool standing upright in local coordinates (y grows downwards), about 26 units tall.
    static func tool(_ kind: Tool, colours: (grip: RGB, work: RGB, joint: RGB)) -> Glyph {
        let (grip, work, joint) = colours
        switch kind {
        case .hammer:
            return Glyph(parts: [
                .init(name: "grip", primitives: [.polygon([(-1.2, 1), (1.2, 1), (1.2, 13), (-1.2, 13)])], colour: grip, keypoint: (0, 8)),
                .init(name: "joint", primitives: [.polygon([(-2, -1), (2, -1), (2, 1.5), (-2, 1.5)])], colour: joint, keypoint: (0, 0)),
                .init(name: "work", primitives: [.polygon([(-8, -5), (3, -5), (3, -1), (-8, -1)])], colour: work, keypoint: (-6.5, -3)),
            ])
        case .knife:
            return Glyph(parts: [
                .init(name: "grip", primitives: [.polygon([(-1.6, 2), (1.6, 2), (1.6, 12), (-1.6, 12)])], colour: grip, keypoint: (0, 8)),
                .init(name: "joint", primitives: [.polygon([(-3.5, 0), (3.5, 0), (3.5, 2), (-3.5, 2)])], colour: joint, keypoint: (0, 1)),
                .init(name: "work", primitives: [.polygon([(-2, 0), (2, 0), (0.5, -14), (-1, -12)])], colour: work, keypoint: (0, -7)),
            ])
        case .spoon:
            var bowl: [(Float, Float)] = []
            for k in 0..<14 {
                let t = Float(k) / 14 * 2 * .pi
                bowl.append((3.8 * cosf(t), -7 + 5 * sinf(t)))
            }
            return Glyph(parts: [
                .init(name: "grip", primitives: [.polygon([(-1, 1), (1, 1), (1.4, 13), (-1.4, 13)])], colour: grip, keypoint: (0, 8)),
                .init(name: "joint", primitives: [.polygon([(-0.8, -2), (0.8, -2), (1, 1.5), (-1, 1.5)])], colour: joint, keypoint: (0, -0.5)),
                .init(name: "work", primitives: [.polygon(bowl)], colour: work, keypoint: (0, -7.5)),
            ])
        case .broom:
            return Glyph(parts: [
                .init(name: "grip", primitives: [.polygon([(-0.9, -14), (0.9, -14), (0.9, 2), (-0.9, 2)])], colour: grip, keypoint: (0, -8)),
                .init(name: "joint", primitives: [.polygon([(-2.5, 2), (2.5, 2), (2.5, 4.5), (-2.5, 4.5)])], colour: joint, keypoint: (0, 3.2)),
                .init(name: "work", primitives: [.polygon([(-2.5, 4.5), (2.5, 4.5), (6, 12), (-6, 12)])], colour: work, keypoint: (0, 9.5)),
            ])
        }
    }
}
