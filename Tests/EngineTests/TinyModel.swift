import Core
@testable import Engine

/// A model small enough for finite differences, with every feature in play: two images of
/// two patches each, padded image slots, padded question tokens, 2- to 4-option questions.
enum TinyModel {
    static var config: ModelConfig {
        var c = ModelConfig(width: 16, depth: 2, heads: 2)
        c.imageSize = 8
        c.patchSize = 4
        c.maxImages = 2
        c.maxQuestionTokens = 4
        c.vocabularySize = 10
        return c
    }

    static func input(batch: Int = 3, seed: UInt64 = 7, config c: ModelConfig = config) -> ModelInput {
        var random = RandomSource(seed: seed)
        let pixels = c.imageSize * c.imageSize * c.channels
        let images = (0..<(batch * c.maxImages * pixels)).map { _ in random.uniform() }
        var tokens: [Int32] = []
        var imageCounts: [Int] = [], optionCounts: [Int] = [], answers: [Int] = []
        for b in 0..<batch {
            let used = c.maxQuestionTokens - b % 2
            for j in 0..<c.maxQuestionTokens {
                tokens.append(j == 0 ? 1 : (j < used ? Int32(2 + (b * 3 + j) % (c.vocabularySize - 2)) : 0))
            }
            imageCounts.append(1 + b % c.maxImages)
            let options = 2 + b % (c.options - 1)
            optionCounts.append(options)
            answers.append((b * 5 + 1) % options)
        }
        // Option k is named by question slot 1 + k (wrapping into the used slots), so two options
        // of a question may share a token, as the scatter in backward allows.
        var positions: [Int] = []
        for b in 0..<batch {
            let used = c.maxQuestionTokens - b % 2
            positions += (0..<c.options).map { 1 + $0 % (used - 1) }
        }
        return ModelInput(batchSize: batch, images: images, imageCounts: imageCounts, tokens: tokens,
                          optionCounts: optionCounts, optionPositions: positions, answers: answers)
    }
}
