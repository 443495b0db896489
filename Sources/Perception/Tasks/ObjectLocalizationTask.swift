internal import Wire

/// Object Localization (2 options, 1 image): two coloured boxes; which one bounds the named
/// object? The other box bounds another object, or is the right box shifted.
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
                boxes[i] != nil && scene.objects.filter { $0.colour == scene.objects[i].colour && $0.shape == scene.objects[i].shape }.count == 1
            }
            guard !candidates.isEmpty else { continue }
            let target = b.pick(candidates)
            guard let right = boxes[target] else { continue }
            var wrong: PixelBox
            let others = scene.objects.indices.compactMap { $0 != target ? boxes[$0] : nil }
            if !others.isEmpty && b.integer(0...1) == 0 {
                wrong = b.pick(others)
            } else {
                let dx = b.integer(3...6) * (b.integer(0...1) == 0 ? -1 : 1), dy = b.integer(-3...3)
                wrong = right.offset(dx: dx, dy: dy).clamped(to: r.size)
            }
            guard wrong != right, abs(wrong.x0 - right.x0) + abs(wrong.y0 - right.y0) + abs(wrong.x1 - right.x1) + abs(wrong.y1 - right.y1) >= 4 else { continue }
            let colours = b.markerColours(2)
            var image = r.image
            let ordered = answer == 0 ? [right, wrong] : [wrong, right]
            for (box, colour) in zip(ordered, colours) { Markers.box(&image, box, colour.1) }
            let object = scene.objects[target]
            return Question(task: .objectLocalization, images: [image],
                            words: [.box, object.colour, object.shape.word] + colours.map(\.0), optionWords: [3, 4],
                            prompt: "Which box bounds the \(object.colour) \(object.shape.word)?",
                            options: colours.map { "\($0.0) box" }, answer: answer)
        }
    }
}
