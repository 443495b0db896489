internal import GridProto

extension Ready {
    init(proto p: Transfergrid__V1__Ready, at path: String) throws(WireError) {
        var held: [HeldJob] = []
        for (index, job) in ProtoField.elements(p.held_jobs, p.n_held_jobs).enumerated() {
            let field = "\(path).held_jobs[\(index)]"
            held.append(try ProtoField.message(job, field) { (value) throws(WireError) in try HeldJob(proto: value, at: field) })
        }
        self.init(
            workerID: try ProtoField.string(p.worker_id, "\(path).worker_id"),
            host: try ProtoField.string(p.host, "\(path).host"),
            capabilities: try ProtoField.message(p.capabilities, "\(path).capabilities") { (value) throws(WireError) in
                try Capabilities(proto: value, at: "\(path).capabilities")
            },
            softwareVersion: try ProtoField.string(p.software_version, "\(path).software_version"),
            heldJobs: held,
            incarnation: try ProtoField.required(p.has_incarnation, p.incarnation, "\(path).incarnation"))
    }

    func proto(in arena: ProtoArena) -> UnsafeMutablePointer<Transfergrid__V1__Ready> {
        let message = arena.message(transfergrid__v1__ready__init)
        message.pointee.worker_id = arena.string(workerID)
        message.pointee.host = arena.string(host)
        message.pointee.capabilities = capabilities.proto(in: arena)
        message.pointee.software_version = arena.string(softwareVersion)
        message.pointee.n_held_jobs = heldJobs.count
        message.pointee.held_jobs = arena.array(heldJobs.map { Optional($0.proto(in: arena)) })
        message.pointee.has_incarnation = 1
        message.pointee.incarnation = incarnation
        return message
    }
}
