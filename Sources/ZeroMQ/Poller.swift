internal import CZeroMQ

/// What to wait for on a socket.
public struct PollEvents: OptionSet, Sendable, Hashable {
    public let rawValue: Int16
    public init(rawValue: Int16) { self.rawValue = rawValue }

    /// A message can be received without blocking.
    public static let readable = PollEvents(rawValue: Int16(ZMQ_POLLIN))
    /// A message can be sent without blocking.
    public static let writable = PollEvents(rawValue: Int16(ZMQ_POLLOUT))
}

/// Waits on several sockets at once (`zmq_poll`). Like the sockets it holds, a poller belongs
/// to one thread.
public struct Poller {
    private var sockets: [Socket] = []
    private var items: [zmq_pollitem_t] = []

    public init() {}

    /// Adds a socket and returns its index in the results of `poll`.
    @discardableResult
    public mutating func add(_ socket: Socket, events: PollEvents = .readable) -> Int {
        sockets.append(socket)
        items.append(zmq_pollitem_t(socket: socket.handle, fd: 0, events: events.rawValue, revents: 0))
        return items.count - 1
    }

    /// Waits until at least one socket is ready or the timeout passes.
    ///
    /// - Parameter timeoutMilliseconds: -1 waits forever, 0 returns at once.
    /// - Returns: the ready events of each socket, in the order they were added (empty sets
    ///   when the timeout passed).
    public mutating func poll(timeoutMilliseconds: Int) throws(ZMQError) -> [PollEvents] {
        let count = Int32(items.count)
        _ = try items.withUnsafeMutableBufferPointer { (buffer) throws(ZMQError) in
            try zmqCall("zmq_poll(\(count) sockets)") {
                zmq_poll(buffer.baseAddress, count, timeoutMilliseconds)
            }
        }
        return items.map { PollEvents(rawValue: $0.revents) }
    }
}
