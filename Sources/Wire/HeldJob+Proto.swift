internal import GridProto

extension HeldJob {
    init(proto p: Transfergrid__V1__HeldJob, at path: String) throws(WireError) {
        self.init(jobID: try ProtoField.string(p.job_id, "\(path).job_id"),
                  attempt: try ProtoField.required(p.has_attempt, p.attempt, "\(path).attempt"))
    }

    func proto(in arena: ProtoArena) -> UnsafeMutablePointer<Transfergrid__V1__HeldJob> {
        let message = arena.message(transfergrid__v1__held_job__init)
        message.pointee.job_id = arena.string(jobID)
        message.pointee.has_attempt = 1
        message.pointee.attempt = attempt
        return message
    }
}
