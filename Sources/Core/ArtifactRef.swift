/// A content-addressed artifact (a checkpoint or an adapter) and the role it plays in a job.
public struct ArtifactRef: Hashable, Sendable {
    public enum Role: Hashable, Sendable, CaseIterable {
        case baseCheckpoint
        case loraAdapter
    }

    public var role: Role
    public var digest: SHA256Digest
    public var sizeBytes: UInt64

    public init(role: Role, digest: SHA256Digest, sizeBytes: UInt64) {
        self.role = role
        self.digest = digest
        self.sizeBytes = sizeBytes
    }
}
