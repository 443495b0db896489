internal import Core

extension ModelInput {
    /// A batch of random questions that fits `config`: random pixels, 1 to maxImages images,
    /// a few tokens, 2 to 4 options. For benchmarks and tests; the same seed gives the same batch.
    public static func random(config c: ModelConfig, batchSize: Int, seed: UInt64) -> ModelInput {
        var random = RandomSource(seed: seed)
        let pixels = c.imageSize * c.imageSize * c.channels
        let images = (0..<(batchSize * c.maxImages * pixels)).map { _ in random.uniform() }
        var tokens: [Int32] = [], imageCounts: [Int] = [], optionCounts: [Int] = [], answers: [Int] = []
        for _ in 0..<batchSize {
            // At least the answer token and one token per option.
            let used = min(c.maxQuestionTokens, c.options + 1 + Int(random.next() % UInt64(max(c.maxQuestionTokens - c.options, 1))))
            for j in 0..<c.maxQuestionTokens {
                tokens.append(j == 0 ? 1 : (j < used ? Int32(1 + random.next() % UInt64(c.vocabularySize - 1)) : 0))
            }
            imageCounts.append(1 + Int(random.next() % UInt64(c.maxImages)))
            let options = 2 + Int(random.next() % UInt64(c.options - 1))
            optionCounts.append(options)
            answers.append(Int(random.next() % UInt64(options)))
        }
        // Options named by the question's tokens 1, 2, 3, 4.
        let positions = (0..<batchSize).flatMap { _ in (1...c.options).map { $0 } }
        return ModelInput(batchSize: batchSize, images: images, imageCounts: imageCounts, tokens: tokens,
                          optionCounts: optionCounts, optionPositions: positions, answers: answers)
    }
}
