/// Where a job is in its life: pending -> leased -> done, or back to pending (lease lost,
/// retryable failure), or failed after its last attempt; a job one of whose dependencies
/// failed is blocked (it cannot run until `--rerun-failed` gives that job new attempts).
public enum JobState: String, Sendable, CaseIterable {
    case pending, leased, done, failed, blocked

    /// Done, failed or blocked: nothing more runs it in this coordinator's life.
    public var isFinal: Bool { self == .done || self == .failed || self == .blocked }
}
