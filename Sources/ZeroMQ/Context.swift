internal import CZeroMQ

/// A ZeroMQ context: the owner of libzmq's I/O threads.
///
/// `zmq_ctx_term` blocks until every socket of the context is closed, so each `Socket` holds a
/// strong reference to its context: the context is terminated only after its last socket has
/// been closed, in that order, whatever order the owners drop them in.
public final class Context: @unchecked Sendable {
    // libzmq contexts are thread-safe; the handle never changes after init.
    let handle: UnsafeMutableRawPointer

    /// Creates a context with `ioThreads` background I/O threads (one is plenty below ~1 GB/s).
    public init(ioThreads: Int32 = 1) throws(ZMQError) {
        guard let handle = zmq_ctx_new() else {
            throw ZMQError.last("zmq_ctx_new")
        }
        self.handle = handle
        if ioThreads != 1 {
            do {
                _ = try zmqCall("zmq_ctx_set(ZMQ_IO_THREADS, \(ioThreads))") {
                    zmq_ctx_set(handle, ZMQ_IO_THREADS, ioThreads)
                }
            } catch {
                zmq_ctx_term(handle)
                throw error
            }
        }
    }

    deinit {
        // Every socket is closed by now (each keeps its context alive), so this cannot block on
        // an open socket; it only waits for linger of messages still queued.
        while zmq_ctx_term(handle) != 0 && zmq_errno() == EINTR {}
    }

    /// Starts shutting the context down: every blocking call on its sockets, in any thread,
    /// returns `.terminated` from now on. Sockets must still be closed (dropped) afterwards.
    public func shutdown() {
        zmq_ctx_shutdown(handle)
    }

    /// Opens a socket of this context. The socket keeps the context alive until it is closed.
    public func socket(_ type: SocketType) throws(ZMQError) -> Socket {
        try Socket(context: self, type: type)
    }
}
