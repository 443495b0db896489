public import Core
/// Coordinator -> worker: part of an artifact, or word that the coordinator does not hold it.
public struct ArtifactChunk: Hashable, Sendable {
    public enum Content: Hashable, Sendable {
        /// `data` starts at `offset` of an artifact of `totalBytes`.
        case data(offset: UInt64, totalBytes: UInt64, bytes: [UInt8])
        /// The coordinator holds no artifact with this digest.
        case notFound
    }

    public var digest: SHA256Digest
    public var content: Content

    public init(digest: SHA256Digest, content: Content) {
        self.digest = digest
        self.content = content
    }

    public func validate(at path: String = "Chunk") throws(WireError) {
        guard case let .data(offset, totalBytes, bytes) = content else { return }
        guard bytes.count <= Int(ArtifactFetch.maxChunkBytes) else {
            throw .invalid("\(path).data", "\(bytes.count) bytes exceed the chunk limit \(ArtifactFetch.maxChunkBytes)")
        }
        let (end, overflow) = offset.addingReportingOverflow(UInt64(bytes.count))
        guard !overflow, end <= totalBytes else {
            throw .invalid("\(path).data", "offset \(offset) + \(bytes.count) bytes runs past total_bytes \(totalBytes)")
        }
    }
}

extension ArtifactChunk: CustomStringConvertible {
    /// Names the artifact and the byte range, never the payload (logs must not carry it).
    public var description: String {
        switch content {
        case .notFound: "ArtifactChunk(\(digest.hex.prefix(12)), not found)"
        case let .data(offset, totalBytes, bytes):
            "ArtifactChunk(\(digest.hex.prefix(12)), bytes \(offset)..<\(offset + UInt64(bytes.count)) of \(totalBytes))"
        }
    }
}
