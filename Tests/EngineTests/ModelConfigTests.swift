import Testing
@testable import Engine

@Suite struct ModelConfigTests {
    /// The counts docs/engine.md's table gives, and the model's real tensors agree with them.
    @Test(arguments: [(ModelConfig.small, 118_913, 16_384), (.medium, 830_977, 65_536), (.large, 4_814_337, 196_608)])
    func parameterCounts(config: ModelConfig, base: Int, lora: Int) throws {
        #expect(config.parameterCount == base)
        #expect(config.loraParameterCount(rank: 8) == lora)
        let model = try VisionLanguageModel(config: config, seed: 1)
        #expect(model.baseParameters.reduce(0) { $0 + $1.value.count } == base)
        model.addAdapters(rank: 8, alpha: 16, seed: 1)
        #expect(model.adapterParameters.reduce(0) { $0 + $1.value.count } == lora)
        #expect(config.sequenceLength == 80)
    }

    @Test func invalidShapesAreRefused() {
        var odd = ModelConfig.small
        odd.heads = 5
        #expect(throws: EngineError.self) { try VisionLanguageModel(config: odd, seed: 1) }
        var patches = ModelConfig.small
        patches.patchSize = 5
        #expect(throws: EngineError.self) { try VisionLanguageModel(config: patches, seed: 1) }
    }

    @Test func badBatchesAreRefused() throws {
        let model = try VisionLanguageModel(config: TinyModel.config, seed: 1)
        var input = TinyModel.input()
        input.answers[0] = 5
        #expect(throws: EngineError.self) { try model.forward(input) }
        input = TinyModel.input()
        input.tokens[0] = 0
        #expect(throws: EngineError.self) { try model.forward(input) }
        input = TinyModel.input()
        input.tokens[1] = 99
        #expect(throws: EngineError.self) { try model.forward(input) }
        input = TinyModel.input()
        input.imageCounts[1] = 3
        #expect(throws: EngineError.self) { try model.forward(input) }
        input = TinyModel.input()
        input.images.removeLast()
        #expect(throws: EngineError.self) { try model.forward(input) }
    }
}
