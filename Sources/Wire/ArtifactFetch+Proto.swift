internal import Core
internal import GridProto

extension ArtifactFetch {
    init(proto p: Transfergrid__V1__Fetch, at path: String) throws(WireError) {
        self.init(
            digest: try ProtoField.digest(p.has_sha256, p.sha256, "\(path).sha256"),
            offset: try ProtoField.required(p.has_offset, p.offset, "\(path).offset"),
            maxBytes: try ProtoField.required(p.has_max_bytes, p.max_bytes, "\(path).max_bytes"))
    }

    func proto(in arena: ProtoArena) -> UnsafeMutablePointer<Transfergrid__V1__Fetch> {
        let message = arena.message(transfergrid__v1__fetch__init)
        message.pointee.has_sha256 = 1
        message.pointee.sha256 = arena.bytes(digest.bytes)
        message.pointee.has_offset = 1
        message.pointee.offset = offset
        message.pointee.has_max_bytes = 1
        message.pointee.max_bytes = maxBytes
        return message
    }
}
