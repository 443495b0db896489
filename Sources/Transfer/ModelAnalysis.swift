/// The whole analysis of one model: the seed-mean PGF matrix with its spread over seeds (and
/// bootstrap intervals over questions when per-question correctness is known), pair counts,
/// transferability and malleability, cliques of both signs (seed-mean rule and the
/// all-runs-agree variant), personas, and the cells left out as undefined.
public struct ModelAnalysis: Sendable, Codable {
    public var model: String
    public var tasks: [String]
    public var runs: [String]
    /// The one base every run finetuned (a grid's `base_seed`), absent when each run has its own.
    public var sharedBase: String?
    /// meanPGF[source][target]; null where no run defines it.
    public var meanPGF: [[Double?]]
    /// Standard deviation over runs (null with fewer than two defined runs).
    public var seedSpread: [[Double?]]
    /// Whether the runs agree on the off-diagonal PGF; nil with one run.
    public var seedAgreement: SeedAgreement?
    /// With the format control: its seed-mean PGF per target, and per off-diagonal pair of
    /// sources and targets how the pair's PGF compares with the control's on that target.
    public var formatControl: FormatControl?
    /// With the data-selection stage: per target, direct finetuning against the mixtures.
    public var selection: [SelectionTarget]?
    /// Bootstrap intervals of the seed-mean cells, when per-question correctness is known.
    public var intervals: [[Interval?]]?
    public var pairs: PairCounts
    public var transferability: [TaskAggregate]
    public var malleability: [TaskAggregate]
    public var cliques: CliqueSet
    public var personas: [Persona]
    /// Cells undefined in some run (baseline at the ceiling), left out of every aggregate.
    public var undefinedCells: [UndefinedCell]
    public var bootstrapReplicates: Int?
    /// The quantities the scale comparison sets beside the paper's (`ScaleSummary`) for the
    /// seed mean, with their intervals over questions (bootstrap, when per-question
    /// correctness is known) and over seeds (the range of the runs' own, with two or more).
    public var scale: ScaleSummary?
    public var scaleOverQuestions: ScaleSummary.Intervals?
    public var scaleOverSeeds: ScaleSummary.Intervals?
    /// Per task, mean over runs: accuracy before finetuning and after finetuning on the task
    /// itself; when the input had accuracy counts (not from released PGF alone).
    public var accuracy: [TaskAccuracy]?
    /// The miniature study's calibration goals (the baselines' only with accuracy counts and
    /// chance levels); nil with fewer than two tasks.
    public var goals: StudyGoals?

    public struct TaskAccuracy: Hashable, Sendable, Codable {
        public var task: String
        public var baseline: Double
        public var selfFinetuned: Double
    }

    public struct PairCounts: Hashable, Sendable, Codable {
        /// Off-diagonal seed-mean cells above, below and at zero, and undefined.
        public var positive, negative, zero, undefined: Int
    }

    public struct TaskAggregate: Hashable, Sendable, Codable {
        public var task: String
        public var positive: Double
        public var negative: Double
        /// Standard deviation over runs of each run's own aggregate.
        public var positiveSpread: Double?
        public var negativeSpread: Double?
        public var positiveInterval: Interval?
        public var negativeInterval: Interval?
    }

    public struct CliqueSet: Hashable, Sendable, Codable {
        public var positive: [[String]]
        public var negative: [[String]]
        /// Edges kept only when every run agrees in sign, both directions.
        public var robustPositive: [[String]]
        public var robustNegative: [[String]]
    }

    public struct UndefinedCell: Hashable, Sendable, Codable {
        public var run, source, target: String
    }

