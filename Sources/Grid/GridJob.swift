public import Core
/// One node of the job DAG: what to run, what it needs first.
public struct GridJob: Hashable, Sendable {
    /// Stable: `<grid hash, 12 hex>.<kind>.<model>.s<seed>[.<source>][.<target>]`.
    public let id: String
    public let kind: JobKind
    public let model: ModelName
    public let seed: UInt64
    public let source: PerceptionTask?
    public let target: PerceptionTask?
    public let hyperparameters: Hyperparameters
    /// Jobs whose artifacts this one takes as inputs: the pretrain for a finetune or baseline
    /// evaluation; the pretrain and the finetune for an evaluation of an adapter.
    public let dependencies: [String]
    /// A finetune on these tasks in turn (and the evaluations of its adapter); empty in the
    /// plain grid. With `shuffledLabels`, the format control.
    public let mixture: [PerceptionTask]
    public let shuffledLabels: Bool
    /// A job of the data-selection stage: its policy and target. The finetune's mixture is
    /// decided when it is assigned, from the target column's scores (its dependencies).
    public let selection: Selection?
    /// A runner's model that starts from this released model: no base checkpoint as input.
    public let givenBase: String?

    public struct Selection: Hashable, Sendable {
        public let policy: DataSelection.Policy
        public let target: PerceptionTask
    }

    /// The row label of the store and the reports: the source's abbreviation, `FMT` for the
    /// format control, nil for a pretrain or a baseline.
    public var sourceLabel: String? {
        if let source { return source.abbreviation }
        if let selection { return "\(selection.policy.label)-\(selection.target.abbreviation)" }
        return shuffledLabels ? Self.formatControlLabel : nil
    }

    public static let formatControlLabel = "FMT"

    /// A cell of the transfer grid: an evaluation (baseline when `source` is nil).
    public var isCell: Bool { kind == .evaluate }

    public init(id: String, kind: JobKind, model: ModelName, seed: UInt64, source: PerceptionTask?, target: PerceptionTask?,
                hyperparameters: Hyperparameters, dependencies: [String], mixture: [PerceptionTask] = [], shuffledLabels: Bool = false,
                selection: Selection? = nil, givenBase: String? = nil) {
        self.id = id
        self.kind = kind
        self.model = model
        self.seed = seed
        self.source = source
        self.target = target
        self.hyperparameters = hyperparameters
        self.dependencies = dependencies
        self.mixture = mixture
        self.shuffledLabels = shuffledLabels
        self.selection = selection
        self.givenBase = givenBase
    }

    /// The wire job, given the artifacts of its dependencies (base checkpoint, adapter) and, for
    /// a selection job, the mixture chosen for it.
    public func spec(gridHash: SHA256Digest, preset: String, inputs: [ArtifactRef], chosen: DataSelection.Mixture? = nil) -> JobSpec {
        var spec = JobSpec(id: id, gridHash: gridHash, kind: kind, model: model, seed: seed, source: source, target: target,
                           preset: preset, hyperparameters: hyperparameters, inputs: inputs, mixture: chosen?.tasks ?? mixture,
                           shuffledLabels: shuffledLabels, mixtureWeights: chosen?.weights ?? [])
        spec.givenBase = givenBase
        return spec
    }
}
