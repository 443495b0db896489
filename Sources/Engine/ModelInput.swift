/// One batch of multiple-choice questions, as the model reads them.
///
/// Layout: `images` holds `batchSize x maxImages` images of `imageSize x imageSize x channels`
/// floats (row-major, channels last, values in [0, 1]); slots past an example's `imageCounts`
/// are ignored. `tokens` holds `batchSize x maxQuestionTokens` token ids; 0 is padding, and the
/// first slot of every question is the answer (CLS) token, never 0. `optionPositions` holds
/// `batchSize x options` question-token slots: where each option is named (its colour word,
/// number, ...); entries past a question's option count are ignored. `answers` are option indices.
public struct ModelInput: Sendable {
    public var batchSize: Int
    public var images: [Float]
    public var imageCounts: [Int]
    public var tokens: [Int32]
    public var optionCounts: [Int]
    public var optionPositions: [Int]
    public var answers: [Int]

    public init(batchSize: Int, images: [Float], imageCounts: [Int], tokens: [Int32], optionCounts: [Int],
                optionPositions: [Int], answers: [Int]) {
        self.batchSize = batchSize
        self.images = images
        self.imageCounts = imageCounts
        self.tokens = tokens
        self.optionCounts = optionCounts
        self.optionPositions = optionPositions
        self.answers = answers
    }

    /// Checks every count and index against the model's shape.
    public func validate(for config: ModelConfig) throws(EngineError) {
        let pixels = config.imageSize * config.imageSize * config.channels
        func fail(_ text: String) -> EngineError { EngineError(.invalidInput, text) }
        guard batchSize >= 1 else { throw fail("batch size must be at least 1, got \(batchSize)") }
        guard images.count == batchSize * config.maxImages * pixels else {
            throw fail("images hold \(images.count) floats, expected \(batchSize) x \(config.maxImages) x \(pixels)")
        }
        guard tokens.count == batchSize * config.maxQuestionTokens else {
            throw fail("tokens hold \(tokens.count) ids, expected \(batchSize) x \(config.maxQuestionTokens)")
        }
        guard imageCounts.count == batchSize, optionCounts.count == batchSize, answers.count == batchSize else {
            throw fail("imageCounts, optionCounts and answers need \(batchSize) entries each")
        }
        guard optionPositions.count == batchSize * config.options else {
            throw fail("optionPositions holds \(optionPositions.count) slots, expected \(batchSize) x \(config.options)")
        }
        for b in 0..<batchSize {
            guard (1...config.maxImages).contains(imageCounts[b]) else {
                throw fail("example \(b) has \(imageCounts[b]) images, the model takes 1...\(config.maxImages)")
            }
            guard (2...config.options).contains(optionCounts[b]) else {
                throw fail("example \(b) has \(optionCounts[b]) options, the model scores 2...\(config.options)")
            }
            guard (0..<optionCounts[b]).contains(answers[b]) else {
                throw fail("example \(b) answer \(answers[b]) is not one of its \(optionCounts[b]) options")
            }
            guard tokens[b * config.maxQuestionTokens] != 0 else {
                throw fail("example \(b) starts with padding; the first token must be the answer token")
            }
            for option in 0..<optionCounts[b] {
                let slot = optionPositions[b * config.options + option]
                guard (0..<config.maxQuestionTokens).contains(slot), tokens[b * config.maxQuestionTokens + slot] != 0 else {
                    throw fail("example \(b) option \(option) points at question slot \(slot), which holds no token")
                }
            }
        }
        if let bad = tokens.first(where: { $0 < 0 || Int($0) >= config.vocabularySize }) {
            throw fail("token \(bad) is outside the vocabulary 0..<\(config.vocabularySize)")
        }
    }
}
