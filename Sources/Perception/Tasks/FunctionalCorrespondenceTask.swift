internal import Glibc
internal import Core
/// Functional Correspondence (4 options, 2 images): two tools of different kinds (hammer,
/// knife, spoon, broom); the part of the first that does one job (the grip, the working end,
/// or the joint between them) is painted white; the three parts of the second and a pebble on
/// the ground are painted in the four option colours; which does the same job? Parts are in
/// their materials (wooden grips, steel working ends, black joints, shaded per question), so
/// a job can be told by its look as well as by its shape and place on a tool of another kind.
/// Painted parts and the pebble, for the reasons `SemanticCorrespondenceTask` gives (with
/// markers on points the small model never got past ruling out the one off the tool).
enum FunctionalCorrespondenceTask {
    static let functions = ["grip", "work", "joint"]
    /// Materials by function (grip, working end, joint): wood, steel, black rubber.
    static let materials = [Palette.brown, Palette.steel, Palette.charcoal]
    enum Tool: CaseIterable { case hammer, knife, spoon, broom }

    static func make(_ b: inout SceneBuilder, answer: Int) -> Question {
        let size = TaskGenerator.imageSize
        let kinds = b.distinct(2, of: Tool.allCases.count).map { Tool.allCases[$0] }
        let asked = b.pick(functions)
        let options = PaintedParts(&b, asked: asked, others: functions.filter { $0 != asked }, answer: answer)
        let shades = b.shaded(materials)
        var images: [RGBImage] = []
        for (view, kind) in kinds.enumerated() {
            let glyph = tool(kind, colours: (shades[0], shades[1], shades[2])).widened(by: 2)
            let placement = Glyph.Placement(x: Float(size) / 2 + b.uniform(-2...2), y: Float(size) / 2 + b.uniform(-1...1),
                                            scale: b.uniform(0.9...1.05), angle: b.uniform(-0.7...0.7), mirrored: b.integer(0...1) == 1)
            images.append(options.image(&b, view: view, glyph, at: placement))
        }
        return options.question(.functionalCorrespondence, word: .function, images: images, answer: answer,
                                prompt: "Which coloured part of the second object does the job of the part painted white on the first?")
    }

    /// A tool standing upright in local coordinates (y grows downwards), about 26 units tall.
    static func tool(_ kind: Tool, colours: (grip: RGB, work: RGB, joint: RGB)) -> Glyph {
        let (grip, work, joint) = colours
        switch kind {
        case .hammer:
            return Glyph(parts: [
                .init(name: "grip", primitives: [.polygon([(-1.2, 1), (1.2, 1), (1.2, 13), (-1.2, 13)])], colour: grip),
                .init(name: "joint", primitives: [.polygon([(-2, -1), (2, -1), (2, 1.5), (-2, 1.5)])], colour: joint),
                .init(name: "work", primitives: [.polygon([(-8, -5), (3, -5), (3, -1), (-8, -1)])], colour: work),
            ])
        case .knife:
            return Glyph(parts: [
                .init(name: "grip", primitives: [.polygon([(-1.6, 2), (1.6, 2), (1.6, 12), (-1.6, 12)])], colour: grip),
                .init(name: "joint", primitives: [.polygon([(-3.5, 0), (3.5, 0), (3.5, 2), (-3.5, 2)])], colour: joint),
                .init(name: "work", primitives: [.polygon([(-2, 0), (2, 0), (0.5, -14), (-1, -12)])], colour: work),
            ])
        case .spoon:
            var bowl: [(Float, Float)] = []
            for k in 0..<14 {
                let t = Float(k) / 14 * 2 * .pi
                bowl.append((3.8 * cosf(t), -7 + 5 * sinf(t)))
            }
            return Glyph(parts: [
                .init(name: "grip", primitives: [.polygon([(-1, 1), (1, 1), (1.4, 13), (-1.4, 13)])], colour: grip),
                .init(name: "joint", primitives: [.polygon([(-0.8, -2), (0.8, -2), (1, 1.5), (-1, 1.5)])], colour: joint),
                .init(name: "work", primitives: [.polygon(bowl)], colour: work),
            ])
        case .broom:
            return Glyph(parts: [
                .init(name: "grip", primitives: [.polygon([(-0.9, -14), (0.9, -14), (0.9, 2), (-0.9, 2)])], colour: grip),
                .init(name: "joint", primitives: [.polygon([(-2.5, 2), (2.5, 2), (2.5, 4.5), (-2.5, 4.5)])], colour: joint),
                .init(name: "work", primitives: [.polygon([(-2.5, 4.5), (2.5, 4.5), (6, 12), (-6, 12)])], colour: work),
            ])
        }
    }
}
