import Testing
@testable import Engine

/// A batch's sequence holds only the image and question slots it uses; the slots left out are
/// padding, so no result may change, and a batch split by layout must give the gradient of the
/// whole batch.
@Suite struct SequenceLayoutTests {
    let config = TinyModel.config

    @Test func layoutCoversTheUsedSlotsOnly() {
        let input = TinyModel.input(batch: 4)  // image counts 1, 2, 1, 2; 4 or 3 question tokens
        let full = SequenceLayout.of(input, config: config)
        #expect(full == .full(config))
        let ones = input.selecting([0, 2])
        let layout = SequenceLayout.of(ones, config: config)
        #expect(layout.imageSlots == 1)
        #expect(layout.questionTokens == config.maxQuestionTokens)
        #expect(layout.tokens == config.patchesPerImage + config.maxQuestionTokens)
        let short = input.selecting([1, 3])  // odd examples use 3 question tokens
        #expect(SequenceLayout.of(short, config: config).questionTokens == config.maxQuestionTokens - 1)
    }

    @Test func leavingOutPaddingChangesNoLogit() throws {
        let model = try VisionLanguageModel(config: config, seed: 11)
        let input = TinyModel.input(batch: 6)
        let oneImage = input.selecting([0, 2, 4])
        let padded = oneImage.appending(input.selecting([1]))  // a two-image example forces every slot
        #expect(SequenceLayout.of(oneImage, config: config).tokens < SequenceLayout.of(padded, config: config).tokens)
        let short = try model.forward(oneImage).logits
        let long = try model.forward(padded).logits
        let count = short.count
        let difference = zip(short, long.prefix(count)).map { abs($0 - $1) }.max() ?? 0
        #expect(difference <= 1e-5, "logits differ by \(difference)")
    }

    @Test func stepInPartsHasTheWholeBatchGradient() throws {
        let model = try VisionLanguageModel(config: config, seed: 12)
        let input = TinyModel.input(batch: 6)
        func gradients(_ parts: [ModelInput]) throws -> [Float] {
            model.zeroGradients()
            let total = Float(parts.reduce(0) { $0 + $1.batchSize })
            for part in parts {
                try model.forward(part)
                model.backward(scale: Float(part.batchSize) / total)
            }
            return model.trainableParameters.flatMap(\.gradient.values)
        }
        let whole = try gradients([input])
        let split = try gradients([input.selecting([0, 2, 4]), input.selecting([1, 3, 5])])
        let largest = whole.map(abs).max() ?? 0
        let difference = zip(whole, split).map { abs($0 - $1) }.max() ?? 0
        #expect(largest > 0)
        #expect(difference <= 1e-5 * max(1, largest), "gradients differ by \(difference) (largest \(largest))")
    }
}

extension ModelInput {
    /// The examples at `indices`, in that order.
    func selecting(_ indices: [Int]) -> ModelInput {
        let pixels = images.count / batchSize, tokenCount = tokens.count / batchSize, options = optionPositions.count / batchSize
        return ModelInput(batchSize: indices.count,
                          images: indices.flatMap { images[($0 * pixels)..<(($0 + 1) * pixels)] },
                          imageCounts: indices.map { imageCounts[$0] },
                          tokens: indices.flatMap { tokens[($0 * tokenCount)..<(($0 + 1) * tokenCount)] },
                          optionCounts: indices.map { optionCounts[$0] },
                          optionPositions: indices.flatMap { optionPositions[($0 * options)..<(($0 + 1) * options)] },
                          answers: indices.map { answers[$0] })
    }

    /// This batch followed by `other`'s examples.
    func appending(_ other: ModelInput) -> ModelInput {
        ModelInput(batchSize: batchSize + other.batchSize, images: images + other.images, imageCounts: imageCounts + other.imageCounts,
                   tokens: tokens + other.tokens, optionCounts: optionCounts + other.optionCounts,
                   optionPositions: optionPositions + other.optionPositions, answers: answers + other.answers)
    }
}
