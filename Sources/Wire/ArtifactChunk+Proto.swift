internal import Core
internal import GridProto

extension ArtifactChunk {
    /// A chunk is either `not_found = true` and nothing else, or offset, total_bytes and data.
    init(proto p: Transfergrid__V1__Chunk, at path: String) throws(WireError) {
        let digest = try ProtoField.digest(p.has_sha256, p.sha256, "\(path).sha256")
        if p.has_not_found != 0 && p.not_found != 0 {
            guard p.has_offset == 0, p.has_total_bytes == 0, p.has_data == 0 else {
                throw .invalid("\(path).not_found", "a not-found chunk carries no offset, total_bytes or data")
            }
            self.init(digest: digest, content: .notFound)
            return
        }
        self.init(
            digest: digest,
            content: .data(
                offset: try ProtoField.required(p.has_offset, p.offset, "\(path).offset"),
                totalBytes: try ProtoField.required(p.has_total_bytes, p.total_bytes, "\(path).total_bytes"),
                bytes: try ProtoField.bytes(p.has_data, p.data, "\(path).data")))
    }

    func proto(in arena: ProtoArena) -> UnsafeMutablePointer<Transfergrid__V1__Chunk> {
        let message = arena.message(transfergrid__v1__chunk__init)
        message.pointee.has_sha256 = 1
        message.pointee.sha256 = arena.bytes(digest.bytes)
        switch content {
        case .notFound:
            message.pointee.has_not_found = 1
            message.pointee.not_found = 1
        case let .data(offset, totalBytes, bytes):
            message.pointee.has_offset = 1
            message.pointee.offset = offset
            message.pointee.has_total_bytes = 1
            message.pointee.total_bytes = totalBytes
            message.pointee.has_data = 1
            message.pointee.data = arena.bytes(bytes)
        }
        return message
    }
}
