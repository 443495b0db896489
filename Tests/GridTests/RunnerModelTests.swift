import Core
import Testing
@testable import Grid

/// A grid's runner_models: checked, and a given base means no pretraining.
@Suite struct RunnerModelTests {
    static func grid(_ extra: String, models: String = "[small, qwen]") -> String {
        """
        name: mixed
        models: \(models)
        seeds: [0, 1]
        tasks: [AS, RD]
        pretrain: {steps: 10, batch: 4, learning_rate: 1e-3, warmup: 1, weight_decay: 0, grad_clip: 1, lora_rank: 8, lora_alpha: 16}
        finetune: {steps: 10, batch: 4, learning_rate: 1e-3, warmup: 1, weight_decay: 0, grad_clip: 1, lora_rank: 8, lora_alpha: 16}
        evaluation_questions: 8
        \(extra)
        """
    }

    @Test func aGivenBaseHasNoPretrainingAndEngineModelsKeepTheirJobs() throws {
        let spec = try GridSpec.yaml(Self.grid("runner_models:\n  qwen: {base: Qwen/Qwen2.5-VL-3B-Instruct}"), source: "mixed.yaml")
        let graph = try JobGraph(spec: spec)
        let qwen = graph.jobs.filter { $0.model.rawValue == "qwen" }, small = graph.jobs.filter { $0.model == .small }
        #expect(!qwen.contains { $0.kind == .pretrain })
        #expect(qwen.allSatisfy { $0.givenBase == "Qwen/Qwen2.5-VL-3B-Instruct" })
        #expect(qwen.filter { $0.kind == .finetune }.allSatisfy { $0.dependencies.isEmpty })
        #expect(qwen.filter { $0.kind == .evaluate && $0.source == nil }.allSatisfy { $0.dependencies.isEmpty })
        #expect(qwen.count == 2 * (2 + 2 + 4))
        #expect(small.filter { $0.kind == .pretrain }.count == 2 && small.allSatisfy { $0.givenBase == nil })
        // The engine's jobs are those of the same grid without the runner's model.
        let alone = try JobGraph(spec: GridSpec.yaml(Self.grid("", models: "[small]"), source: "alone.yaml"))
        #expect(small.map(\.hyperparameters) == alone.jobs.map(\.hyperparameters))
        #expect(small.map { $0.id.split(separator: ".").dropFirst().joined() } == alone.jobs.map { $0.id.split(separator: ".").dropFirst().joined() })
        // Without a base, the runner pretrains.
        let own = try JobGraph(spec: GridSpec.yaml(Self.grid("runner_models:\n  qwen: {}"), source: "own.yaml"))
        #expect(own.jobs.filter { $0.model.rawValue == "qwen" && $0.kind == .pretrain }.count == 2)
    }

    @Test func badRunnerModelsAreRefusedWithTheirField() {
        let cases: [(String, String, String)] = [
            ("", "[small, qwen]", "declare a runner's model under runner_models"),
            ("runner_models:\n  other: {}", "[small]", "runner_models: other is not one of models"),
            ("runner_models:\n  small: {}", "[small]", "small is an engine size"),
            ("runner_models:\n  qwen: {base: \"a b\"}", "[qwen]", "runner_models.qwen.base"),
            ("runner_models:\n  qwen: {bse: x}", "[qwen]", "unknown key \"bse\""),
            ("runner_models:\n  Bad;Name: {}", "[Bad;Name]", "runner_models"),
        ]
        for (extra, models, expected) in cases {
            do {
                _ = try GridSpec.yaml(Self.grid(extra, models: models), source: "bad.yaml")
                Issue.record("accepted: \(extra) \(models)")
            } catch {
                #expect(error.message.contains(expected), "\(error.message)")
            }
        }
    }
}
