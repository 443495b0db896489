internal import GridProto

extension Ack {
    init(proto p: Transfergrid__V1__Ack, at path: String) throws(WireError) {
        let kind = try ProtoField.required(p.has_kind, p.kind, "\(path).kind")
        switch kind {
        case TRANSFERGRID__V1__ACK_KIND__ACK_KIND_READY:
            guard p.job_id == nil, p.has_attempt == 0, p.has_duplicate == 0 else {
                throw .invalid(path, "an ACK of READY carries no job_id, attempt or duplicate")
            }
            self = .ready
        case TRANSFERGRID__V1__ACK_KIND__ACK_KIND_RESULT:
            self = .result(
                jobID: try ProtoField.string(p.job_id, "\(path).job_id"),
                attempt: try ProtoField.required(p.has_attempt, p.attempt, "\(path).attempt"),
                duplicate: (ProtoField.optional(p.has_duplicate, p.duplicate) ?? 0) != 0)
        case TRANSFERGRID__V1__ACK_KIND__ACK_KIND_FAIL:
            guard p.has_duplicate == 0 else { throw .invalid("\(path).duplicate", "only an ACK of RESULT says duplicate") }
            self = .failure(
                jobID: try ProtoField.string(p.job_id, "\(path).job_id"),
                attempt: try ProtoField.required(p.has_attempt, p.attempt, "\(path).attempt"))
        case TRANSFERGRID__V1__ACK_KIND__ACK_KIND_RELEASED:
            guard p.has_duplicate == 0 else { throw .invalid("\(path).duplicate", "only an ACK of RESULT says duplicate") }
            self = .released(
                jobID: try ProtoField.string(p.job_id, "\(path).job_id"),
                attempt: try ProtoField.required(p.has_attempt, p.attempt, "\(path).attempt"))
        default:
            throw WireError(.unknownEnumValue, field: "\(path).kind", "AckKind \(kind.rawValue) is not defined")
        }
    }

    func proto(in arena: ProtoArena) -> UnsafeMutablePointer<Transfergrid__V1__Ack> {
        let message = arena.message(transfergrid__v1__ack__init)
        message.pointee.has_kind = 1
        switch self {
        case .ready:
            message.pointee.kind = TRANSFERGRID__V1__ACK_KIND__ACK_KIND_READY
        case let .result(jobID, attempt, duplicate):
            message.pointee.kind = TRANSFERGRID__V1__ACK_KIND__ACK_KIND_RESULT
            message.pointee.job_id = arena.string(jobID)
            message.pointee.has_attempt = 1
            message.pointee.attempt = attempt
            message.pointee.has_duplicate = 1
            message.pointee.duplicate = ProtoField.flag(duplicate)
        case let .failure(jobID, attempt):
            message.pointee.kind = TRANSFERGRID__V1__ACK_KIND__ACK_KIND_FAIL
            message.pointee.job_id = arena.string(jobID)
            message.pointee.has_attempt = 1
            message.pointee.attempt = attempt
        case let .released(jobID, attempt):
            message.pointee.kind = TRANSFERGRID__V1__ACK_KIND__ACK_KIND_RELEASED
            message.pointee.job_id = arena.string(jobID)
            message.pointee.has_attempt = 1
            message.pointee.attempt = attempt
        }
        return message
    }
}
