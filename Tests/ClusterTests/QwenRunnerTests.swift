import Core
import Foundation
import Grid
import Store
import Testing

/// The Qwen2.5-VL runner (runners/qwen_vl/runner.py) with `--tiny`: a randomly initialised
/// Qwen2.5-VL built locally, no download. Its finetunes (PEFT LoRA) and evaluations run through
/// the runner's real code on the grid's exported questions.
@Suite(.serialized) struct QwenRunnerTests {
    static var transformers: Bool {
        Cluster.python("import torch, transformers, peft, PIL; from transformers import Qwen2_5_VLForConditionalGeneration")
    }

    @Test(.enabled(if: transformers, "needs transformers (with Qwen2.5-VL), peft and pillow: pip install transformers peft pillow"))
    func aTinyQwenGridFinetunesAndScoresThroughTheRunner() throws {
        let cluster = try Cluster("qwen")
        let runner = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../../runners/qwen_vl/runner.py").standardized.path
        let store = try RunnerTests.run(cluster, grid: """
            name: qwen-tiny
            models: [qwen-tiny]
            runner_models:
              qwen-tiny: {base: Qwen/Qwen2.5-VL-3B-Instruct}
            seeds: [0]
            tasks: [AS, RD]
            pretrain: {steps: 1, batch: 1, learning_rate: 1e-4, warmup: 0}
            finetune: {steps: 4, batch: 2, learning_rate: 1e-3, warmup: 1, weight_decay: 0, grad_clip: 1, lora_rank: 8, lora_alpha: 16}
            evaluation_questions: 4
            """, worker: "gpu-node", ["--no-engine", "--jobs", "2", "--runner", "qwen-tiny=python3 \(runner) --tiny --benchmark exported"],
                                        seconds: 600)
        // No pretraining (a given base): 2 baselines, 2 finetunes, 4 cells.
        #expect(try store.status().counts[.done] == 8)
        let (results, _) = try store.resultCounts()
        #expect(results.count == 6 && results.values.allSatisfy { $0 == 1 }, "\(results)")
        // Each finetune's output is a PEFT adapter folder, archived whole.
        let adapters = try store.jobs().filter { $0.id.contains(".finetune.") }.compactMap(\.output)
        #expect(adapters.count == 2 && adapters.allSatisfy { $0.sizeBytes > 10_000 }, "\(adapters)")
    }
}
