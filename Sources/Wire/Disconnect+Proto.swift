internal import GridProto

extension Disconnect {
    init(proto p: Transfergrid__V1__Disconnect, at path: String) throws(WireError) {
        let reason = try Reason(proto: ProtoField.required(p.has_reason, p.reason, "\(path).reason"), at: "\(path).reason")
        let detail = p.detail == nil ? "" : try ProtoField.string(p.detail, "\(path).detail")
        self.init(reason, detail: detail, final: (ProtoField.optional(p.has_final, p.final) ?? 0) != 0)
    }

    func proto(in arena: ProtoArena) -> UnsafeMutablePointer<Transfergrid__V1__Disconnect> {
        let message = arena.message(transfergrid__v1__disconnect__init)
        message.pointee.has_reason = 1
        message.pointee.reason = reason.proto
        if !detail.isEmpty { message.pointee.detail = arena.string(detail) }
        if final {
            message.pointee.has_final = 1
            message.pointee.final = 1
        }
        return message
    }
}

extension Disconnect.Reason {
    init(proto: Transfergrid__V1__DisconnectReason, at field: String) throws(WireError) {
        switch proto {
        case TRANSFERGRID__V1__DISCONNECT_REASON__DISCONNECT_REASON_GRID_COMPLETE: self = .gridComplete
        case TRANSFERGRID__V1__DISCONNECT_REASON__DISCONNECT_REASON_COORDINATOR_STOPPING: self = .coordinatorStopping
        case TRANSFERGRID__V1__DISCONNECT_REASON__DISCONNECT_REASON_WORKER_STOPPING: self = .workerStopping
        case TRANSFERGRID__V1__DISCONNECT_REASON__DISCONNECT_REASON_NOT_REGISTERED: self = .notRegistered
        case TRANSFERGRID__V1__DISCONNECT_REASON__DISCONNECT_REASON_REFUSED: self = .refused
        default: throw WireError(.unknownEnumValue, field: field, "DisconnectReason \(proto.rawValue) is not defined")
        }
    }

    var proto: Transfergrid__V1__DisconnectReason {
        switch self {
        case .gridComplete: TRANSFERGRID__V1__DISCONNECT_REASON__DISCONNECT_REASON_GRID_COMPLETE
        case .coordinatorStopping: TRANSFERGRID__V1__DISCONNECT_REASON__DISCONNECT_REASON_COORDINATOR_STOPPING
        case .workerStopping: TRANSFERGRID__V1__DISCONNECT_REASON__DISCONNECT_REASON_WORKER_STOPPING
        case .notRegistered: TRANSFERGRID__V1__DISCONNECT_REASON__DISCONNECT_REASON_NOT_REGISTERED
        case .refused: TRANSFERGRID__V1__DISCONNECT_REASON__DISCONNECT_REASON_REFUSED
        }
    }
}
