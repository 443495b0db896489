internal import Core
/// The options of a correspondence question on painted parts (Semantic and Functional
/// Correspondence): which part of the second drawing each option slot paints in its colour, or
/// the pebble (nil) that lies on no part and is never right; and the two images, the first with
/// the asked part painted white.
struct PaintedParts {
    let asked: String
    /// Per option slot, A first: the part painted in its colour, or nil for the pebble.
    let slots: [String?]
    let colours: [(Word, RGB)]

    /// The asked part at the answer's slot; `others` and the pebble shuffled into the rest.
    init(_ b: inout SceneBuilder, asked: String, others: [String], answer: Int) {
        var rest: [String?] = b.shuffled(others.map { Optional($0) } + [nil])
        self.asked = asked
        slots = (0..<(others.count + 2)).map { $0 == answer ? asked : rest.removeFirst() }
        colours = b.markerColours(slots.count, fixed: true)
    }

    /// The paint of image `view`: on the first the asked part white, on the second each
    /// option's part in the option's colour.
    func paint(view: Int) -> [String: RGB] {
        guard view == 1 else { return [asked: RGB(1, 1, 1)] }
        var paint: [String: RGB] = [:]
        for (slot, part) in slots.enumerated() { if let part { paint[part] = colours[slot].1 } }
        return paint
    }

    /// Image `view`: `glyph`, painted for the view, on a plain background drawn here; on the
    /// second image the pebble too.
    func image(_ b: inout SceneBuilder, view: Int, _ glyph: Glyph, at placement: Glyph.Placement) -> RGBImage {
        let background = RGB(b.uniform(0.75...1), b.uniform(0.75...1), b.uniform(0.75...1))
        var image = RGBImage(size: TaskGenerator.imageSize, fill: background)
        glyph.painted(paint(view: view)).draw(on: &image, at: placement)
        if view == 1, let pebble = slots.firstIndex(where: { $0 == nil }) {
            Self.placePebble(&b, on: &image, background: background, colour: colours[pebble].1)
        }
        return image
    }

    /// The question: the task's word, then the option colours, each option scored at its colour.
    func question(_ task: PerceptionTask, word: Word, images: [RGBImage], answer: Int, prompt: String) -> Question {
        Question(task: task, images: images, words: [word] + colours.map(\.0), optionWords: Array(1...colours.count),
                 prompt: prompt, options: colours.map(\.0.description), answer: answer)
    }

    /// A pebble (a disc of `colour`) on a clear spot of the background. It gives the small model
    /// a first foothold (this option is never right, seen from the second image alone): without
    /// it, Semantic Correspondence stayed at chance for 4,000 steps, with it 58 % after 3,000.
    static func placePebble(_ b: inout SceneBuilder, on image: inout RGBImage, background: RGB, colour: RGB, radius: Float = 2.4) {
        let reach = Int(radius.rounded(.up)) + 1
        var spot = (x: 5, y: 5)
        for _ in 0..<300 {
            spot = (b.integer(reach...(image.size - 1 - reach)), b.integer(reach...(image.size - 1 - reach)))
            let clear = (-reach...reach).allSatisfy { dy in
                (-reach...reach).allSatisfy { dx in image[spot.x + dx, spot.y + dy] == background }
            }
            if clear { break }
        }
        image.fillDisc(cx: Float(spot.x) + 0.5, cy: Float(spot.y) + 0.5, radius: radius, colour)
    }
}
