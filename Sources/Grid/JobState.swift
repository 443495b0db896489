/// Where a job is in its life: pending -> leased -> done, or back to pending (lease lost,
/// retryable failure), or failed after its last attempt.
public enum JobState: String, Sendable, CaseIterable {
    case pending, leased, done, failed
}
