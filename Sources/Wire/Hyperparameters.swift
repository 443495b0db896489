/// Training and evaluation settings of one job.
///
/// Every field travels on the wire: a worker never fills in defaults of its own, so a job means
/// the same thing on every machine. `validate()` holds the rules decoding enforces.
public struct Hyperparameters: Hashable, Sendable {
    public var steps: UInt32
    public var batchSize: UInt32
    public var learningRate: Double
    public var warmupSteps: UInt32
    public var weightDecay: Double
    public var gradClip: Double
    public var loraRank: UInt32
    public var loraAlpha: Double
    public var trainExamples: UInt32
    public var evalExamples: UInt32
    public var blasThreads: UInt32
    /// Pretraining only: tasks brought in one at a time (`PretrainSchedule` in the worker).
    public var stagedTasks: Bool
    /// Finetuning only: the share of each batch rehearsed from pretraining questions (0: none;
    /// 1: rehearsal alone, the control of `transfergrid calibrate --rehearsal-only`), drawn from
    /// the first `rehearsalPool` questions of each task's pretraining stream.
    public var rehearsalShare: Double = 0
    public var rehearsalPool: UInt32 = 0
    /// Pretraining only: each task's weight wherever the tasks come in turn, one per task in
    /// `PerceptionTask.allCases` order; empty: equal turns (`PretrainSchedule` in the worker).
    public var taskWeights: [Double] = []
    /// Finetuning and evaluation: the benchmark's camera (`DomainShift` in Perception), applied
    /// to the finetune's own questions and to evaluation questions; all 0: none.
    public var shiftContrast: Double = 0
    public var shiftCast: Double = 0
    public var shiftNoise: Double = 0
    /// Finetuning and evaluation: the seed the base was pretrained with, when every run of a
    /// model finetunes one shared base (the grid's `base_seed`); rehearsed pretraining questions
    /// and the benchmark's questions follow it. nil: the job's own seed, which is its base's too.
    public var baseSeed: UInt64?
    /// Every stage: the version of each task's question generator (the grid's `task_versions`).
    public var taskVersions = TaskVersions.initial
    /// Pretraining only, staged: the tasks whose stages come first, in this order; the others
    /// follow in the curriculum's order (`PretrainSchedule` in the worker). Empty: the curriculum.
    public var firstStages: [PerceptionTask] = []
    /// The shift's bounds, the grid's too: the worker takes the values as Float, and none of
    /// these reaches 1 (no image left) or infinity there.
    public static let maxShiftContrast = 0.99
    public static let maxShiftCastOrNoise = 0.5

    public init(
        steps: UInt32, batchSize: UInt32, learningRate: Double, warmupSteps: UInt32,
        weightDecay: Double, gradClip: Double, loraRank: UInt32, loraAlpha: Double,
        trainExamples: UInt32, evalExamples: UInt32, blasThreads: UInt32, stagedTasks: Bool = false
    ) {
        self.steps = steps
        self.batchSize = batchSize
        self.learningRate = learningRate
        self.warmupSteps = warmupSteps
        self.weightDecay = weightDecay
        self.gradClip = gradClip
        self.loraRank = loraRank
        self.loraAlpha = loraAlpha
        self.trainExamples = trainExamples
        self.evalExamples = evalExamples
        self.blasThreads = blasThreads
        self.stagedTasks = stagedTasks
    }

    /// Checks the ranges: batch size and BLAS threads at least 1, rates finite and not negative,
    /// warmup no longer than training, a rehearsal share of at most 1 with a pool to draw from, a positive task weight per
    /// task or none, a shift's contrast at most 0.99, its cast and noise at most 0.5, first
    /// stages only for a staged pretraining and each task at most once.
    public func validate(at path: String = "Hyperparameters") throws(WireError) {
        guard batchSize >= 1 else { throw .invalid("\(path).batch_size", "must be at least 1, got 0") }
        guard blasThreads >= 1 else { throw .invalid("\(path).blas_threads", "must be at least 1, got 0") }
        guard warmupSteps <= steps else {
            throw .invalid("\(path).warmup_steps", "\(warmupSteps) exceeds steps (\(steps))")
        }
        for (name, value) in [
            ("learning_rate", learningRate), ("weight_decay", weightDecay),
            ("grad_clip", gradClip), ("lora_alpha", loraAlpha), ("rehearsal_share", rehearsalShare),
            ("shift_contrast", shiftContrast), ("shift_cast", shiftCast), ("shift_noise", shiftNoise),
        ] {
            guard value.isFinite, value >= 0 else {
                throw .invalid("\(path).\(name)", "must be finite and not negative, got \(value)")
            }
        }
        guard shiftContrast <= Self.maxShiftContrast else {
            throw .invalid("\(path).shift_contrast", "must be at most \(Self.maxShiftContrast) (1 would leave no image), got \(shiftContrast)")
        }
        for (name, value) in [("shift_cast", shiftCast), ("shift_noise", shiftNoise)] where value > Self.maxShiftCastOrNoise {
            throw .invalid("\(path).\(name)", "must be at most \(Self.maxShiftCastOrNoise), got \(value)")
        }
        guard rehearsalShare <= 1 else { throw .invalid("\(path).rehearsal_share", "must be at most 1, got \(rehearsalShare)") }
        guard rehearsalShare == 0 || rehearsalPool >= 1 else {
            throw .invalid("\(path).rehearsal_pool", "must be at least 1 when rehearsal_share is \(rehearsalShare)")
        }
        guard rehearsalShare > 0 || rehearsalPool == 0 else {
            throw .invalid("\(path).rehearsal_pool", "is \(rehearsalPool) but rehearsal_share is 0: no questions are rehearsed")
        }
        try taskVersions.validate(at: "\(path).task_versions")
        if !firstStages.isEmpty {
            guard stagedTasks else {
                throw .invalid("\(path).first_stages", "orders a staged pretraining's stages, but staged_tasks is false")
            }
            guard Set(firstStages).count == firstStages.count else {
                throw .invalid("\(path).first_stages", "names a task twice: \(firstStages.map(\.abbreviation))")
            }
        }
        if !taskWeights.isEmpty {
            let tasks = PerceptionTask.allCases.count
            guard taskWeights.count == tasks else {
                throw .invalid("\(path).task_weights", "\(taskWeights.count) weight(s); give one per task (\(tasks)) or none")
            }
            guard taskWeights.allSatisfy({ $0.isFinite && $0 > 0 }) else {
                throw .invalid("\(path).task_weights", "weights must be finite and positive: \(taskWeights)")
            }
        }
    }
}
