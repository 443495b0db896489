internal import CZeroMQ

/// Facts about the libzmq this process runs on.
public enum ZeroMQLibrary {
    /// The runtime libzmq version, e.g. "4.3.4".
    public static var version: String {
        var major: Int32 = 0, minor: Int32 = 0, patch: Int32 = 0
        zmq_version(&major, &minor, &patch)
        return "\(major).\(minor).\(patch)"
    }

    /// Whether libzmq was built with a capability: "curve", "ipc", "draft", ...
    public static func has(_ capability: String) -> Bool {
        zmq_has(capability) != 0
    }

    /// The oldest libzmq TransferGrid runs on: 4.3.2 (4.3.0 and 4.3.1 have known
    /// remote-code-execution and denial-of-service bugs in the ZMTP/CURVE handshake).
    public static let minimumVersion = (major: Int32(4), minor: Int32(3), patch: Int32(2))

    /// Fails when the runtime libzmq is older than `minimumVersion`.
    public static func requireMinimumVersion() throws(ZMQError) {
        var major: Int32 = 0, minor: Int32 = 0, patch: Int32 = 0
        zmq_version(&major, &minor, &patch)
        let minimum = minimumVersion
        guard (major, minor, patch) >= (minimum.major, minimum.minor, minimum.patch) else {
            throw ZMQError(code: .notSupported, operation: "libzmq version check",
                           detail: "libzmq \(version) is older than \(minimum.major).\(minimum.minor).\(minimum.patch), which has known security bugs; upgrade libzmq (apt-get install libzmq5)")
        }
    }
}
