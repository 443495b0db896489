/// One job of the grid, as a coordinator assigns it.
///
/// `id` is stable: derived from (grid hash, kind, model, seed, source, target) by the grid
/// layer, so the same cell has the same id on every run of the same grid. Which optional
/// fields a job has depends on its kind; `validate()` holds those rules.
public struct JobSpec: Hashable, Sendable {
    public var id: String
    public var gridHash: SHA256Digest
    public var kind: JobKind
    public var model: ModelName
    public var seed: UInt64
    /// FINETUNE: the task trained on. EVALUATE: set when a finetuned adapter is evaluated.
    public var source: PerceptionTask?
    /// EVALUATE only: the task scored.
    public var target: PerceptionTask?
    public var preset: String
    public var hyperparameters: Hyperparameters
    public var inputs: [ArtifactRef]
    /// FINETUNE: the tasks trained on in turn, instead of a source (a control or a data
    /// mixture). EVALUATE: set when that adapter is scored. Empty for the plain grid.
    public var mixture: [PerceptionTask]
    /// With a mixture: every training answer replaced by a letter drawn at random, so that
    /// only the answer format can be learnt (the format control).
    public var shuffledLabels: Bool
    /// With a mixture: each task's share of the training questions, in the mixture's order
    /// (empty: equal shares).
    public var mixtureWeights: [Double]
    /// A runner's model that starts from a released model the runner knows by this name: its
    /// finetune and evaluate jobs take no base checkpoint. nil: a pretrained base (an input).
    public var givenBase: String?

    public init(
        id: String, gridHash: SHA256Digest, kind: JobKind, model: ModelName, seed: UInt64,
        source: PerceptionTask? = nil, target: PerceptionTask? = nil, preset: String,
        hyperparameters: Hyperparameters, inputs: [ArtifactRef] = [], mixture: [PerceptionTask] = [], shuffledLabels: Bool = false,
        mixtureWeights: [Double] = []
    ) {
        self.id = id
        self.gridHash = gridHash
        self.kind = kind
        self.model = model
        self.seed = seed
        self.source = source
        self.target = target
        self.preset = preset
        self.hyperparameters = hyperparameters
        self.inputs = inputs
        self.mixture = mixture
        self.shuffledLabels = shuffledLabels
        self.mixtureWeights = mixtureWeights
    }

    /// Whether the job trains or scores an adapter: a source or a mixture.
    public var hasAdapter: Bool { source != nil || !mixture.isEmpty }
}
