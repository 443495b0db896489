/// An acknowledgement: a worker registered, or a result or failure durably recorded.
public enum Ack: Hashable, Sendable {
    /// Coordinator -> worker: READY was accepted; the worker is registered.
    case ready
    /// Coordinator -> worker: the result is committed to the store. `duplicate` when the cell
    /// already had a committed result (the first one wins; this one is kept as a duplicate).
    case result(jobID: String, attempt: UInt32, duplicate: Bool)
    /// Coordinator -> worker: the failure is recorded.
    case failure(jobID: String, attempt: UInt32)
    /// Coordinator -> worker, answering a PROGRESS: this attempt is no longer the worker's (its
    /// lease expired and the job went to another worker, or the job is done); stop it.
    case released(jobID: String, attempt: UInt32)

    public func validate(at path: String = "Ack") throws(WireError) {
        switch self {
        case .ready: return
        case let .result(jobID, attempt, _), let .failure(jobID, attempt), let .released(jobID, attempt):
            try WireRules.identifier(jobID, at: "\(path).job_id")
            try WireRules.attempt(attempt, at: "\(path).attempt")
        }
    }
}
