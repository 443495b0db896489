internal import GridProto

extension Message {
    /// Reads the body of an unpacked Envelope (its version already checked).
    init(envelope e: Transfergrid__V1__Envelope) throws(WireError) {
        switch e.body_case {
        case TRANSFERGRID__V1__ENVELOPE__BODY_READY:
            self = .ready(try ProtoField.message(e.ready, "Ready") { (p) throws(WireError) in try Ready(proto: p, at: "Ready") })
        case TRANSFERGRID__V1__ENVELOPE__BODY_HEARTBEAT:
            self = .heartbeat(try ProtoField.message(e.heartbeat, "Heartbeat") { (p) throws(WireError) in try Heartbeat(proto: p, at: "Heartbeat") })
        case TRANSFERGRID__V1__ENVELOPE__BODY_ASSIGN:
            self = .assign(try ProtoField.message(e.assign, "Assign") { (p) throws(WireError) in try Assign(proto: p, at: "Assign") })
        case TRANSFERGRID__V1__ENVELOPE__BODY_PROGRESS:
            self = .progress(try ProtoField.message(e.progress, "Progress") { (p) throws(WireError) in try Progress(proto: p, at: "Progress") })
        case TRANSFERGRID__V1__ENVELOPE__BODY_RESULT:
            self = .result(try ProtoField.message(e.result, "Result") { (p) throws(WireError) in try JobResult(proto: p, at: "Result") })
        case TRANSFERGRID__V1__ENVELOPE__BODY_FAIL:
            self = .fail(try ProtoField.message(e.fail, "Fail") { (p) throws(WireError) in try JobFailure(proto: p, at: "Fail") })
        case TRANSFERGRID__V1__ENVELOPE__BODY_FETCH:
            self = .fetch(try ProtoField.message(e.fetch, "Fetch") { (p) throws(WireError) in try ArtifactFetch(proto: p, at: "Fetch") })
        case TRANSFERGRID__V1__ENVELOPE__BODY_CHUNK:
            self = .chunk(try ProtoField.message(e.chunk, "Chunk") { (p) throws(WireError) in try ArtifactChunk(proto: p, at: "Chunk") })
        case TRANSFERGRID__V1__ENVELOPE__BODY_ACK:
            self = .ack(try ProtoField.message(e.ack, "Ack") { (p) throws(WireError) in try Ack(proto: p, at: "Ack") })
        case TRANSFERGRID__V1__ENVELOPE__BODY_DISCONNECT:
            self = .disconnect(try ProtoField.message(e.disconnect, "Disconnect") { (p) throws(WireError) in try Disconnect(proto: p, at: "Disconnect") })
        default:
            // NOT_SET, or a body field this version does not know (protobuf-c skips it).
            throw WireError(.missingField, field: "Envelope.body", "no message body this protocol version knows")
        }
    }

    /// Fills the body of an Envelope.
    func fill(_ envelope: UnsafeMutablePointer<Transfergrid__V1__Envelope>, in arena: ProtoArena) {
        switch self {
        case let .ready(body):
            envelope.pointee.body_case = TRANSFERGRID__V1__ENVELOPE__BODY_READY
            envelope.pointee.ready = body.proto(in: arena)
        case let .heartbeat(body):
            envelope.pointee.body_case = TRANSFERGRID__V1__ENVELOPE__BODY_HEARTBEAT
            envelope.pointee.heartbeat = body.proto(in: arena)
        case let .assign(body):
            envelope.pointee.body_case = TRANSFERGRID__V1__ENVELOPE__BODY_ASSIGN
            envelope.pointee.assign = body.proto(in: arena)
        case let .progress(body):
            envelope.pointee.body_case = TRANSFERGRID__V1__ENVELOPE__BODY_PROGRESS
            envelope.pointee.progress = body.proto(in: arena)
        case let .result(body):
            envelope.pointee.body_case = TRANSFERGRID__V1__ENVELOPE__BODY_RESULT
            envelope.pointee.result = body.proto(in: arena)
        case let .fail(body):
            envelope.pointee.body_case = TRANSFERGRID__V1__ENVELOPE__BODY_FAIL
            envelope.pointee.fail = body.proto(in: arena)
        case let .fetch(body):
            envelope.pointee.body_case = TRANSFERGRID__V1__ENVELOPE__BODY_FETCH
            envelope.pointee.fetch = body.proto(in: arena)
        case let .chunk(body):
            envelope.pointee.body_case = TRANSFERGRID__V1__ENVELOPE__BODY_CHUNK
            envelope.pointee.chunk = body.proto(in: arena)
        case let .ack(body):
            envelope.pointee.body_case = TRANSFERGRID__V1__ENVELOPE__BODY_ACK
            envelope.pointee.ack = body.proto(in: arena)
        case let .disconnect(body):
            envelope.pointee.body_case = TRANSFERGRID__V1__ENVELOPE__BODY_DISCONNECT
            envelope.pointee.disconnect = body.proto(in: arena)
        }
    }
}
