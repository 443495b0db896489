internal import Wire

/// Forensic Detection (4 options, 4 images): four scenes; in one, an object was pasted in: a
/// flat cut-out that casts no shadow and has none of the scene's shading. Which image is fake?
enum ForensicDetectionTask {
    static func make(_ b: inout SceneBuilder, answer: Int) -> Question {
        var images: [RGBImage] = []
        for slot in 0..<4 {
            while true {
                var scene = b.scene(count: b.integer(2...4))
                guard !scene.objects.isEmpty else { continue }
                if slot == answer {
                    let pasted = b.integer(0...(scene.objects.count - 1))
                    scene.objects[pasted].castsShadow = false
                    scene.objects[pasted].flat = true
                }
                images.append(b.render(scene).image)
                break
            }
        }
        return Question(task: .forensicDetection, images: images, words: [.fake, .one, .two, .three, .four], optionWords: [1, 2, 3, 4],
                        prompt: "Which image was edited (an object pasted in: flat, unshaded, without a shadow)?",
                        options: (1...4).map { "image \($0)" }, answer: answer)
    }
}
