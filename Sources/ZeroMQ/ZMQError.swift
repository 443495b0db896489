internal import CZeroMQ
internal import Glibc

/// An error from libzmq, or from this wrapper's checks of values handed to it.
///
/// Runtime conditions a caller may handle (a timeout, a gone peer, a context shutting down) are
/// told apart by `code`; the C `errno` and the operation that failed are kept for messages.
public struct ZMQError: Error, Hashable, Sendable, CustomStringConvertible {
    /// What kind of failure this is. A struct over a private enum so cases can be added later.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private enum Base: Hashable, Sendable {
            case again, interrupted, terminated, hostUnreachable, invalidArgument
            case messageTooLarge, notSupported, addressInUse, other
        }

        private let base: Base
        private init(_ base: Base) { self.base = base }

        /// The operation would block, or a send/receive timeout expired (EAGAIN).
        public static let again = Code(.again)
        /// A signal interrupted a blocking call (EINTR) and the caller asked not to retry.
        public static let interrupted = Code(.interrupted)
        /// The context is being terminated (ETERM): close the socket and stop.
        public static let terminated = Code(.terminated)
        /// A ROUTER with ROUTER_MANDATORY was asked to send to a peer it does not know (EHOSTUNREACH).
        public static let hostUnreachable = Code(.hostUnreachable)
        /// A value given to libzmq or to this wrapper was invalid (EINVAL, bad Z85, bad key).
        public static let invalidArgument = Code(.invalidArgument)
        /// A message was larger than the socket allows (EMSGSIZE).
        public static let messageTooLarge = Code(.messageTooLarge)
        /// The operation is not supported by this socket type or libzmq build (ENOTSUP, EPROTONOSUPPORT).
        public static let notSupported = Code(.notSupported)
        /// The endpoint is already bound (EADDRINUSE).
        public static let addressInUse = Code(.addressInUse)
        /// Any other errno; see `ZMQError.errno`.
        public static let other = Code(.other)

        static func from(errno value: Int32) -> Code {
            switch value {
            case EAGAIN: .again
            case EINTR: .interrupted
            case zmqETERM: .terminated
            case EHOSTUNREACH: .hostUnreachable
            case EINVAL: .invalidArgument
            case EMSGSIZE: .messageTooLarge
            case ENOTSUP, EPROTONOSUPPORT, zmqENOTSUP, zmqEPROTONOSUPPORT: .notSupported
            case EADDRINUSE, zmqEADDRINUSE: .addressInUse
            default: .other
            }
        }

        public var description: String {
            switch base {
            case .again: "again"
            case .interrupted: "interrupted"
            case .terminated: "terminated"
            case .hostUnreachable: "hostUnreachable"
            case .invalidArgument: "invalidArgument"
            case .messageTooLarge: "messageTooLarge"
            case .notSupported: "notSupported"
            case .addressInUse: "addressInUse"
            case .other: "other"
            }
        }
    }

    public let code: Code
    /// The C errno libzmq reported, or 0 when the error comes from this wrapper's own checks.
    public let errno: Int32
    /// The libzmq call or wrapper operation that failed, e.g. `zmq_bind(tcp://127.0.0.1:5555)`.
    public let operation: String
    /// Extra detail from this wrapper (what value was wrong and what to do).
    public let detail: String?

    public init(code: Code, errno: Int32 = 0, operation: String, detail: String? = nil) {
        self.code = code
        self.errno = errno
        self.operation = operation
        self.detail = detail
    }

    /// The error of the libzmq call that just failed: reads `zmq_errno()` at once.
    static func last(_ operation: @autoclosure () -> String) -> ZMQError {
        let value = zmq_errno()
        return ZMQError(code: .from(errno: value), errno: value, operation: operation())
    }

    public var description: String {
        var text = "\(operation) failed"
        if errno != 0, let message = zmq_strerror(errno) {
            text += ": \(String(cString: message)) (errno \(errno))"
        }
        if let detail { text += ": \(detail)" }
        return text
    }
}

// libzmq's own error numbers for platforms without them; on Linux these equal the system's,
// except ETERM and friends which live above ZMQ_HAUSNUMERO.
private let zmqHausnumero: Int32 = 156_384_712
let zmqETERM: Int32 = zmqHausnumero + 53
private let zmqENOTSUP: Int32 = zmqHausnumero + 1
private let zmqEPROTONOSUPPORT: Int32 = zmqHausnumero + 2
private let zmqEADDRINUSE: Int32 = zmqHausnumero + 4
