/// The miniature study's calibration goals, measured on one model's runs: a study is worth
/// reading only when its models start between chance and the ceiling (as real VLMs do on
/// BLINK), finetuning clearly helps its own task, transfer goes both ways, and the seeds agree.
/// Baselines and self-transfer are judged on the seed means, as the report's tables show them.
/// Released data (PGF without accuracy counts) measures every goal but the baselines'.
public struct StudyGoals: Hashable, Sendable, Codable {
    /// A baseline counts as in range from chance + 5 points to 90 %.
    public static let marginAboveChance = 0.05
    public static let ceiling = 0.90
    /// Self-transfer (the diagonal PGF) of at least 0.3 on at least 10 of 13 tasks
    /// (`selfTransferTasksNeeded` scales the 10 to grids of fewer tasks, rounding up).
    public static let selfTransferFloor = 0.3
    public static let selfTransferShare = 10.0 / 13
    /// At least 15 % of the off-diagonal pairs positive and at least 15 % negative.
    public static let pairShare = 0.15
    /// The correlation of off-diagonal PGF between seeds.
    public static let seedCorrelationFloor = 0.5

    /// A task's seed-mean value where a goal wants it otherwise.
    public struct TaskValue: Hashable, Sendable, Codable {
        public var task: String
        public var value: Double
        /// For a baseline: the task's chance accuracy.
        public var chance: Double?
    }

    public var tasks: Int
    /// Seed-mean baselines in range, and the tasks outside it (with chance, the accuracy); nil
    /// without accuracy counts or chance levels.
    public var baselinesInRange: Int?
    public var baselinesOutOfRange: [TaskValue]?
    /// The same count for each run's own baselines, in run order.
    public var baselinesInRangePerRun: [Int]?
    public var selfTransferAtFloor: Int
    public var selfTransferBelowFloor: [TaskValue]
    public var selfTransferTasksNeeded: Int
    /// Seed-mean off-diagonal pairs above and below zero, as shares of all n(n - 1).
    public var positiveShare: Double
    public var negativeShare: Double
    /// The mean correlation between runs; nil with one run or no cells two runs share.
    public var seedCorrelation: Double?

    /// Nil when not measurable (no accuracy counts).
    public var baselinesMet: Bool? { baselinesInRange.map { $0 == tasks } }
    public var selfTransferMet: Bool { selfTransferAtFloor >= selfTransferTasksNeeded }
    public var pairsMet: Bool { positiveShare >= Self.pairShare && negativeShare >= Self.pairShare }
    /// Nil when not measurable (see `seedCorrelation`).
    public var seedCorrelationMet: Bool? { seedCorrelation.map { $0 >= Self.seedCorrelationFloor } }

    /// Nil with fewer than two tasks (no off-diagonal pair). Reads what the analysis already
    /// holds (seed-mean PGF and baselines, pair counts, seed agreement); the baselines goal needs
    /// the runs' baseline counts and `runs.chance`, per task the accuracy of a uniform guess.
    public init?(_ analysis: ModelAnalysis, runs data: ModelRuns) {
        let n = analysis.tasks.count
        guard n > 1 else { return nil }
        tasks = n
        // `data.meanBaseline`, not `analysis.accuracy`: a grid still running has its baselines first.
        if let baseline = data.baseline, let meanBaseline = data.meanBaseline, let chance = data.chance, chance.count == n {
            let inRange = { (t: Int, accuracy: Double) in
                accuracy >= chance[t] + Self.marginAboveChance - 1e-12 && accuracy <= Self.ceiling + 1e-12
            }
            baselinesInRange = (0..<n).filter { inRange($0, meanBaseline[$0]) }.count
            baselinesOutOfRange = (0..<n).filter { !inRange($0, meanBaseline[$0]) }.map {
                TaskValue(task: analysis.tasks[$0], value: meanBaseline[$0], chance: chance[$0])
            }
            baselinesInRangePerRun = baseline.map { run in (0..<n).filter { inRange($0, run[$0].accuracy) }.count }
        }

        let diagonal = (0..<n).map { analysis.meanPGF[$0][$0] }
        selfTransferAtFloor = diagonal.filter { ($0 ?? -.infinity) >= Self.selfTransferFloor }.count
        selfTransferBelowFloor = (0..<n).compactMap { t in
            guard let value = diagonal[t], value < Self.selfTransferFloor else { return nil }
            return TaskValue(task: analysis.tasks[t], value: value)
        }
        selfTransferTasksNeeded = Int((Self.selfTransferShare * Double(n) - 1e-9).rounded(.up))
        let offDiagonal = Double(n * (n - 1))
        positiveShare = Double(analysis.pairs.positive) / offDiagonal
        negativeShare = Double(analysis.pairs.negative) / offDiagonal
        seedCorrelation = analysis.seedAgreement?.meanCorrelation
    }
}
