public import Core

/// A job's row as the coordinator needs it when it starts.
public struct StoredJob: Sendable, Equatable {
    public var id: String
    public var state: JobState
    public var attempts: Int
    public var failure: String?
    /// Training jobs that are done: the artifact they produced.
    public var output: ArtifactRef?

    public init(id: String, state: JobState, attempts: Int, failure: String? = nil, output: ArtifactRef? = nil) {
        self.id = id
        self.state = state
        self.attempts = attempts
        self.failure = failure
        self.output = output
    }
}
