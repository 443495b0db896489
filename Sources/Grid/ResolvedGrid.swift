public import Core

/// A grid spec checked once and resolved into typed values: models by name, tasks, task-keyed
/// settings, the pretraining schedule as an enum. Every stage after parsing (the job graph, the
/// scheduler, the store's results, calibration) takes this, not the document.
///
/// `spec` is the normalized document (defaults made explicit), whose `hash()` names the grid.
public struct ResolvedGrid: Sendable, Hashable {
    public let spec: GridSpec
    public let hash: SHA256Digest
    public var name: String { spec.name }
    public let models: [ModelName]
    public let seeds: [UInt64]
    /// The one base per model that every seed finetunes (`base_seed`), if the grid has one.
    public let baseSeed: UInt64?
    /// The grid's tasks, in the study's order.
    public let tasks: [PerceptionTask]
    public let pretrain: Stage
    public let finetune: Stage
    public let evaluationQuestions: Int
    /// Benchmark grids only: this many noop jobs and nothing else.
    public let noopJobs: Int?
    /// Benchmark grids only: each noop job's duration in milliseconds.
    public let noopMillis: Int
    public let formatControl: Bool
    /// The data-selection stage's targets, in the study's order (empty: none).
    public let selectionTargets: [PerceptionTask]
    public let selectionThreshold: Double
    public let benchmarkShift: BenchmarkShift?
    public let taskVersions: TaskVersions
    /// Runners' models that start from a released model, by that model's name: no pretraining.
    public let givenBases: [ModelName: String]

    /// Checks `spec` (every field, with an error that names it) and resolves it.
    public init(_ spec: GridSpec) throws(GridError) {
        let spec = try spec.normalized()
        self.spec = spec
        hash = try spec.hash()
        models = try spec.modelNames()
        seeds = spec.seeds
        baseSeed = spec.baseSeed
        tasks = try spec.perceptionTasks()
        pretrain = Stage(spec.pretrain)
        finetune = Stage(spec.finetune)
        evaluationQuestions = spec.evaluationQuestions
        noopJobs = spec.noopJobs
        noopMillis = spec.noopMillis ?? 0
        formatControl = spec.formatControl == true
        selectionTargets = try spec.selectionTargets()
        selectionThreshold = spec.selection?.threshold ?? 0
        benchmarkShift = spec.benchmarkShift
        taskVersions = try spec.perceptionTaskVersions()
        var givenBases: [ModelName: String] = [:]
        for (name, runner) in spec.runnerModels ?? [:] {
            if let model = ModelName(name), let base = runner.base { givenBases[model] = base }
        }
        self.givenBases = givenBases
    }

    /// The seed whose base a run of `seed` finetunes.
    public func base(of seed: UInt64) -> UInt64 { baseSeed ?? seed }
}
