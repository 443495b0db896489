internal import Core
internal import Glibc

/// Semantic Correspondence (4 options, 2 images): two creatures of one kind (one set of
/// markings, different size, proportions and pose, often facing the other way); a part of the
/// first is painted white; three parts of the second and a pebble on the ground are painted in
/// the four option colours; which is the part painted white on the first? The part has to be
/// found by what it is (a head with its eye, a tail, the front or back foot by the way the
/// creature faces, the back), as BLINK's keypoints on two different animals.
///
/// Why painted parts: rings (8 px across) or dots on the keypoints of a 32 px creature hid the
/// very parts they marked, and a dot's few pixels were too little colour for the small model
/// to bind an option word to (one dot alone: chance after 1,500 steps; one ring: 99 % at 600).
/// Why the pebble: matching parts across images is second order (neither image alone says
/// anything about the answer), and with four painted parts the small model stayed at chance
/// for 4,000 steps; an option that is visibly no part gives it a first foothold.
enum SemanticCorrespondenceTask {
    static let parts = ["head", "tail", "front foot", "back foot", "back"]
    /// The kind's markings (back, head, tail, front foot, back foot): olive, brown, charcoal,
    /// tan, slate; shaded per question, the same on both creatures.
    static let markings = [Palette.olive, Palette.brown, Palette.charcoal, Palette.tan, Palette.slate]

    static func make(_ b: inout SceneBuilder, answer: Int) -> Question {
        let size = TaskGenerator.imageSize
        let chosen = b.distinct(3, of: parts.count).map { parts[$0] }
        let options = PaintedParts(&b, asked: chosen[0], others: Array(chosen.dropFirst()), answer: answer)
        let markings = b.shaded(markings)
        var images: [RGBImage] = []
        for view in 0..<2 {
            let creature = makeCreature(&b, markings: markings)
            let placement = Glyph.Placement(x: Float(size) / 2 + b.uniform(-1...1), y: Float(size) / 2 + b.uniform(-2...0),
                                            scale: b.uniform(1.1...1.25), angle: b.uniform(-0.2...0.2), mirrored: b.integer(0...1) == 1)
            images.append(options.image(&b, view: view, creature, at: placement))
        }
        return options.question(.semanticCorrespondence, word: .semantic, images: images, answer: answer,
                                prompt: "Which coloured part of the second creature is the part painted white on the first?")
    }

    /// A four-legged creature facing +x: body (the back), head with an eye, tail, two legs,
    /// taking `markings` in that order.
    static func makeCreature(_ b: inout SceneBuilder, markings: [RGB]) -> Glyph {
        let (rx, ry) = (b.uniform(5.5...7.5), b.uniform(3.5...4.5))
        let legLength = b.uniform(4.5...6)
        let tailLift = b.uniform(3...6)
        var ellipse: [(Float, Float)] = []
        for k in 0..<16 {
            let t = Float(k) / 16 * 2 * .pi
            ellipse.append((rx * cosf(t), ry * sinf(t)))
        }
        let head = (rx + 2.5, -ry + 0.5)
        return Glyph(parts: [
            .init(name: "back", primitives: [.polygon(ellipse)], colour: markings[0]),
            .init(name: "head", primitives: [.disc(x: head.0, y: head.1, r: 3.2)], colour: markings[1]),
            .init(name: "eye", primitives: [.disc(x: head.0 + 1.2, y: head.1 - 0.7, r: 0.8)], colour: RGB(0.05, 0.05, 0.05)),
            .init(name: "tail", primitives: [.stroke(x0: -rx, y0: 0, x1: -rx - 5, y1: -tailLift, width: 2.4)], colour: markings[2]),
            .init(name: "front foot", primitives: [.stroke(x0: rx * 0.55, y0: ry * 0.6, x1: rx * 0.65, y1: ry + legLength, width: 2.4)],
                  colour: markings[3]),
            .init(name: "back foot", primitives: [.stroke(x0: -rx * 0.55, y0: ry * 0.6, x1: -rx * 0.65, y1: ry + legLength, width: 2.4)],
                  colour: markings[4]),
        ])
    }
}
