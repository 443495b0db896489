internal import Wire

/// Forensic Detection (4 options, 4 images): four scenes; in one, an object was pasted in: a
/// flat cut-out that casts no shadow and has none of the scene's shading. Which image is fake?
/// Scenes hold one or two objects and the pasted one is the nearest, so that the edit is
/// more than a few pixels (with two to four objects and any of them pasted, the small model
/// reached 33.6 % after 3000 steps alone).
enum ForensicDetectionTask {
    static func make(_ b: inout SceneBuilder, answer: Int) -> Question {
        var images: [RGBImage] = []
        for slot in 0..<4 {
            while true {
                var scene = b.scene(count: b.integer(1...2))
                guard !scene.objects.isEmpty else { continue }
                if slot == answer {
                    // The nearest object, the largest in view: far ones are a few pixels.
                    let pasted = scene.objects.indices.min { scene.objects[$0].z < scene.objects[$1].z }!
                    scene.objects[pasted].castsShadow = false
                    scene.objects[pasted].flat = true
                }
                images.append(b.image(scene))
                break
            }
        }
        return Question(task: .forensicDetection, images: images, words: [.fake, .one, .two, .three, .four], optionWords: [1, 2, 3, 4],
                        prompt: "Which image was edited (an object pasted in: flat, unshaded, without a shadow)?",
                        options: (1...4).map { "image \($0)" }, answer: answer)
    }
}
