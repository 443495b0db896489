/// Worker -> coordinator: the first message after (re)connecting.
public struct Ready: Hashable, Sendable {
    public var workerID: String
    public var host: String
    public var capabilities: Capabilities
    public var softwareVersion: String
    /// The jobs the worker holds (running, fetching inputs, or with a result not yet
    /// acknowledged): the coordinator keeps their leases with it, and takes back any other job
    /// it had given this worker.
    public var heldJobs: [HeldJob]
    /// Drawn at random when the worker process starts: a READY with another one under the
    /// same id comes from a restarted worker, which holds only what it lists.
    public var incarnation: UInt64

    public init(workerID: String, host: String, capabilities: Capabilities, softwareVersion: String = SoftwareVersion.current,
                heldJobs: [HeldJob] = [], incarnation: UInt64 = 0) {
        self.workerID = workerID
        self.host = host
        self.capabilities = capabilities
        self.softwareVersion = softwareVersion
        self.heldJobs = heldJobs
        self.incarnation = incarnation
    }

    public func validate(at path: String = "Ready") throws(WireError) {
        try WireRules.identifier(workerID, at: "\(path).worker_id")
        try WireRules.text(host, at: "\(path).host")
        try WireRules.text(softwareVersion, at: "\(path).software_version")
        try capabilities.validate(at: "\(path).capabilities")
        for (index, held) in heldJobs.enumerated() { try held.validate(at: "\(path).held_jobs[\(index)]") }
    }
}
