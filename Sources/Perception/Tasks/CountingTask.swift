internal import Core
/// Counting (4 options, 1 image): "How many <shape>s are there?" with four candidate numbers.
/// Distractor objects of other shapes share the colours; every object is visible.
enum CountingTask {
    static func make(_ b: inout SceneBuilder, answer: Int) -> Question {
        while true {
            let target = b.pick(Scene.Shape.allCases)
            let count = b.integer(1...5)
            let others = Scene.Shape.allCases.filter { $0 != target }
            var scene = b.scene(count: count, shapes: [target])
            let extra = b.scene(count: count + b.integer(0...3), shapes: others).objects
            // Add distractors that do not overlap the counted objects.
            for object in extra where scene.objects.count < count + 3 {
                if scene.objects.allSatisfy({ o in
                    let dx = o.x - object.x, dz = o.z - object.z
                    return (dx * dx + dz * dz).squareRoot() > o.size + object.size + 0.25
                }) { scene.objects.append(object) }
            }
            guard scene.objects.filter({ $0.shape == target }).count == count else { continue }
            let r = b.maps(scene)  // shaded below, once the scene passes
            // Every object must show at least 6 pixels, so the count is what one sees.
            let visible = scene.objects.indices.allSatisfy { i in r.instance.filter { $0 == i }.count >= 6 }
            guard visible else { continue }
            var numbers = [count]
            while numbers.count < 4 {
                let n = b.integer(max(0, count - 3)...min(9, count + 3))
                if !numbers.contains(n) { numbers.append(n) }
            }
            // The true count sits at the answer's slot; the others in random order.
            var wrong = b.shuffled(Array(numbers.dropFirst()))
            var options: [Int] = []
            for slot in 0..<4 { options.append(slot == answer ? count : wrong.removeFirst()) }
            return Question(task: .counting, images: [b.image(scene)], words: [.count, target.word] + options.map(Word.number), optionWords: [2, 3, 4, 5],
                            prompt: "How many \(target.word)s are there?", options: options.map(String.init), answer: answer)
        }
    }
}
