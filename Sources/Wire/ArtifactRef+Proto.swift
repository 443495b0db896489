internal import Core
internal import GridProto

extension ArtifactRef.Role {
    init(proto: Transfergrid__V1__ArtifactRole, at field: String) throws(WireError) {
        switch proto {
        case TRANSFERGRID__V1__ARTIFACT_ROLE__ARTIFACT_ROLE_BASE_CHECKPOINT: self = .baseCheckpoint
        case TRANSFERGRID__V1__ARTIFACT_ROLE__ARTIFACT_ROLE_LORA_ADAPTER: self = .loraAdapter
        default: throw WireError(.unknownEnumValue, field: field, "ArtifactRole \(proto.rawValue) is not defined")
        }
    }

    var proto: Transfergrid__V1__ArtifactRole {
        switch self {
        case .baseCheckpoint: TRANSFERGRID__V1__ARTIFACT_ROLE__ARTIFACT_ROLE_BASE_CHECKPOINT
        case .loraAdapter: TRANSFERGRID__V1__ARTIFACT_ROLE__ARTIFACT_ROLE_LORA_ADAPTER
        }
    }
}

extension ArtifactRef {
    init(proto: Transfergrid__V1__ArtifactRef, at path: String) throws(WireError) {
        self.init(
            role: try Role(proto: ProtoField.required(proto.has_role, proto.role, "\(path).role"), at: "\(path).role"),
            digest: try ProtoField.digest(proto.has_sha256, proto.sha256, "\(path).sha256"),
            sizeBytes: try ProtoField.required(proto.has_size_bytes, proto.size_bytes, "\(path).size_bytes"))
    }

    func proto(in arena: ProtoArena) -> UnsafeMutablePointer<Transfergrid__V1__ArtifactRef> {
        let message = arena.message(transfergrid__v1__artifact_ref__init)
        message.pointee.has_role = 1
        message.pointee.role = role.proto
        message.pointee.has_sha256 = 1
        message.pointee.sha256 = arena.bytes(digest.bytes)
        message.pointee.has_size_bytes = 1
        message.pointee.size_bytes = sizeBytes
        return message
    }
}
