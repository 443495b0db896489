internal import CZeroMQ

/// Integer socket options (C `int`). Times are in milliseconds; -1 means "infinite".
public struct IntOption: Sendable, CustomStringConvertible {
    let raw: Int32
    public let description: String

    /// How long queued messages are kept after close (ZMQ_LINGER).
    public static let linger = IntOption(raw: ZMQ_LINGER, description: "ZMQ_LINGER")
    /// Outgoing queue bound, in messages (ZMQ_SNDHWM).
    public static let sendHighWaterMark = IntOption(raw: ZMQ_SNDHWM, description: "ZMQ_SNDHWM")
    /// Incoming queue bound, in messages (ZMQ_RCVHWM).
    public static let receiveHighWaterMark = IntOption(raw: ZMQ_RCVHWM, description: "ZMQ_RCVHWM")
    /// Blocking receive gives up with `.again` after this (ZMQ_RCVTIMEO).
    public static let receiveTimeout = IntOption(raw: ZMQ_RCVTIMEO, description: "ZMQ_RCVTIMEO")
    /// Blocking send gives up with `.again` after this (ZMQ_SNDTIMEO).
    public static let sendTimeout = IntOption(raw: ZMQ_SNDTIMEO, description: "ZMQ_SNDTIMEO")
    /// First reconnect delay (ZMQ_RECONNECT_IVL).
    public static let reconnectInterval = IntOption(raw: ZMQ_RECONNECT_IVL, description: "ZMQ_RECONNECT_IVL")
    /// Reconnect back-off cap; 0 disables back-off (ZMQ_RECONNECT_IVL_MAX).
    public static let reconnectIntervalMax = IntOption(raw: ZMQ_RECONNECT_IVL_MAX, description: "ZMQ_RECONNECT_IVL_MAX")
    /// ZMTP PING interval; 0 disables transport heartbeats (ZMQ_HEARTBEAT_IVL).
    public static let heartbeatInterval = IntOption(raw: ZMQ_HEARTBEAT_IVL, description: "ZMQ_HEARTBEAT_IVL")
    /// Drop the connection when no traffic follows a PING for this long (ZMQ_HEARTBEAT_TIMEOUT).
    public static let heartbeatTimeout = IntOption(raw: ZMQ_HEARTBEAT_TIMEOUT, description: "ZMQ_HEARTBEAT_TIMEOUT")
    /// Ask the peer to drop us after this long without traffic (ZMQ_HEARTBEAT_TTL).
    public static let heartbeatTTL = IntOption(raw: ZMQ_HEARTBEAT_TTL, description: "ZMQ_HEARTBEAT_TTL")
    /// Connection handshake deadline (ZMQ_HANDSHAKE_IVL).
    public static let handshakeInterval = IntOption(raw: ZMQ_HANDSHAKE_IVL, description: "ZMQ_HANDSHAKE_IVL")
    /// Readiness bits (read-only): ZMQ_POLLIN / ZMQ_POLLOUT (ZMQ_EVENTS).
    public static let events = IntOption(raw: ZMQ_EVENTS, description: "ZMQ_EVENTS")
}

/// Boolean socket options.
public struct BoolOption: Sendable, CustomStringConvertible {
    let raw: Int32
    public let description: String

    /// ROUTER: fail a send to an unknown peer with `.hostUnreachable` instead of dropping it.
    public static let routerMandatory = BoolOption(raw: ZMQ_ROUTER_MANDATORY, description: "ZMQ_ROUTER_MANDATORY")
    /// ROUTER: a new connection with a known routing id takes it over (a worker that reconnects).
    public static let routerHandover = BoolOption(raw: ZMQ_ROUTER_HANDOVER, description: "ZMQ_ROUTER_HANDOVER")
    /// Queue messages only to completed connections (ZMQ_IMMEDIATE).
    public static let immediate = BoolOption(raw: ZMQ_IMMEDIATE, description: "ZMQ_IMMEDIATE")
    /// Act as CURVE server (ZMQ_CURVE_SERVER).
    public static let curveServer = BoolOption(raw: ZMQ_CURVE_SERVER, description: "ZMQ_CURVE_SERVER")
    /// Also allow IPv6 (ZMQ_IPV6).
    public static let ipv6 = BoolOption(raw: ZMQ_IPV6, description: "ZMQ_IPV6")
    /// Refuse every CURVE/PLAIN peer when no ZAP handler answers (ZMQ_ZAP_ENFORCE_DOMAIN, 93; a
    /// draft option in libzmq 4.3, so its header constant is hidden: set it where the library
    /// accepts it, and never run without a handler where it does not).
    public static let zapEnforceDomain = BoolOption(raw: 93, description: "ZMQ_ZAP_ENFORCE_DOMAIN")
}

/// 64-bit integer socket options.
public struct Int64Option: Sendable, CustomStringConvertible {
    let raw: Int32
    public let description: String

    /// Largest inbound message, in bytes; a peer that sends more is disconnected. -1: no limit.
    public static let maxMessageSize = Int64Option(raw: ZMQ_MAXMSGSIZE, description: "ZMQ_MAXMSGSIZE")
}