    public init(_ data: ModelRuns, bootstrap: Bootstrap? = Bootstrap()) {
        let taskNames = data.tasks
        model = data.model
        tasks = data.tasks
        runs = data.runs
        sharedBase = data.sharedBase
        let mean = data.meanPGF
        meanPGF = mean
        let n = tasks.count
        seedSpread = (0..<n).map { i in (0..<n).map { j in Self.standardDeviation(data.pgf.compactMap { $0[i][j] }) } }
        seedAgreement = SeedAgreement(data)
        formatControl = data.control.map { FormatControl(mean: mean, control: $0) }
        selection = data.selection

        var counts = PairCounts(positive: 0, negative: 0, zero: 0, undefined: 0)
        for i in 0..<n {
            for j in 0..<n where i != j {
                guard let v = mean[i][j] else { counts.undefined += 1; continue }
                if v > 0 { counts.positive += 1 } else if v < 0 { counts.negative += 1 } else { counts.zero += 1 }
            }
        }
        pairs = counts

        let replicates = bootstrap?.meanMatrices(data)
        bootstrapReplicates = replicates?.count
        scale = ScaleSummary(mean)
        scaleOverQuestions = replicates.flatMap { ScaleSummary.Intervals($0.compactMap(ScaleSummary.init), bootstrap: bootstrap) }
        scaleOverSeeds = ScaleSummary.Intervals(data.pgf.compactMap(ScaleSummary.init), bootstrap: nil)
        if let replicates, let bootstrap {
            intervals = (0..<n).map { i in (0..<n).map { j in bootstrap.interval(replicates.compactMap { $0[i][j] }) } }
        }
        func aggregates(_ compute: ([[Double?]]) -> [Aggregate]) -> ([TaskAggregate], [[Double]], [[Double]]) {
            let seedMean = compute(mean)
            let perRun = data.pgf.map(compute)
            let boot = replicates?.map(compute)
            let rows = taskNames.indices.map { t in
                TaskAggregate(
                    task: taskNames[t], positive: seedMean[t].positive, negative: seedMean[t].negative,
                    positiveSpread: Self.standardDeviation(perRun.map { $0[t].positive }),
                    negativeSpread: Self.standardDeviation(perRun.map { $0[t].negative }),
                    positiveInterval: boot.flatMap { b in bootstrap?.interval(b.map { $0[t].positive }) },
                    negativeInterval: boot.flatMap { b in bootstrap?.interval(b.map { $0[t].negative }) })
            }
            return (rows, perRun.map { $0.map(\.positive) }, perRun.map { $0.map(\.negative) })
        }
        let (transfer, transferPositive, transferNegative) = aggregates(Aggregate.transferability)
        let (malleable, malleablePositive, malleableNegative) = aggregates(Aggregate.malleability)
        transferability = transfer
        malleability = malleable

        let names = { (cliques: [[Int]]) in cliques.map { $0.map { data.tasks[$0] } } }
        cliques = CliqueSet(
            positive: names(Cliques.maximum(Cliques.graph(mean, sign: .positive))),
            negative: names(Cliques.maximum(Cliques.graph(mean, sign: .negative))),
            robustPositive: names(Cliques.maximum(Cliques.robustGraph(data.pgf, sign: .positive))),
            robustNegative: names(Cliques.maximum(Cliques.robustGraph(data.pgf, sign: .negative))))

        personas = [
            Persona.assign(.donor, tasks: taskNames, mean: transfer.map(\.positive), perRun: transferPositive),
            Persona.assign(.pirate, tasks: taskNames, mean: transfer.map(\.negative), perRun: transferNegative),
            Persona.assign(.sponge, tasks: taskNames, mean: malleable.map(\.positive), perRun: malleablePositive),
            Persona.assign(.sieve, tasks: taskNames, mean: malleable.map(\.negative), perRun: malleableNegative),
        ]
        undefinedCells = data.undefinedCells.map { UndefinedCell(run: $0.run, source: $0.source, target: $0.target) }
        if let meanBaseline = data.meanBaseline, let finetuned = data.finetuned {
            let runs = Double(finetuned.count)
            accuracy = taskNames.indices.map { t in
                TaskAccuracy(task: taskNames[t], baseline: meanBaseline[t], selfFinetuned: finetuned.map { $0[t][t].accuracy }.reduce(0, +) / runs)
            }
        }
        goals = StudyGoals(self, runs: data)
    }

    /// The source with the highest T+.
    public var topTransferability: String? {
        transferability.max { $0.positive < $1.positive }?.task
    }

    public var averageTransferability: Aggregate {
        Aggregate(positive: transferability.map(\.positive).reduce(0, +) / Double(max(tasks.count, 1)),
                  negative: transferability.map(\.negative).reduce(0, +) / Double(max(tasks.count, 1)))
    }

    public var averageMalleability: Aggregate {
        Aggregate(positive: malleability.map(\.positive).reduce(0, +) / Double(max(tasks.count, 1)),
                  negative: malleability.map(\.negative).reduce(0, +) / Double(max(tasks.count, 1)))
    }

    static func standardDeviation(_ xs: [Double]) -> Double? {
        guard xs.count >= 2 else { return nil }
        let mean = xs.reduce(0, +) / Double(xs.count)
        return (xs.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / Double(xs.count - 1)).squareRoot()
    }
}
