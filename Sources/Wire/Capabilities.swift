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

    public init(
        cores: UInt32, memoryBytes: UInt64, maxConcurrentJobs: UInt32, blasThreads: UInt32,
        jobKinds: [JobKind], cachedArtifacts: [SHA256Digest] = [], blasCore: String
    ) {
        self.cores = cores
        self.memoryBytes = memoryBytes
        self.maxConcurrentJobs = maxConcurrentJobs
        self.blasThreads = blasThreads
        self.jobKinds = jobKinds
        self.cachedArtifacts = cachedArtifacts
        self.blasCore = blasCore
    }

    public func validate(at path: String = "Capabilities") throws(WireError) {
        guard cores >= 1 else { throw .invalid("\(path).cores", "must be at least 1, got 0") }
        guard maxConcurrentJobs >= 1 else { throw .invalid("\(path).max_concurrent_jobs", "must be at least 1, got 0") }
        guard blasThreads >= 1 else { throw .invalid("\(path).blas_threads", "must be at least 1, got 0") }
        guard !jobKinds.isEmpty else { throw .invalid("\(path).job_kinds", "a worker runs at least one kind of job") }
        try WireRules.text(blasCore, at: "\(path).blas_core")
    }
}
