/// The scheduler's timing and retry rules. Times are milliseconds.
public struct SchedulerConfig: Sendable, Hashable {
    /// How often each side sends a heartbeat.
    public var heartbeatInterval: UInt64 = 1000
    /// A worker silent this long is lost and its jobs return to pending.
    public var livenessTimeout: UInt64 = 4000
    /// A job's lease; renewed by the worker's PROGRESS and by heartbeats that list the job.
    public var lease: UInt64 = 30_000
    /// Attempts a job gets before it is marked failed. An attempt ended by a coordinator
    /// restart or a failure the worker marks `notCounted` (it stopped, its disk is full) is not
    /// counted.
    public var maxAttempts: Int = 3
    /// After a restart, how long a job the store holds as leased waits for its worker to
    /// re-register and claim it (READY's held jobs) before it goes back to pending.
    public var adoptionGrace: UInt64 = 15_000
    /// Workers registered at once at most; READY from one more is refused (a flood of fake
    /// workers cannot grow the coordinator without bound).
    public var maxWorkers: Int = 4096
    /// How often a live worker's last contact is written to the store (`status`'s "last
    /// seen"): often enough for a person, rarely enough to cost nothing.
    public var lastSeenInterval: UInt64 = 15_000

    public init() {}
}
