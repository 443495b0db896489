/// A job's row as the coordinator needs it when it starts.
public struct StoredJob: Sendable, Equatable {
    public var id: String
    public var state: JobState
    public var attempts: Int
    public var failure: String?
    /// Training jobs: the artifact produced (hex digest), its size and role.
    public var outputDigest: String?
    public var outputSize: Int?
    public var outputRole: String?

    public init(id: String, state: JobState, attempts: Int, failure: String? = nil, outputDigest: String? = nil,
                outputSize: Int? = nil, outputRole: String? = nil) {
        self.id = id
        self.state = state
        self.attempts = attempts
        self.failure = failure
        self.outputDigest = outputDigest
        self.outputSize = outputSize
        self.outputRole = outputRole
    }
}
