internal import Wire
internal import Glibc

/// Semantic Correspondence (4 options, 2 images): two creatures of one kind and markings (each
/// part its own colour from the object palette, drawn per question; different size, proportions, pose, and often
/// facing the other way); a part is marked on the first; which of four marked parts of the
/// second is the same part? (With parts told apart only by shades of one colour, the small
/// model stayed at chance after 3000 steps.)
enum SemanticCorrespondenceTask {
    static let parts = ["head", "tail", "front foot", "back foot", "back"]

    static func make(_ b: inout SceneBuilder, answer: Int) -> Question {
        let size = TaskGenerator.imageSize
        let chosen = b.distinct(4, of: parts.count).map { parts[$0] }
        let asked = chosen[answer]
        var images: [RGBImage] = []
        var points: [[(Float, Float)]] = []
        let markings = b.partColours(5)
        for view in 0..<2 {
            let creature = makeCreature(&b, markings: markings)
            let placement = Glyph.Placement(x: Float(size) / 2 + b.uniform(-2...2), y: Float(size) / 2 + b.uniform(-1...2),
                                            scale: b.uniform(1.3...1.5), angle: b.uniform(-0.25...0.25), mirrored: b.integer(0...1) == 1)
            var image = RGBImage(size: size, fill: RGB(b.uniform(0.75...1), b.uniform(0.75...1), b.uniform(0.75...1)))
            creature.draw(on: &image, at: placement)
            let names = view == 0 ? [asked] : chosen
            points.append(names.compactMap { creature.keypoint($0, at: placement) })
            images.append(image)
        }
        let colours = b.markerColours(4, fixed: true)
        Markers.ring(&images[0], x: points[0][0].0, y: points[0][0].1, RGB(1, 1, 1), radius: Markers.smallRingRadius)
        for (p, colour) in zip(points[1], colours) { Markers.ring(&images[1], x: p.0, y: p.1, colour.1, radius: Markers.smallRingRadius) }
        return Question(task: .semanticCorrespondence, images: images, words: [.semantic] + colours.map(\.0), optionWords: [1, 2, 3, 4],
                        prompt: "Which marked part of the second creature is the part marked white on the first?",
                        options: colours.map(\.0.description), answer: answer)
    }

    /// A four-legged creature facing +x: body, head with an eye, tail, two legs.
    /// A creature whose back, head, tail, front foot and back foot take `markings` in that order.
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
            .init(name: "back", primitives: [.polygon(ellipse)], colour: markings[0], keypoint: (-1, -ry + 1.5)),
            .init(name: "head", primitives: [.disc(x: head.0, y: head.1, r: 3.2)], colour: markings[1], keypoint: head),
            .init(name: "eye", primitives: [.disc(x: head.0 + 1.2, y: head.1 - 0.7, r: 0.8)], colour: RGB(1, 1, 1), keypoint: (head.0 + 1.2, head.1 - 0.7)),
            .init(name: "tail", primitives: [.stroke(x0: -rx, y0: 0, x1: -rx - 5, y1: -tailLift, width: 2.4)], colour: markings[2],
                  keypoint: (-rx - 5, -tailLift)),
            .init(name: "front foot", primitives: [.stroke(x0: rx * 0.55, y0: ry * 0.6, x1: rx * 0.65, y1: ry + legLength, width: 2.4)],
                  colour: markings[3], keypoint: (rx * 0.65, ry + legLength)),
            .init(name: "back foot", primitives: [.stroke(x0: -rx * 0.55, y0: ry * 0.6, x1: -rx * 0.65, y1: ry + legLength, width: 2.4)],
                  colour: markings[4], keypoint: (-rx * 0.65, ry + legLength)),
        ])
    }
}
