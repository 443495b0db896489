internal import Core

/// Measures the engine: OpenBLAS's own sgemm peak, evaluation and training throughput, in
/// one process and one run, so the numbers can be set side by side.
public enum EngineBenchmark {
    public struct Measurement: Sendable {
        /// "eval", "train (full)" or "train (LoRA)".
        public var mode: String
        public var examplesPerSecond: Double
        public var gflops: Double
        public var secondsPerBatch: Double
    }

    /// The best sgemm rate over square and transformer-shaped products, GFLOP/s.
    public static func sgemmPeak(seconds: Double = 0.5) -> (gflops: Double, shape: String) {
        var best = (0.0, "")
        for (m, n, k) in [(512, 512, 512), (1024, 1024, 1024), (1280, 768, 256), (1280, 1024, 256)] {
            let a = Tensor(shape: [m, k]), b = Tensor(shape: [k, n]), c = Tensor(shape: [m, n])
            var random = RandomSource(seed: 1)
            random.fillNormal(a, std: 1)
            random.fillNormal(b, std: 1)
            let time = medianSeconds(budget: seconds) {
                GEMM.multiply(m: m, n: n, k: k, a: a.pointer, lda: k, b: b.pointer, ldb: n, c: c.pointer, ldc: n)
            }
            let rate = GEMM.flops(m: m, n: n, k: k) / time / 1e9
            if rate > best.0 { best = (rate, "\(m)x\(n)x\(k)") }
        }
        return best
    }

    /// Evaluation, full training and LoRA training of one model size at one batch size.
    public static func run(config: ModelConfig, batch: Int, seconds: Double) throws(EngineError) -> [Measurement] {
        let model = try VisionLanguageModel(config: config, seed: 1)
        let input = ModelInput.random(config: config, batchSize: batch, seed: 2)
        var results: [Measurement] = []
        func record(_ mode: String, flops: Double, _ body: () throws(EngineError) -> Void) throws(EngineError) {
            try body()  // warm-up: allocates the workspace
            var failure: EngineError?
            let time = medianSeconds(budget: seconds) {
                do throws(EngineError) { try body() } catch { failure = error }
            }
            if let failure { throw failure }
            results.append(Measurement(mode: mode, examplesPerSecond: Double(batch) / time, gflops: flops / time / 1e9, secondsPerBatch: time))
        }
        try record("eval", flops: model.forwardFlops(batch: batch)) { () throws(EngineError) in _ = try model.forward(input) }
        let full = Trainer(model: model, settings: TrainingSettings(steps: 1_000_000, learningRate: 1e-4))
        try record("train (full)", flops: model.trainingStepFlops(batch: batch)) { () throws(EngineError) in _ = try full.step(input) }
        model.addAdapters(rank: 8, alpha: 16, seed: 3)
        let lora = Trainer(model: model, settings: TrainingSettings(steps: 1_000_000, learningRate: 1e-4))
        try record("train (LoRA)", flops: model.trainingStepFlops(batch: batch)) { () throws(EngineError) in _ = try lora.step(input) }
        return results
    }

    /// Runs `body` repeatedly for about `budget` seconds (at least 5 times) and returns the
    /// median time of one run.
    static func medianSeconds(budget: Double, _ body: () -> Void) -> Double {
        var times: [Double] = []
        let clock = ContinuousClock()
        let start = clock.now
        repeat {
            let elapsed = clock.measure(body)
            times.append(Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18)
        } while times.count < 5 || (clock.now - start) < .milliseconds(Int(budget * 1000))
        times.sort()
        return times[times.count / 2]
    }
}
