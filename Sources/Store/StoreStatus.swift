public import Grid

/// What `transfergrid status` shows: counts, workers, failures, timing.
public struct StoreStatus: Sendable {
    public struct WorkerRow: Sendable {
        public var id: String
        public var host: String
        public var state: WorkerState
        public var jobsDone: Int
        public var running: Int
        /// Jobs it runs at once.
        public var slots: Int
        public var lastSeen: Double
        /// The worker's OpenBLAS kernel family ("" if it never registered with this version).
        public var blasCore: String

        /// Registered and heard from within `StoreStatus.silenceLimit` of `now` (a worker whose
        /// coordinator stopped stays "alive" in the store, but falls silent).
        public func isLive(at now: Double) -> Bool { state == .alive && now - lastSeen <= StoreStatus.silenceLimit }
    }

    public struct Failure: Sendable {
        public var job: String
        public var attempts: Int
        public var reason: String
    }

    /// Jobs blocked by a failed job: how many, by reason ("blocked: JOB failed").
    public struct Blocked: Sendable {
        public var reason: String
        public var jobs: Int
    }

    public var gridName: String
    public var gridHash: String
    /// The OpenBLAS kernel family the grid's scores are computed with (nil until a worker registers).
    public var blasCore: String?
    public var counts: [JobState: Int]
    public var byKind: [String: (done: Int, total: Int)]
    public var workers: [WorkerRow]
    public var failures: [Failure]
    public var blocked: [Blocked]
    public var duplicates: Int
    /// Completion times of the jobs done here (seconds since 1970), the first and the last, and
    /// their rate (jobs per second) over the last minute before the last: a job taken from another
    /// store (`--results-from`, no attempt here) is not among them.
    public var firstDone: Double?
    public var lastDone: Double?
    public var recentRate: Double?

    public var total: Int { counts.values.reduce(0, +) }
    /// Seconds without a word after which a worker recorded alive counts as silent: four times
    /// the coordinator's `lastSeenInterval`.
    public static let silenceLimit: Double = 60

    /// Jobs the live workers run at once.
    public func liveSlots(at now: Double) -> Int { workers.filter { $0.isLive(at: now) }.map(\.slots).reduce(0, +) }
}
