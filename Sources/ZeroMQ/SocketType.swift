internal import CZeroMQ

/// The ZeroMQ socket patterns this project uses.
public enum SocketType: Sendable, CaseIterable, CustomStringConvertible {
    case router, dealer, pair, request, reply, publisher, subscriber, push, pull

    var rawValue: Int32 {
        switch self {
        case .router: ZMQ_ROUTER
        case .dealer: ZMQ_DEALER
        case .pair: ZMQ_PAIR
        case .request: ZMQ_REQ
        case .reply: ZMQ_REP
        case .publisher: ZMQ_PUB
        case .subscriber: ZMQ_SUB
        case .push: ZMQ_PUSH
        case .pull: ZMQ_PULL
        }
    }

    public var description: String {
        switch self {
        case .router: "ROUTER"
        case .dealer: "DEALER"
        case .pair: "PAIR"
        case .request: "REQ"
        case .reply: "REP"
        case .publisher: "PUB"
        case .subscriber: "SUB"
        case .push: "PUSH"
        case .pull: "PULL"
        }
    }
}
