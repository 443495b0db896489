internal import Core
/// Object Localization (2 options, 1 image): two coloured boxes near the object of the named
/// colour; which one bounds it? One box is drawn tight around what is visible of the object,
/// the other is the same box moved 4 to 7 pixels sideways, as BLINK pairs a right box with a
/// misplaced one. Colours are unique in the scene. Sideways only: objects stand in a narrow
/// band of rows, so a box moved up or down sits where right boxes seldom are, and a linear
/// probe on 4 x 4 pixels answered 65 % from that (sideways: 48 %). (Two boxes around two
/// different objects, the older design, kept the small model at chance for 6000 steps: it
/// has to match the named colour to what is inside each box; here each box's fit is seen
/// where the box is.) Moves of 3 to 5 pixels: 62.4 % after 3000 steps alone; 4 to 7: 79.4 %.
enum ObjectLocalizationTask {
    static func make(_ b: inout SceneBuilder, answer: Int) -> Question {
        let size = TaskGenerator.imageSize
        while true {
            let scene = b.scene(count: b.integer(1...4))
            let r = b.maps(scene)  // shaded below, once the scene passes
            let candidates = scene.objects.indices.filter { i in
                scene.objects.filter { $0.colour == scene.objects[i].colour }.count == 1
            }
            guard !candidates.isEmpty else { continue }
            let target = b.pick(candidates)
            let pixels = b.pixels(r, margin: 0) { $0 == target }
            guard pixels.count >= 12 else { continue }
            let right = PixelBox(x0: pixels.map(\.x).min()! - 1, y0: pixels.map(\.y).min()! - 1,
                                 x1: pixels.map(\.x).max()! + 1, y1: pixels.map(\.y).max()! + 1)
            let amount = b.integer(4...7)
            let wrong = right.offset(dx: b.pick([-amount, amount]), dy: b.integer(-1...1))
            guard right.x0 >= 1, right.y0 >= 1, right.x1 <= size - 2, right.y1 <= size - 2,
                  wrong.x0 >= 1, wrong.y0 >= 1, wrong.x1 <= size - 2, wrong.y1 <= size - 2 else { continue }
            let colours = b.markerColours(2, fixed: true)
            var image = b.image(scene)
            let ordered = answer == 0 ? [right, wrong] : [wrong, right]
            // Drawn in a random order: the box on top hides part of the other.
            for k in b.shuffled([0, 1]) { Markers.box(&image, ordered[k], colours[k].1) }
            let object = scene.objects[target]
            return Question(task: .objectLocalization, images: [image], words: [.box, object.colour] + colours.map(\.0), optionWords: [2, 3],
                            prompt: "Which box bounds the \(object.colour) object?",
                            options: colours.map { "\($0.0) box" }, answer: answer)
        }
    }
}
