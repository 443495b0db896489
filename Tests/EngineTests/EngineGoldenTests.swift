import Foundation
import Testing
@testable import Engine

/// The engine against PyTorch: `scripts/make_engine_golden.py` built the same tiny model from
/// the same weights in float64 and saved its logits, loss and gradients; the engine (float32)
/// must match them. Tolerances: |engine - torch| <= 1e-4 + 1e-3 * |torch| per element.
@Suite struct EngineGoldenTests {
    static let golden: SafeTensors.File? = {
        let path = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .appendingPathComponent("Golden/engine_golden.safetensors").path
        guard let bytes = try? AtomicFile.read(path) else { return nil }
        return try? SafeTensors.decode(bytes, source: path)
    }()

    func file() throws -> SafeTensors.File {
        try #require(Self.golden, "Tests/EngineTests/Golden/engine_golden.safetensors is missing or unreadable")
    }

    func tensor(_ name: String) throws -> [Float] {
        try #require(try file().tensors[name], "golden tensor \(name) missing").values
    }

    func model() throws -> (VisionLanguageModel, ModelInput) {
        let file = try file()
        let configText = try #require(file.metadata["config"])
        let config = try JSONDecoder().decode(ModelConfig.self, from: Data(configText.utf8))
        let model = try VisionLanguageModel(config: config, seed: 0)
        for p in model.baseParameters { p.value.copy(from: try tensor(p.name)) }
        let counts = try tensor("input.image_counts").map { Int($0) }
        let input = ModelInput(
            batchSize: counts.count, images: try tensor("input.images"), imageCounts: counts,
            tokens: try tensor("input.tokens").map { Int32($0) },
            optionCounts: try tensor("input.option_counts").map { Int($0) },
            optionPositions: try tensor("input.option_positions").map { Int($0) },
            answers: try tensor("input.answers").map { Int($0) })
        return (model, input)
    }

    func expectClose(_ actual: [Float], _ expected: [Float], _ what: String, sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(actual.count == expected.count, "\(what): \(actual.count) values, golden has \(expected.count)", sourceLocation: sourceLocation)
        var worst: Float = 0
        for (a, e) in zip(actual, expected) {
            let excess = abs(a - e) - (1e-4 + 1e-3 * abs(e))
            worst = max(worst, excess)
        }
        #expect(worst <= 0, "\(what): worst excess over tolerance \(worst)", sourceLocation: sourceLocation)
    }

    @Test func baseModelMatchesPyTorch() throws {
        let (model, input) = try model()
        model.zeroGradients()
        let result = try model.forward(input)
        model.backward()
        expectClose(result.logits, try tensor("base.logits"), "logits")
        expectClose([result.loss], try tensor("base.loss"), "loss")
        for p in model.baseParameters {
            expectClose(p.gradient.values, try tensor("base.grad.\(p.name)"), "gradient of \(p.name)")
        }
    }

    @Test func loraModelMatchesPyTorch() throws {
        let (model, input) = try model()
        let rank = try #require(try file().metadata["lora_rank"].flatMap(Int.init))
        let alpha = try #require(try file().metadata["lora_alpha"].flatMap(Float.init))
        model.addAdapters(rank: rank, alpha: alpha, seed: 0)
        for p in model.adapterParameters { p.value.copy(from: try tensor(p.name)) }
        model.zeroGradients()
        let result = try model.forward(input)
        model.backward()
        expectClose(result.logits, try tensor("lora.logits"), "logits")
        expectClose([result.loss], try tensor("lora.loss"), "loss")
        #expect(model.adapterParameters.count == 16)
        for p in model.adapterParameters {
            expectClose(p.gradient.values, try tensor("lora.grad.\(p.name)"), "gradient of \(p.name)")
        }
    }
}
