public import Core
/// Coordinator -> worker: run this job. The lease expires unless PROGRESS renews it.
public struct Assign: Hashable, Sendable {
    public var job: JobSpec
    /// 1 for the first try of a job, counting up on each retry.
    public var attempt: UInt32
    public var leaseMilliseconds: UInt32

    public init(job: JobSpec, attempt: UInt32, leaseMilliseconds: UInt32) {
        self.job = job
        self.attempt = attempt
        self.leaseMilliseconds = leaseMilliseconds
    }

    public func validate(at path: String = "Assign") throws(WireError) {
        try job.validate(at: "\(path).job")
        try WireRules.attempt(attempt, at: "\(path).attempt")
        guard leaseMilliseconds >= 1 else { throw .invalid("\(path).lease_ms", "a lease lasts at least 1 ms, got 0") }
    }
}
