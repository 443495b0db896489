/// Either side: I am leaving; do not wait for my heartbeats. From the coordinator, `final`
/// means the worker is refused for good (it cannot give this grid's scores) and must not
/// register again.
public struct Disconnect: Hashable, Sendable {
    public var reason: String
    public var final: Bool

    public init(reason: String, final: Bool = false) {
        self.reason = reason
        self.final = final
    }

    public func validate(at path: String = "Disconnect") throws(WireError) {
        try WireRules.text(reason, at: "\(path).reason")
    }
}
