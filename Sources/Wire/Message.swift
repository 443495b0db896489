/// One protocol message: the body of an Envelope.
public enum Message: Hashable, Sendable {
    case ready(Ready)
    case heartbeat(Heartbeat)
    case assign(Assign)
    case progress(Progress)
    case result(JobResult)
    case fail(JobFailure)
    case fetch(ArtifactFetch)
    case chunk(ArtifactChunk)
    case ack(Ack)
    case disconnect(Disconnect)

    /// The message's name on the wire: READY, HEARTBEAT, ...
    public var name: String {
        switch self {
        case .ready: "READY"
        case .heartbeat: "HEARTBEAT"
        case .assign: "ASSIGN"
        case .progress: "PROGRESS"
        case .result: "RESULT"
        case .fail: "FAIL"
        case .fetch: "FETCH"
        case .chunk: "CHUNK"
        case .ack: "ACK"
        case .disconnect: "DISCONNECT"
        }
    }

    /// Checks every rule decoding enforces, so a sender finds its own bugs before a peer does.
    public func validate() throws(WireError) {
        switch self {
        case let .ready(body): try body.validate()
        case let .heartbeat(body): try body.validate()
        case let .assign(body): try body.validate()
        case let .progress(body): try body.validate()
        case let .result(body): try body.validate()
        case let .fail(body): try body.validate()
        case let .fetch(body): try body.validate()
        case let .chunk(body): try body.validate()
        case let .ack(body): try body.validate()
        case let .disconnect(body): try body.validate()
        }
    }
}
