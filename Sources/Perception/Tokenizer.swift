public import Engine

/// Turns questions into the engine's input: the answer token, the question's word tokens and
/// padding; images into their slots.
public enum Tokenizer {
    /// The token ids of a question: the answer token first, then its words, padded with 0.
    public static func tokens(_ question: Question, length: Int) -> [Int32] {
        let ids = [Word.answerToken] + question.words.map(\.token)
        precondition(ids.count <= length, "\(question.task) question has \(ids.count) tokens, the model takes \(length)")
        return ids + [Int32](repeating: Word.paddingToken, count: length - ids.count)
    }

    /// One training batch as parts of equal image count (in order of count), so that each part's
    /// sequence holds only the image slots its questions use; `Trainer.step(parts:)` takes them
    /// as one batch.
    public static func parts(_ questions: [Question], config: ModelConfig) -> [ModelInput] {
        Dictionary(grouping: questions, by: \.images.count).sorted { $0.key < $1.key }.map { batch($0.value, config: config) }
    }

    /// A batch for `config`: each question's images in the first of its `maxImages` slots.
    public static func batch(_ questions: [Question], config: ModelConfig) -> ModelInput {
        precondition(Word.vocabularySize <= config.vocabularySize, "the tasks' \(Word.vocabularySize) tokens exceed the model's vocabulary")
        let pixels = config.imageSize * config.imageSize * config.channels
        var images = [Float](repeating: 0, count: questions.count * config.maxImages * pixels)
        var tokens: [Int32] = []
        tokens.reserveCapacity(questions.count * config.maxQuestionTokens)
        for (q, question) in questions.enumerated() {
            precondition(question.images.count <= config.maxImages, "\(question.task) has more images than the model takes")
            for (slot, image) in question.images.enumerated() {
                precondition(image.size == config.imageSize, "image of \(image.size) px, the model takes \(config.imageSize)")
                let start = (q * config.maxImages + slot) * pixels
                images.replaceSubrange(start..<(start + pixels), with: image.pixels)
            }
            tokens += Self.tokens(question, length: config.maxQuestionTokens)
        }
        // Each option's slot: its word's index plus one (the answer token comes first).
        let positions = questions.flatMap { q in (0..<config.options).map { k in k < q.optionWords.count ? q.optionWords[k] + 1 : 0 } }
        return ModelInput(batchSize: questions.count, images: images, imageCounts: questions.map(\.images.count),
                          tokens: tokens, optionCounts: questions.map(\.options.count), optionPositions: positions,
                          answers: questions.map(\.answer))
    }
}
