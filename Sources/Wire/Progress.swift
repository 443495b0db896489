/// Worker -> coordinator: a job is alive; renews its lease.
public struct Progress: Hashable, Sendable {
    public var jobID: String
    public var attempt: UInt32
    public var step: UInt32
    public var totalSteps: UInt32
    /// The latest training loss; nil for evaluation jobs.
    public var loss: Float?

    public init(jobID: String, attempt: UInt32, step: UInt32, totalSteps: UInt32, loss: Float? = nil) {
        self.jobID = jobID
        self.attempt = attempt
        self.step = step
        self.totalSteps = totalSteps
        self.loss = loss
    }

    public func validate(at path: String = "Progress") throws(WireError) {
        try WireRules.identifier(jobID, at: "\(path).job_id")
        try WireRules.attempt(attempt, at: "\(path).attempt")
        guard step <= totalSteps else { throw .invalid("\(path).step", "step \(step) is past total_steps \(totalSteps)") }
    }

    // Equality treats two NaN losses as equal, so a decoded message equals the one encoded.
    public static func == (lhs: Progress, rhs: Progress) -> Bool {
        lhs.jobID == rhs.jobID && lhs.attempt == rhs.attempt && lhs.step == rhs.step
            && lhs.totalSteps == rhs.totalSteps && lhs.loss?.bitPattern == rhs.loss?.bitPattern
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(jobID)
        hasher.combine(attempt)
        hasher.combine(step)
        hasher.combine(totalSteps)
        hasher.combine(loss?.bitPattern)
    }
}
