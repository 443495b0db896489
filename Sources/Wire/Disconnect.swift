/// Either side: I am leaving; do not wait for my heartbeats.
public struct Disconnect: Hashable, Sendable {
    public var reason: String

    public init(reason: String) {
        self.reason = reason
    }

    public func validate(at path: String = "Disconnect") throws(WireError) {
        try WireRules.text(reason, at: "\(path).reason")
    }
}
