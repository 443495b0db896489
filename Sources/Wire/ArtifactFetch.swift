public import Core
/// Worker -> coordinator: send me up to `maxBytes` of an artifact, from `offset`.
public struct ArtifactFetch: Hashable, Sendable {
    /// The largest chunk a worker may ask for: chunks stay well under the frame limit.
    public static let maxChunkBytes: UInt32 = 4 << 20

    public var digest: SHA256Digest
    public var offset: UInt64
    public var maxBytes: UInt32

    public init(digest: SHA256Digest, offset: UInt64, maxBytes: UInt32) {
        self.digest = digest
        self.offset = offset
        self.maxBytes = maxBytes
    }

    public func validate(at path: String = "Fetch") throws(WireError) {
        guard maxBytes >= 1, maxBytes <= Self.maxChunkBytes else {
            throw .invalid("\(path).max_bytes", "must be 1...\(Self.maxChunkBytes), got \(maxBytes)")
        }
    }
}
