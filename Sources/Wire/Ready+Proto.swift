internal import GridProto

extension Ready {
    init(proto p: Transfergrid__V1__Ready, at path: String) throws(WireError) {
        self.init(
            workerID: try ProtoField.string(p.worker_id, "\(path).worker_id"),
            host: try ProtoField.string(p.host, "\(path).host"),
            capabilities: try ProtoField.message(p.capabilities, "\(path).capabilities") { (value) throws(WireError) in
                try Capabilities(proto: value, at: "\(path).capabilities")
            },
            softwareVersion: try ProtoField.string(p.software_version, "\(path).software_version"))
    }

    func proto(in arena: ProtoArena) -> UnsafeMutablePointer<Transfergrid__V1__Ready> {
        let message = arena.message(transfergrid__v1__ready__init)
        message.pointee.worker_id = arena.string(workerID)
        message.pointee.host = arena.string(host)
        message.pointee.capabilities = capabilities.proto(in: arena)
        message.pointee.software_version = arena.string(softwareVersion)
        return message
    }
}
