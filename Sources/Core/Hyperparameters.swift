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
    /// Noop jobs only: how long the job lasts on its worker, in milliseconds (0: no time).
    public var noopMillis: UInt32 = 0
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
}
