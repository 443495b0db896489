public import Core
/// One change to the store. The coordinator collects the writes of a turn of its loop and
/// commits them in one transaction before it sends a single acknowledgement.
public enum StoreWrite: Sendable, Equatable {
    /// A worker registered or was lost; an empty `blasCore` keeps the one recorded.
    case workerSeen(id: String, host: String, cores: Int, maxJobs: Int, softwareVersion: String, blasCore: String, state: WorkerState, at: Double)
    /// The OpenBLAS kernel family of the grid's scores, set once, by the first worker to register.
    case blasCorePinned(String)
    case attemptStarted(job: String, attempt: UInt32, worker: String, at: Double)
    case attemptEnded(job: String, attempt: UInt32, outcome: String, at: Double)
    case jobState(job: String, state: JobState, attempts: Int, failure: String?, at: Double)
    /// An evaluation's (or noop's) counts: the cell's one result; a runner's names the question
    /// set it scored.
    case evaluation(job: String, attempt: UInt32, worker: String, correctness: CorrectnessBits, durationMs: UInt64, at: Double,
                    questions: SHA256Digest? = nil)
    /// A training job's artifact.
    case artifact(job: String, ref: ArtifactRef, finalLoss: Float, at: Double)
    /// A result for a job that already had one: kept, never counted.
    case duplicate(job: String, attempt: UInt32, worker: String, correct: Int?, total: Int?, outputDigest: String?,
                   matchesCommitted: Bool, at: Double)
    case workerJobDone(id: String)
    /// A registered worker was last heard from at `at` (written at most every
    /// `SchedulerConfig.lastSeenInterval` per worker): `status`'s "last seen".
    case workerHeard(id: String, at: Double)
    /// A job taken from another store took `seconds` there (it has no attempt here).
    case tookElsewhere(job: String, seconds: Double)
}
