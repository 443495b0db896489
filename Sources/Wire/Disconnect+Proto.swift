internal import GridProto

extension Disconnect {
    init(proto p: Transfergrid__V1__Disconnect, at path: String) throws(WireError) {
        self.init(reason: try ProtoField.string(p.reason, "\(path).reason"),
                  final: (ProtoField.optional(p.has_final, p.final) ?? 0) != 0)
    }

    func proto(in arena: ProtoArena) -> UnsafeMutablePointer<Transfergrid__V1__Disconnect> {
        let message = arena.message(transfergrid__v1__disconnect__init)
        message.pointee.reason = arena.string(reason)
        if final {
            message.pointee.has_final = 1
            message.pointee.final = 1
        }
        return message
    }
}
