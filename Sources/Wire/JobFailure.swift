/// Worker -> coordinator: a job could not finish.
public struct JobFailure: Hashable, Sendable {
    public var jobID: String
    public var attempt: UInt32
    /// What went wrong, for the operator: one line, no payloads.
    public var reason: String
    /// Whether another attempt (on any worker) may succeed: false for a bad job spec.
    public var retryable: Bool

    public init(jobID: String, attempt: UInt32, reason: String, retryable: Bool) {
        self.jobID = jobID
        self.attempt = attempt
        self.reason = reason
        self.retryable = retryable
    }

    public func validate(at path: String = "Fail") throws(WireError) {
        try WireRules.identifier(jobID, at: "\(path).job_id")
        try WireRules.attempt(attempt, at: "\(path).attempt")
        try WireRules.text(reason, at: "\(path).reason")
    }
}
