internal import Core
/// Visual Similarity (2 options, 3 images): a reference texture and two candidates; which is
/// more similar? The similar one has the reference's pattern and palette at another phase,
/// a little turned and scaled (so it cannot be matched pixel by pixel); the other a different
/// pattern that keeps one of the reference's two colours (a quarter of the time) or both (the
/// rest: then only the pattern tells them apart). No single image's statistics give the
/// answer: it takes comparing each candidate with the reference. (Keeping one colour always and
/// shifting the similar one by a tenth of a cycle, the small model learnt VS to 100 % in 3000
/// steps and pretraining left it at 98 %, with no room to gain from finetuning; keeping both
/// colours always, it stayed at chance for 3000 steps.)
enum VisualSimilarityTask {
    static func make(_ b: inout SceneBuilder, answer: Int) -> Question {
        let size = TaskGenerator.imageSize
        let reference = Pattern.random(&b)
        var similar = reference
        similar.phase = b.uniform(0...1)
        similar.angle += b.uniform(-0.25...0.25)
        similar.frequency *= b.uniform(0.87...1.15)
        var different = Pattern.random(&b)
        while !different.isDistinct(from: reference) { different = Pattern.random(&b) }
        // A quarter of the time one of the reference's colours, otherwise both (in either
        // order): then only the pattern tells the candidates apart.
        switch b.integer(0...7) {
        case 0: different.colourA = reference.colourA
        case 1: different.colourB = reference.colourB
        case 2, 3, 4: (different.colourA, different.colourB) = (reference.colourA, reference.colourB)
        default: (different.colourA, different.colourB) = (reference.colourB, reference.colourA)
        }
        let candidates = answer == 0 ? [similar, different] : [different, similar]
        return Question(task: .visualSimilarity, images: [reference.render(size: size)] + candidates.map { $0.render(size: size) },
                        words: [.similar, .two, .three], optionWords: [1, 2], prompt: "Which of the second and third images is more similar to the first?",
                        options: ["second image", "third image"], answer: answer)
    }
}
