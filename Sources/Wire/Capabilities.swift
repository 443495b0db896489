public import Core
/// What a worker can do, announced in READY.
public struct Capabilities: Hashable, Sendable {
    public var cores: UInt32
    public var memoryBytes: UInt64
    public var maxConcurrentJobs: UInt32
    public var blasThreads: UInt32
    /// The kinds of job this worker runs: at least one.
    public var jobKinds: [JobKind]
    /// Artifacts already in the worker's cache: the scheduler prefers sending jobs there.
    public var cachedArtifacts: [SHA256Digest]
    /// OpenBLAS's kernel family on the worker's machine ("Haswell", "SkylakeX", "Cooperlake", ...).
    /// Kernels of different families round differently, so a grid's scores are bit-identical
    /// only between workers on one family: the coordinator pins the grid to the first one.
    public var blasCore: String
    /// The models this worker runs, by name: at least one, none twice. The scheduler gives a
    /// job only to a worker that lists its model.
    public var models: [ModelName]

    public init(
        cores: UInt32, memoryBytes: UInt64, maxConcurrentJobs: UInt32, blasThreads: UInt32,
        jobKinds: [JobKind], cachedArtifacts: [SHA256Digest] = [], blasCore: String, models: [ModelName]
    ) {
        self.cores = cores
        self.memoryBytes = memoryBytes
        self.maxConcurrentJobs = maxConcurrentJobs
        self.blasThreads = blasThreads
        self.jobKinds = jobKinds
        self.cachedArtifacts = cachedArtifacts
        self.blasCore = blasCore
        self.models = models
    }

    public func validate(at path: String = "Capabilities") throws(WireError) {
        guard cores >= 1 else { throw .invalid("\(path).cores", "must be at least 1, got 0") }
        guard blasThreads >= 1 else { throw .invalid("\(path).blas_threads", "must be at least 1, got 0") }
        guard !jobKinds.isEmpty else { throw .invalid("\(path).job_kinds", "a worker runs at least one kind of job") }
        try WireRules.text(blasCore, at: "\(path).blas_core")
        guard !models.isEmpty else { throw .invalid("\(path).models", "a worker runs at least one model") }
        guard Set(models).count == models.count else { throw .invalid("\(path).models", "names a model twice: \(models)") }
    }
}
