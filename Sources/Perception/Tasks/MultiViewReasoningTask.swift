internal import Core
/// Multi-view Reasoning (2 options, 2 images): two views of one scene; did the camera move
/// left or right from the first to the second? The camera slides sideways without turning, so
/// the whole scene shifts the other way, nearer objects more. The option order of the two words
/// is shuffled. (With the camera also turning towards the scene, as in Visual Correspondence,
/// only parallax told the direction, and the small model stayed near chance.)
enum MultiViewReasoningTask {
    static func make(_ b: inout SceneBuilder, answer: Int) -> Question {
        let scene = b.scene(count: b.integer(2...5))
        let start = b.uniform(-0.5...0.5)
        let step = b.uniform(0.8...1.4)
        let options: [Word] = b.shuffled([.left, .right])
        let movesRight = options[answer] == .right
        var first = SceneBuilder.camera, second = SceneBuilder.camera
        first.position.x += start
        second.position.x += start + (movesRight ? step : -step)
        let images = [b.image(scene, camera: first), b.image(scene, camera: second)]
        return Question(task: .multiViewReasoning, images: images, words: [.camera] + options, optionWords: [1, 2],
                        prompt: "From the first image to the second, did the camera move left or right?",
                        options: options.map(\.description), answer: answer)
    }
}
