/// Confidence intervals over questions: each replicate resamples, per run and per target, the
/// target's evaluation questions with replacement, and recomputes every accuracy on that same
/// resample (baseline and every finetuned model were asked the same questions, so the
/// resample is paired), then the PGFs, their seed means and the aggregates. Runs of one shared
/// base were all asked the same questions, so there one resample per target serves every run.
public struct Bootstrap: Sendable {
    public var replicates: Int
    public var level: Double
    public var seed: UInt64

    public init(replicates: Int = 1000, level: Double = 0.95, seed: UInt64 = 1) {
        self.replicates = replicates
        self.level = level
        self.seed = seed
    }

    /// Replicate seed-mean matrices, nil when some count lacks per-question answers.
    func meanMatrices(_ runs: ModelRuns) -> [[[Double?]]]? {
        guard let baseline = runs.baseline, let finetuned = runs.finetuned else { return nil }
        let tasks = runs.tasks.count
        guard baseline.allSatisfy({ $0.allSatisfy { $0.answers != nil } }),
              finetuned.allSatisfy({ $0.allSatisfy { $0.allSatisfy { $0.answers != nil } } }) else { return nil }
        // All finetuned answers of a target must be on the baseline's questions.
        for r in runs.runs.indices {
            for j in 0..<tasks where finetuned[r].contains(where: { $0[j].total != baseline[r][j].total }) { return nil }
        }
        let shared = runs.sharedBase != nil
        if shared, baseline.contains(where: { zip($0, baseline[0]).contains { $0.total != $1.total } }) { return nil }
        var random = SplitMix(seed: seed)
        func resample(_ n: Int) -> [Int] { (0..<n).map { _ in Int(random.next() % UInt64(n)) } }
        var out: [[[Double?]]] = []
        out.reserveCapacity(replicates)
        for _ in 0..<replicates {
            let sharedPicks = shared ? (0..<tasks).map { j in resample(baseline[0][j].total) } : nil
            var perRun: [[[Double?]]] = []
            for r in runs.runs.indices {
                var matrix = [[Double?]](repeating: [Double?](repeating: nil, count: tasks), count: tasks)
                for j in 0..<tasks {
                    let base = baseline[r][j].answers ?? []
                    let n = base.count
                    let picks = sharedPicks?[j] ?? resample(n)
                    let baseAccuracy = Double(picks.reduce(0) { $0 + (base[$1] ? 1 : 0) }) / Double(n)
                    for i in 0..<tasks {
                        let answers = finetuned[r][i][j].answers ?? []
                        let accuracy = Double(picks.reduce(0) { $0 + (answers[$1] ? 1 : 0) }) / Double(n)
                        matrix[i][j] = PGF.value(baseline: baseAccuracy, finetuned: accuracy)
                    }
                }
                perRun.append(matrix)
            }
            out.append(ModelRuns.mean(perRun))
        }
        return out
    }

    /// The percentile interval of `samples` at this level.
    func interval(_ samples: [Double]) -> Interval? {
        guard !samples.isEmpty else { return nil }
        let sorted = samples.sorted()
        let tail = (1 - level) / 2
        func at(_ q: Double) -> Double { sorted[min(sorted.count - 1, max(0, Int((q * Double(sorted.count - 1)).rounded())))] }
        return Interval(low: at(tail), high: at(1 - tail))
    }
}

/// A confidence interval.
public struct Interval: Hashable, Sendable, Codable {
    public var low: Double
    public var high: Double

    public func contains(_ x: Double) -> Bool { x >= low && x <= high }
}

/// SplitMix64, the analysis's own seeded generator (the module depends on nothing).
struct SplitMix: RandomNumberGenerator {
    private var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
