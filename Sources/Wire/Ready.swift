/// Worker -> coordinator: the first message after (re)connecting.
public struct Ready: Hashable, Sendable {
    public var workerID: String
    public var host: String
    public var capabilities: Capabilities
    public var softwareVersion: String

    public init(workerID: String, host: String, capabilities: Capabilities, softwareVersion: String = SoftwareVersion.current) {
        self.workerID = workerID
        self.host = host
        self.capabilities = capabilities
        self.softwareVersion = softwareVersion
    }

    public func validate(at path: String = "Ready") throws(WireError) {
        try WireRules.identifier(workerID, at: "\(path).worker_id")
        try WireRules.text(host, at: "\(path).host")
        try WireRules.text(softwareVersion, at: "\(path).software_version")
        try capabilities.validate(at: "\(path).capabilities")
    }
}
