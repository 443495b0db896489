internal import Core
internal import GridProto

extension Assign {
    init(proto p: Transfergrid__V1__Assign, at path: String) throws(WireError) {
        self.init(
            job: try ProtoField.message(p.job, "\(path).job") { (value) throws(WireError) in
                try JobSpec(proto: value, at: "\(path).job")
            },
            attempt: try ProtoField.required(p.has_attempt, p.attempt, "\(path).attempt"),
            leaseMilliseconds: try ProtoField.required(p.has_lease_ms, p.lease_ms, "\(path).lease_ms"))
    }

    func proto(in arena: ProtoArena) -> UnsafeMutablePointer<Transfergrid__V1__Assign> {
        let message = arena.message(transfergrid__v1__assign__init)
        message.pointee.job = job.proto(in: arena)
        message.pointee.has_attempt = 1
        message.pointee.attempt = attempt
        message.pointee.has_lease_ms = 1
        message.pointee.lease_ms = leaseMilliseconds
        return message
    }
}
