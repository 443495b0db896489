/// Worker -> coordinator: a job could not finish.
public struct JobFailure: Hashable, Sendable {
    public var jobID: String
    public var attempt: UInt32
    /// What went wrong, for the operator: one line, no payloads.
    public var reason: String
    /// Whether another attempt (on any worker) may succeed: false for a bad job spec.
    public var retryable: Bool
    /// The attempt ended for a reason that is not the job's (the worker stopping, its disk
    /// full): it does not count toward the job's `--max-attempts`.
    public var notCounted: Bool

    public init(jobID: String, attempt: UInt32, reason: String, retryable: Bool, notCounted: Bool = false) {
        self.jobID = jobID
        self.attempt = attempt
        self.reason = reason
        self.retryable = retryable
        self.notCounted = notCounted
    }

    public func validate(at path: String = "Fail") throws(WireError) {
        try WireRules.identifier(jobID, at: "\(path).job_id")
        try WireRules.attempt(attempt, at: "\(path).attempt")
        try WireRules.text(reason, at: "\(path).reason")
    }
}
