internal import Wire

/// Object Localization (2 options, 1 image): two coloured boxes, each around an object; which
/// one bounds the object of the named colour? Colours are unique in the scene, and boxes are
/// drawn tight around what is visible of each object. (Naming the object by colour and shape,
/// with shifted boxes as distractors, kept the small model at chance after 3000 steps.)
enum ObjectLocalizationTask {
    static func make(_ b: inout SceneBuilder, answer: Int) -> Question {
        while true {
            let scene = b.scene(count: b.integer(2...4))
            let r = b.render(scene)
            let boxes: [PixelBox?] = scene.objects.indices.map { i in
                let pixels = b.pixels(r, margin: 0) { $0 == i }
                guard pixels.count >= 9 else { return nil }
                return PixelBox(x0: pixels.map(\.x).min()! - 1, y0: pixels.map(\.y).min()! - 1,
                                x1: pixels.map(\.x).max()! + 1, y1: pixels.map(\.y).max()! + 1).clamped(to: r.size)
            }
            let candidates = scene.objects.indices.filter { i in
                boxes[i] != nil && scene.objects.filter { $0.colour == scene.objects[i].colour }.count == 1
            }
            guard candidates.count >= 2 else { continue }
            let pair = b.distinct(2, of: candidates.count).map { candidates[$0] }
            guard let right = boxes[pair[0]], let wrong = boxes[pair[1]], right != wrong else { continue }
            let colours = b.markerColours(2, fixed: true)
            var image = r.image
            let ordered = answer == 0 ? [right, wrong] : [wrong, right]
            for (box, colour) in zip(ordered, colours) { Markers.box(&image, box, colour.1) }
            let object = scene.objects[pair[0]]
            return Question(task: .objectLocalization, images: [image], words: [.box, object.colour] + colours.map(\.0), optionWords: [2, 3],
                            prompt: "Which box bounds the \(object.colour) object?",
                            options: colours.map { "\($0.0) box" }, answer: answer)
        }
    }
}
