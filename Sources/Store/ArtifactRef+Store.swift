public import Core

extension ArtifactRef.Role {
    /// The role's name in the store.
    public var storeName: String {
        switch self {
        case .baseCheckpoint: "base"
        case .loraAdapter: "adapter"
        }
    }

    public init?(storeName: String) {
        switch storeName {
        case "base": self = .baseCheckpoint
        case "adapter": self = .loraAdapter
        default: return nil
        }
    }
}

extension ArtifactRef {
    /// An artifact as a job's row keeps it (hex digest, size, role name); nil when any part is
    /// missing or malformed.
    init?(storedDigest hex: String?, size: Int64?, role name: String?) {
        guard let hex, let digest = SHA256Digest(hex: hex), let size, size >= 0,
              let name, let role = Role(storeName: name) else { return nil }
        self.init(role: role, digest: digest, sizeBytes: UInt64(size))
    }
}
