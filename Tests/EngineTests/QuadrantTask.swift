import Core
@testable import Engine

/// A simple visual question task for the learning tests: a coloured square sits in one of
/// the four quadrants of a noisy image. "Where is the square?" has four options (the
/// quadrants); "What colour is it?" has two (red or green). Cues are decorrelated: position
/// inside the quadrant, noise and brightness vary.
enum QuadrantTask {
    enum Question { case quadrant, colour }

    /// The small model's width and depth on 16 x 16 single images: 16 patches + 6 question
    /// tokens, so a training step takes milliseconds.
    static var config: ModelConfig {
        var c = ModelConfig.small
        c.imageSize = 16
        c.patchSize = 4
        c.maxImages = 1
        c.maxQuestionTokens = 6
        return c
    }

    static func batch(_ question: Question, size: Int, seed: UInt64, config c: ModelConfig) -> ModelInput {
        var random = RandomSource(seed: seed)
        let (side, channels) = (c.imageSize, c.channels)
        let pixels = side * side * channels
        var images = [Float](repeating: 0, count: size * c.maxImages * pixels)
        var tokens: [Int32] = [], answers: [Int] = [], options: [Int] = []
        for b in 0..<size {
            let quadrant = Int(random.next() % 4)
            let green = random.next() % 2 == 1
            let base = b * c.maxImages * pixels
            for i in 0..<pixels { images[base + i] = 0.3 * random.uniform() }
            // A square anywhere inside its quadrant, usually across patch borders.
            let square = c.patchSize
            let originY = (quadrant / 2) * side / 2 + Int(random.next() % UInt64(side / 2 - square + 1))
            let originX = (quadrant % 2) * side / 2 + Int(random.next() % UInt64(side / 2 - square + 1))
            let brightness = 0.6 + 0.4 * random.uniform()
            for y in originY..<(originY + square) {
                for x in originX..<(originX + square) {
                    let pixel = base + (y * side + x) * channels
                    images[pixel] = green ? 0.1 : brightness
                    images[pixel + 1] = green ? brightness : 0.1
                    images[pixel + 2] = 0.1
                }
            }
            // The question word, then one word per option (the options are named by slots 2...).
            let questionToken: Int32 = question == .quadrant ? 2 : 3
            let optionWords: [Int32] = question == .quadrant ? [4, 5, 6, 7] : [8, 9]
            tokens += [1, questionToken] + optionWords + [Int32](repeating: 0, count: c.maxQuestionTokens - 2 - optionWords.count)
            answers.append(question == .quadrant ? quadrant : (green ? 1 : 0))
            options.append(question == .quadrant ? 4 : 2)
        }
        // Options are named by question slots 2, 3, 4, 5 (a colour question uses the first two).
        let positions = (0..<size).flatMap { _ in [2, 3, 4, 5] }
        return ModelInput(batchSize: size, images: images, imageCounts: [Int](repeating: 1, count: size),
                          tokens: tokens, optionCounts: options, optionPositions: positions, answers: answers)
    }

    static func accuracy(_ model: VisionLanguageModel, _ question: Question, seed: UInt64) throws -> Double {
        let result = try model.forward(batch(question, size: 256, seed: seed, config: model.config))
        return Double(result.correct.filter { $0 }.count) / 256
    }
}
