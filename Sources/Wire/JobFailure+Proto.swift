internal import GridProto

extension JobFailure {
    init(proto p: Transfergrid__V1__Fail, at path: String) throws(WireError) {
        self.init(
            jobID: try ProtoField.string(p.job_id, "\(path).job_id"),
            attempt: try ProtoField.required(p.has_attempt, p.attempt, "\(path).attempt"),
            reason: try ProtoField.string(p.reason, "\(path).reason"),
            retryable: try ProtoField.required(p.has_retryable, p.retryable, "\(path).retryable") != 0,
            notCounted: p.has_not_counted != 0 && p.not_counted != 0)
    }

    func proto(in arena: ProtoArena) -> UnsafeMutablePointer<Transfergrid__V1__Fail> {
        let message = arena.message(transfergrid__v1__fail__init)
        message.pointee.job_id = arena.string(jobID)
        message.pointee.has_attempt = 1
        message.pointee.attempt = attempt
        message.pointee.reason = arena.string(reason)
        message.pointee.has_retryable = 1
        message.pointee.retryable = ProtoField.flag(retryable)
        message.pointee.has_not_counted = 1
        message.pointee.not_counted = ProtoField.flag(notCounted)
        return message
    }
}
