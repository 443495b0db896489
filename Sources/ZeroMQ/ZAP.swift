/// ZAP, the ZeroMQ Authentication Protocol (RFC 27): when a peer completes a CURVE handshake,
/// libzmq asks the handler bound at `ZAP.endpoint` (in the same context) whether it may in,
/// and drops the connection unless the answer is 200. This type reads the requests and writes
/// the replies; the decision is the caller's.
public enum ZAP {
    public static let endpoint = "inproc://zeromq.zap.01"

    public struct Request: Sendable, Equatable {
        public var requestID: Frame
        public var domain: String
        /// The peer's address, e.g. "192.168.1.7".
        public var address: String
        public var mechanism: String
        /// For CURVE, the client's 32-byte long-term public key.
        public var credentials: [Frame]

        /// The client's CURVE public key, when the mechanism is CURVE.
        public var curveKey: CurveKey? {
            guard mechanism == "CURVE", credentials.count == 1 else { return nil }
            return try? CurveKey(bytes: credentials[0])
        }
    }

    /// A request's frames: version "1.0", request id, domain, address, identity, mechanism,
    /// credentials...; nil when they are not a ZAP 1.0 request.
    public static func parse(_ frames: [Frame]) -> Request? {
        guard frames.count >= 6, frames[0] == Array("1.0".utf8) else { return nil }
        func text(_ frame: Frame) -> String? { String(validating: frame, as: UTF8.self) }
        guard let domain = text(frames[2]), let address = text(frames[3]), let mechanism = text(frames[5]) else { return nil }
        return Request(requestID: frames[1], domain: domain, address: address, mechanism: mechanism,
                       credentials: Array(frames[6...]))
    }

    /// The reply to `request`: 200 (with `userID` attached to the peer's messages) or 400.
    public static func reply(to request: Request, allowed: Bool, status: String, userID: String = "") -> [Frame] {
        [Array("1.0".utf8), request.requestID, Array((allowed ? "200" : "400").utf8), Array(status.utf8),
         Array((allowed ? userID : "").utf8), []]
    }

    /// The reply to frames that are not a ZAP request: 500, echoing the request id if any.
    public static func internalError(_ frames: [Frame]) -> [Frame] {
        [Array("1.0".utf8), frames.count > 1 ? frames[1] : [], Array("500".utf8), Array("malformed ZAP request".utf8), [], []]
    }
}
