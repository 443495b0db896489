/// What a grid's jobs have taken so far: the makings of its estimate of the time left
/// (`RemainingTime`). Times are seconds; instants seconds since 1970.
public struct JobTimes: Sendable, Equatable {
    /// How long each done job's successful attempt took, by job id; for a job taken from another
    /// store, how long it took there (none if that store did not know).
    public var took: [String: Double] = [:]
    /// When each running attempt started, by job id.
    public var runningSince: [String: Double] = [:]
    /// The jobs done or failed: nothing left to run.
    public var finished: Set<String> = []

    public init(took: [String: Double] = [:], runningSince: [String: Double] = [:], finished: Set<String> = []) {
        self.took = took
        self.runningSince = runningSince
        self.finished = finished
    }
}
