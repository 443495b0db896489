public import Keys
public import ZeroMQ

/// CURVE for the coordinator's socket: its key pair and the folder whose `authorized_workers`
/// lists the workers it lets in (read again whenever the file changes, so `transfergrid keys
/// revoke` takes effect at a worker's next connection).
public struct CurveSecurity: Sendable {
    public static let domain = "transfergrid"

    public var serverKeys: CurveKeyPair
    public var keys: KeyDirectory

    public init(serverKeys: CurveKeyPair, keys: KeyDirectory) {
        self.serverKeys = serverKeys
        self.keys = keys
    }
}
