/// Both ways, about once a second: either side declares the other dead after a few misses.
public struct Heartbeat: Hashable, Sendable {
    public var sentAtUnixMilliseconds: UInt64
    /// Worker -> coordinator: the jobs the worker still holds. Empty from the coordinator.
    public var runningJobIDs: [String]

    public init(sentAtUnixMilliseconds: UInt64, runningJobIDs: [String] = []) {
        self.sentAtUnixMilliseconds = sentAtUnixMilliseconds
        self.runningJobIDs = runningJobIDs
    }

    public func validate(at path: String = "Heartbeat") throws(WireError) {
        for (index, id) in runningJobIDs.enumerated() {
            try WireRules.identifier(id, at: "\(path).running_job_ids[\(index)]")
        }
    }
}
