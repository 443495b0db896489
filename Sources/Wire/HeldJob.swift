/// A job a worker holds (running it, fetching its inputs, or holding its unacknowledged
/// result), and the attempt it was given: READY lists them, so that a restarted coordinator
/// re-adopts the work in flight instead of running it again.
public struct HeldJob: Hashable, Sendable {
    public var jobID: String
    public var attempt: UInt32

    public init(jobID: String, attempt: UInt32) {
        self.jobID = jobID
        self.attempt = attempt
    }

    public func validate(at path: String) throws(WireError) {
        try WireRules.identifier(jobID, at: "\(path).job_id")
        try WireRules.attempt(attempt, at: "\(path).attempt")
    }
}