/// Binary socket options.
public struct BytesOption: Sendable, CustomStringConvertible {
    let raw: Int32
    public let description: String

    /// This socket's identity as seen by a ROUTER peer (ZMQ_ROUTING_ID), 1...255 bytes.
    public static let routingID = BytesOption(raw: ZMQ_ROUTING_ID, description: "ZMQ_ROUTING_ID")
    /// Subscribe to a prefix (SUB sockets).
    public static let subscribe = BytesOption(raw: ZMQ_SUBSCRIBE, description: "ZMQ_SUBSCRIBE")
    /// CURVE keys, 32 bytes each.
    public static let curvePublicKey = BytesOption(raw: ZMQ_CURVE_PUBLICKEY, description: "ZMQ_CURVE_PUBLICKEY")
    public static let curveSecretKey = BytesOption(raw: ZMQ_CURVE_SECRETKEY, description: "ZMQ_CURVE_SECRETKEY")
    public static let curveServerKey = BytesOption(raw: ZMQ_CURVE_SERVERKEY, description: "ZMQ_CURVE_SERVERKEY")
}

/// String socket options.
public struct StringOption: Sendable, CustomStringConvertible {
    let raw: Int32
    public let description: String

    /// The ZAP domain this socket authenticates in (ZMQ_ZAP_DOMAIN).
    public static let zapDomain = StringOption(raw: ZMQ_ZAP_DOMAIN, description: "ZMQ_ZAP_DOMAIN")
    /// The endpoint of the last bind, read-only (ZMQ_LAST_ENDPOINT).
    public static let lastEndpoint = StringOption(raw: ZMQ_LAST_ENDPOINT, description: "ZMQ_LAST_ENDPOINT")
}

extension Socket {
    public func set(_ option: IntOption, _ value: Int32) throws(ZMQError) {
        var value = value
        _ = try zmqCall("zmq_setsockopt(\(option), \(value))") {
            zmq_setsockopt(handle, option.raw, &value, MemoryLayout<Int32>.size)
        }
    }

    public func get(_ option: IntOption) throws(ZMQError) -> Int32 {
        var value: Int32 = 0
        var size = MemoryLayout<Int32>.size
        _ = try zmqCall("zmq_getsockopt(\(option))") {
            zmq_getsockopt(handle, option.raw, &value, &size)
        }
        return value
    }

    public func set(_ option: BoolOption, _ value: Bool) throws(ZMQError) {
        var flag: Int32 = value ? 1 : 0
        _ = try zmqCall("zmq_setsockopt(\(option), \(value))") {
            zmq_setsockopt(handle, option.raw, &flag, MemoryLayout<Int32>.size)
        }
    }

    public func get(_ option: BoolOption) throws(ZMQError) -> Bool {
        var value: Int32 = 0
        var size = MemoryLayout<Int32>.size
        _ = try zmqCall("zmq_getsockopt(\(option))") {
            zmq_getsockopt(handle, option.raw, &value, &size)
        }
        return value != 0
    }

    public func set(_ option: Int64Option, _ value: Int64) throws(ZMQError) {
        var value = value
        _ = try zmqCall("zmq_setsockopt(\(option), \(value))") {
            zmq_setsockopt(handle, option.raw, &value, MemoryLayout<Int64>.size)
        }
    }

    public func get(_ option: Int64Option) throws(ZMQError) -> Int64 {
        var value: Int64 = 0
        var size = MemoryLayout<Int64>.size
        _ = try zmqCall("zmq_getsockopt(\(option))") {
            zmq_getsockopt(handle, option.raw, &value, &size)
        }
        return value
    }

    public func set(_ option: BytesOption, _ value: [UInt8]) throws(ZMQError) {
        _ = try zmqCall("zmq_setsockopt(\(option), \(value.count) bytes)") {
            value.withUnsafeBytes { bytes in zmq_setsockopt(handle, option.raw, bytes.baseAddress, bytes.count) }
        }
    }

    public func get(_ option: BytesOption) throws(ZMQError) -> [UInt8] {
        var buffer = [UInt8](repeating: 0, count: 256)
        var size = buffer.count
        _ = try zmqCall("zmq_getsockopt(\(option))") {
            zmq_getsockopt(handle, option.raw, &buffer, &size)
        }
        return Array(buffer.prefix(size))
    }

    public func set(_ option: StringOption, _ value: String) throws(ZMQError) {
        var bytes = Array(value.utf8)
        _ = try zmqCall("zmq_setsockopt(\(option), \(value))") {
            zmq_setsockopt(handle, option.raw, &bytes, bytes.count)
        }
    }

    public func get(_ option: StringOption) throws(ZMQError) -> String {
        var buffer = [UInt8](repeating: 0, count: 1024)
        var size = buffer.count
        _ = try zmqCall("zmq_getsockopt(\(option))") {
            zmq_getsockopt(handle, option.raw, &buffer, &size)
        }
        // libzmq includes the terminating NUL in `size`.
        let end = buffer.prefix(size).firstIndex(of: 0) ?? size
        return String(decoding: buffer.prefix(end), as: UTF8.self)
    }
}
