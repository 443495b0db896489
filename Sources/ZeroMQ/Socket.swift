internal import CZeroMQ

/// One ZeroMQ socket, the only owner of its libzmq handle.
///
/// ZeroMQ sockets are not thread-safe: use a socket from one thread at a time (hand it over
/// with `sending`, never share it). The socket closes in `deinit`; it keeps its `Context`
/// alive until then, so the context is always terminated after its sockets.
///
/// New sockets get a finite linger (`Socket.defaultLingerMilliseconds`) instead of libzmq's
/// infinite one, so a process never hangs at exit on a peer that is gone.
public final class Socket {
    /// The linger every new socket starts with, in milliseconds.
    public static let defaultLingerMilliseconds: Int32 = 1000

    let handle: UnsafeMutableRawPointer
    public let type: SocketType
    let context: Context
    /// One reusable zmq_msg_t: libzmq forbids moving an initialised message, so it lives at a
    /// fixed heap address for the socket's lifetime.
    let message: UnsafeMutablePointer<zmq_msg_t>

    init(context: Context, type: SocketType) throws(ZMQError) {
        guard let handle = zmq_socket(context.handle, type.rawValue) else {
            throw ZMQError.last("zmq_socket(\(type))")
        }
        self.handle = handle
        self.type = type
        self.context = context
        self.message = .allocate(capacity: 1)
        do {
            try set(.linger, Self.defaultLingerMilliseconds)
        } catch {
            zmq_close(handle)
            message.deallocate()
            throw error
        }
    }

    deinit {
        zmq_close(handle)
        message.deallocate()
    }

    /// Binds to an endpoint: `tcp://127.0.0.1:5555`, `tcp://*:*`, `inproc://name`, `ipc://path`.
    public func bind(_ endpoint: String) throws(ZMQError) {
        _ = try zmqCall("zmq_bind(\(endpoint))") { zmq_bind(handle, endpoint) }
    }

    /// Connects to an endpoint; the connection is made (and remade) in the background.
    public func connect(_ endpoint: String) throws(ZMQError) {
        _ = try zmqCall("zmq_connect(\(endpoint))") { zmq_connect(handle, endpoint) }
    }

    public func unbind(_ endpoint: String) throws(ZMQError) {
        _ = try zmqCall("zmq_unbind(\(endpoint))") { zmq_unbind(handle, endpoint) }
    }

    public func disconnect(_ endpoint: String) throws(ZMQError) {
        _ = try zmqCall("zmq_disconnect(\(endpoint))") { zmq_disconnect(handle, endpoint) }
    }

    /// The endpoint of the last bind, with a wildcard port resolved: `tcp://127.0.0.1:41234`.
    public var lastEndpoint: String {
        get throws(ZMQError) { try get(.lastEndpoint) }
    }
}
