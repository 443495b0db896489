public import Core
public import Wire

/// What happens to the scheduler: a decoded message from a peer (named by its ZeroMQ routing
/// id), an artifact that finished arriving, or the passing of time.
public enum SchedulerEvent: Sendable {
    case message(from: [UInt8], Message)
    /// A training job's artifact is complete on disk and its digest verified.
    case artifactStored(SHA256Digest)
    /// A stored artifact no longer hashes to its name (damaged at rest) and was set aside: the
    /// job that made it runs again; what needs it waits.
    case artifactDamaged(SHA256Digest)
    case tick
}
