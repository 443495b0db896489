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
}
