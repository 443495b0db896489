internal import Wire

/// Visual Similarity (2 options, 3 images): a reference texture and two candidates; which is
/// more similar? The similar one has the reference's pattern slightly shifted and turned (so
/// no pixel need match exactly); the other a different pattern in the same two colours, so
/// colour says nothing and only the pattern, compared place by place, tells them apart.
enum VisualSimilarityTask {
    static func make(_ b: inout SceneBuilder, answer: Int) -> Question {
        let size = TaskGenerator.imageSize
        let reference = Pattern.random(&b)
        var similar = reference
        similar.phase += b.uniform(-0.1...0.1)
        similar.angle += b.uniform(-0.08...0.08)
        var different = Pattern.random(&b)
        while !different.isDistinct(from: reference) { different = Pattern.random(&b) }
        different.colourA = reference.colourA
        different.colourB = reference.colourB
        let candidates = answer == 0 ? [similar, different] : [different, similar]
        return Question(task: .visualSimilarity, images: [reference.render(size: size)] + candidates.map { $0.render(size: size) },
                        words: [.similar, .two, .three], optionWords: [1, 2], prompt: "Which of the second and third images is more similar to the first?",
                        options: ["second image", "third image"], answer: answer)
    }
}
