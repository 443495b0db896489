internal import CZeroMQ
internal import Synchronization

/// A connection event of a monitored socket (`zmq_socket_monitor`).
public struct MonitorEvent: Hashable, Sendable, CustomStringConvertible {
    /// The kind of event. A struct over the ZMQ_EVENT_* bit so new kinds need no new case.
    public struct Kind: OptionSet, Hashable, Sendable {
        public let rawValue: UInt16
        public init(rawValue: UInt16) { self.rawValue = rawValue }

        public static let connected = Kind(rawValue: UInt16(ZMQ_EVENT_CONNECTED))
        public static let connectDelayed = Kind(rawValue: UInt16(ZMQ_EVENT_CONNECT_DELAYED))
        public static let connectRetried = Kind(rawValue: UInt16(ZMQ_EVENT_CONNECT_RETRIED))
        public static let listening = Kind(rawValue: UInt16(ZMQ_EVENT_LISTENING))
        public static let bindFailed = Kind(rawValue: UInt16(ZMQ_EVENT_BIND_FAILED))
        public static let accepted = Kind(rawValue: UInt16(ZMQ_EVENT_ACCEPTED))
        public static let acceptFailed = Kind(rawValue: UInt16(ZMQ_EVENT_ACCEPT_FAILED))
        public static let closed = Kind(rawValue: UInt16(ZMQ_EVENT_CLOSED))
        public static let closeFailed = Kind(rawValue: UInt16(ZMQ_EVENT_CLOSE_FAILED))
        public static let disconnected = Kind(rawValue: UInt16(ZMQ_EVENT_DISCONNECTED))
        public static let monitorStopped = Kind(rawValue: UInt16(ZMQ_EVENT_MONITOR_STOPPED))
        public static let handshakeFailedNoDetail = Kind(rawValue: UInt16(ZMQ_EVENT_HANDSHAKE_FAILED_NO_DETAIL))
        public static let handshakeSucceeded = Kind(rawValue: UInt16(ZMQ_EVENT_HANDSHAKE_SUCCEEDED))
        public static let handshakeFailedProtocol = Kind(rawValue: UInt16(ZMQ_EVENT_HANDSHAKE_FAILED_PROTOCOL))
        public static let handshakeFailedAuth = Kind(rawValue: UInt16(ZMQ_EVENT_HANDSHAKE_FAILED_AUTH))

        /// Every event libzmq 4.3 reports.
        public static let all = Kind(rawValue: UInt16(truncatingIfNeeded: ZMQ_EVENT_ALL))
    }

    public let kind: Kind
    /// The event's value: a file descriptor, an errno or a retry interval, by kind.
    public let value: UInt32
    /// The endpoint the event is about.
    public let endpoint: String

    public var description: String { "MonitorEvent(0x\(String(kind.rawValue, radix: 16)), \(value), \(endpoint))" }
}

/// Reads the connection events of one socket over an inproc PAIR socket.
///
/// Tests use it to wait on events (a peer connected, a peer was disconnected) instead of
/// sleeping; a coordinator can use it to notice dropped connections.
public final class SocketMonitor {
    private static let counter = Atomic<UInt64>(0)

    private let pair: Socket
    public let endpoint: String

    /// The socket the events arrive on, to add to a `Poller`; read them with `next(timeoutMilliseconds: 0)`.
    public var socket: Socket { pair }

    init(watching socket: Socket, events: MonitorEvent.Kind, context: Context) throws(ZMQError) {
        let number = Self.counter.wrappingAdd(1, ordering: .relaxed).newValue
        let endpoint = "inproc://transfergrid-monitor-\(number)"
        _ = try zmqCall("zmq_socket_monitor(\(endpoint))") {
            zmq_socket_monitor(socket.handle, endpoint, Int32(events.rawValue))
        }
        let pair = try context.socket(.pair)
        try pair.set(.linger, 0)
        try pair.connect(endpoint)
        self.pair = pair
        self.endpoint = endpoint
    }

    /// The next event, or nil when none comes within the timeout.
    public func next(timeoutMilliseconds: Int32) throws(ZMQError) -> MonitorEvent? {
        try pair.set(.receiveTimeout, timeoutMilliseconds)
        let frames: [Frame]
        do {
            frames = try pair.receive()
        } catch where error.code == .again {
            return nil
        }
        // Frame 1: uint16 event + uint32 value, native byte order; frame 2: the endpoint.
        guard frames.count == 2, frames[0].count == 6 else {
            throw ZMQError(
                code: .other, operation: "SocketMonitor.next",
                detail: "unexpected monitor message layout: \(frames.map(\.count)) bytes")
        }
        let head = frames[0]
        let kind = UInt16(head[0]) | UInt16(head[1]) << 8
        let value = UInt32(head[2]) | UInt32(head[3]) << 8 | UInt32(head[4]) << 16 | UInt32(head[5]) << 24
        return MonitorEvent(
            kind: MonitorEvent.Kind(rawValue: kind), value: value,
            endpoint: String(decoding: frames[1], as: UTF8.self))
    }

    /// Waits for an event of one of `kinds`, skipping others, until `timeoutMilliseconds` passes.
    public func waitFor(_ kinds: MonitorEvent.Kind, timeoutMilliseconds: Int32) throws(ZMQError) -> MonitorEvent? {
        let deadline = ContinuousClock.now.advanced(by: .milliseconds(timeoutMilliseconds))
        while true {
            let left = ContinuousClock.now.duration(to: deadline)
            guard left > .zero else { return nil }
            let leftMilliseconds = Int32(left.components.seconds * 1000 + left.components.attoseconds / 1_000_000_000_000_000)
            guard let event = try next(timeoutMilliseconds: max(1, leftMilliseconds)) else { return nil }
            if !kinds.isDisjoint(with: event.kind) { return event }
        }
    }
}

extension Socket {
    /// Starts reporting this socket's connection events of `events`.
    public func monitor(events: MonitorEvent.Kind = .all) throws(ZMQError) -> SocketMonitor {
        try SocketMonitor(watching: self, events: events, context: context)
    }
}
