internal import Wire

/// Visual Similarity (2 options, 3 images): a reference texture and two candidates; which is
/// more similar? The similar one has the reference's pattern and palette, slightly shifted and
/// turned (so no pixel need match exactly); the other a different pattern that keeps one of
/// the reference's two colours. Which colour is kept, and how the candidates' mean colours sit
/// next to the reference's, varies, so no single image's statistics give the answer: it takes
/// comparing each candidate with the reference.
enum VisualSimilarityTask {
    static func make(_ b: inout SceneBuilder, answer: Int) -> Question {
        let size = TaskGenerator.imageSize
        let reference = Pattern.random(&b)
        var similar = reference
        similar.phase += b.uniform(-0.1...0.1)
        similar.angle += b.uniform(-0.08...0.08)
        var different = Pattern.random(&b)
        while !different.isDistinct(from: reference) { different = Pattern.random(&b) }
        if b.integer(0...1) == 0 { different.colourA = reference.colourA } else { different.colourB = reference.colourB }
        let candidates = answer == 0 ? [similar, different] : [different, similar]
        return Question(task: .visualSimilarity, images: [reference.render(size: size)] + candidates.map { $0.render(size: size) },
                        words: [.similar, .two, .three], optionWords: [1, 2], prompt: "Which of the second and third images is more similar to the first?",
                        options: ["second image", "third image"], answer: answer)
    }
}
