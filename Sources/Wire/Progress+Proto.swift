internal import GridProto

extension Progress {
    init(proto p: Transfergrid__V1__Progress, at path: String) throws(WireError) {
        self.init(
            jobID: try ProtoField.string(p.job_id, "\(path).job_id"),
            attempt: try ProtoField.required(p.has_attempt, p.attempt, "\(path).attempt"),
            step: try ProtoField.required(p.has_step, p.step, "\(path).step"),
            totalSteps: try ProtoField.required(p.has_total_steps, p.total_steps, "\(path).total_steps"),
            loss: ProtoField.optional(p.has_loss, p.loss))
    }

    func proto(in arena: ProtoArena) -> UnsafeMutablePointer<Transfergrid__V1__Progress> {
        let message = arena.message(transfergrid__v1__progress__init)
        message.pointee.job_id = arena.string(jobID)
        message.pointee.has_attempt = 1
        message.pointee.attempt = attempt
        message.pointee.has_step = 1
        message.pointee.step = step
        message.pointee.has_total_steps = 1
        message.pointee.total_steps = totalSteps
        if let loss {
            message.pointee.has_loss = 1
            message.pointee.loss = loss
        }
        return message
    }
}
