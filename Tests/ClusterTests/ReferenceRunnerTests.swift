import Core
import Foundation
import Grid
import Store
import Testing

/// The reference runner (runners/reference/runner.py: the engine's model family in PyTorch on
/// exported questions) runs a small grid end to end: pretraining, LoRA finetunes, evaluations.
@Suite(.serialized) struct ReferenceRunnerTests {
    static var torch: Bool { Cluster.python("import torch, safetensors, numpy") }

    static let grid = """
        name: reference-runner
        models: [ref]
        runner_models:
          ref: {}
        seeds: [0]
        tasks: [AS, JG]
        pretrain: {steps: 200, batch: 16, learning_rate: 3e-3, warmup: 20, weight_decay: 1e-2, grad_clip: 1, lora_rank: 8, lora_alpha: 16}
        finetune: {steps: 150, batch: 16, learning_rate: 3e-3, warmup: 10, weight_decay: 1e-2, grad_clip: 1, lora_rank: 8, lora_alpha: 16}
        evaluation_questions: 96
        """

    @Test(.enabled(if: torch, "needs PyTorch CPU, safetensors and numpy (make deps installs them)"))
    func theReferenceRunnerRunsAGridAndAFinetuneLearnsItsTask() throws {
        let cluster = try Cluster("reference-runner")
        let runner = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../../runners/reference/runner.py").standardized.path
        let store = try RunnerTests.run(cluster, grid: Self.grid, worker: "torch", ["--no-engine", "--jobs", "2", "--runner", "ref=python3 \(runner) --size small"],
                                        seconds: 600)
        #expect(try store.status().counts[.done] == 9)
        let (results, _) = try store.resultCounts()
        #expect(results.count == 6 && results.values.allSatisfy { $0 == 1 }, "\(results)")
        let accuracy = try RunnerTests.accuracies(store, questions: 96)
        let base = try #require(accuracy["ref.s0.base.AS"]), own = try #require(accuracy["ref.s0.AS.AS"])
        #expect(own >= base + 0.10, "a finetune on Art Style moved its own accuracy from \(base) to \(own): \(accuracy)")
        try cluster.start("report", ["report", "--store", cluster.store, "--out", cluster.path("report")])
        #expect(cluster.wait("report", seconds: 60) && cluster.exitCode("report") == 0, "\(cluster.log("report"))")
        #expect(FileManager.default.fileExists(atPath: cluster.path("report/report.html")))
        #expect(try String(contentsOfFile: cluster.path("report/accuracy.csv"), encoding: .utf8).split(separator: "\n").count == 7)
        print("reference runner: Art Style \(Int(base * 96))/96 before, \(Int(own * 96))/96 after its own finetune")
    }
}
