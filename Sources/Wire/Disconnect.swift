/// Either side: I am leaving; do not wait for my heartbeats. From the coordinator, `final`
/// means the worker is refused for good (it cannot give this grid's scores) and must not
/// register again.
public struct Disconnect: Hashable, Sendable {
    /// Why: what the receiver acts on.
    public enum Reason: Hashable, Sendable, CaseIterable {
        /// Coordinator: every job is done or failed for good.
        case gridComplete
        /// Coordinator: shutting down with work left; it will resume from its store.
        case coordinatorStopping
        /// Worker: leaving; its running jobs go back.
        case workerStopping
        /// Coordinator: the sender is not registered; it should send READY.
        case notRegistered
        /// Coordinator: this worker cannot serve the grid; `detail` says why.
        case refused
    }

    public var reason: Reason
    /// Free text for people (may be empty); never parsed.
    public var detail: String
    public var final: Bool

    public init(_ reason: Reason, detail: String = "", final: Bool = false) {
        self.reason = reason
        self.detail = detail
        self.final = final
    }

    public func validate(at path: String = "Disconnect") throws(WireError) {
        try WireRules.text(detail, at: "\(path).detail", allowEmpty: true)
    }
}

extension Disconnect: CustomStringConvertible {
    /// The reason, and the detail when there is one: "refused: worker w1 ...".
    public var description: String {
        let name = switch reason {
        case .gridComplete: "grid complete"
        case .coordinatorStopping: "coordinator stopping"
        case .workerStopping: "worker stopping"
        case .notRegistered: "not registered: send READY"
        case .refused: "refused"
        }
        return detail.isEmpty ? name : "\(name): \(detail)"
    }
}
