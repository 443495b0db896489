import Testing
import ZeroMQ

/// ROUTER/DEALER conversations, the shape of coordinator and workers.
@Suite struct RouterDealerTests {
    /// A ROUTER bound to `endpoint` and a DEALER with routing id `id` connected to it.
    static func pair(_ context: Context, endpoint: String, id: String = "worker-1") throws -> (router: Socket, dealer: Socket) {
        let router = try context.socket(.router)
        try router.set(.routerMandatory, true)
        try router.set(.receiveTimeout, 5000)
        try router.bind(endpoint)
        let dealer = try context.socket(.dealer)
        try dealer.set(.routingID, Array(id.utf8))
        try dealer.set(.receiveTimeout, 5000)
        try dealer.connect(endpoint.hasPrefix("tcp") ? try router.lastEndpoint : endpoint)
        return (router, dealer)
    }

    static let payloads: [[Frame]] = [
        [[1, 2, 3]],
        [[], [0], []],                                          // empty frames survive
        [Array("header".utf8), (0..<(1 << 20)).map { UInt8(truncatingIfNeeded: $0) }],  // 1 MiB body
        (0..<50).map { [UInt8(truncatingIfNeeded: $0)] },      // many parts
    ]

    @Test(arguments: ["inproc://router-dealer", "tcp://127.0.0.1:*"])
    func multipartRoundTrips(endpoint: String) throws {
        let context = try Context()
        let (router, dealer) = try Self.pair(context, endpoint: endpoint)
        for frames in Self.payloads {
            try dealer.send(frames)
            let received = try router.receive()
            #expect(received.first == Array("worker-1".utf8), "ROUTER prefixes the sender's routing id")
            #expect(Array(received.dropFirst()) == frames)
            try router.send([received[0]] + frames.reversed())
            #expect(try dealer.receive() == frames.reversed())
        }
    }

    @Test func routerTellsPeersApart() throws {
        let context = try Context()
        let router = try context.socket(.router)
        try router.set(.routerMandatory, true)
        try router.set(.receiveTimeout, 5000)
        try router.bind("tcp://127.0.0.1:*")
        let endpoint = try router.lastEndpoint
        var dealers: [Socket] = []
        for index in 0..<3 {
            let dealer = try context.socket(.dealer)
            try dealer.set(.routingID, Array("w\(index)".utf8))
            try dealer.set(.receiveTimeout, 5000)
            try dealer.connect(endpoint)
            try dealer.send([Array("hello from \(index)".utf8)])
            dealers.append(dealer)
        }
        var seen: Set<String> = []
        for _ in 0..<3 {
            let frames = try router.receive()
            let id = String(decoding: frames[0], as: UTF8.self)
            #expect(String(decoding: frames[1], as: UTF8.self) == "hello from \(id.dropFirst())")
            seen.insert(id)
            try router.send([frames[0], Array("reply to \(id)".utf8)])
        }
        #expect(seen == ["w0", "w1", "w2"])
        for (index, dealer) in dealers.enumerated() {
            #expect(try dealer.receive() == [Array("reply to w\(index)".utf8)])
        }
    }

    @Test func aPeerThatLeavesMidConversationIsUnreachable() throws {
        let context = try Context()
        let router = try context.socket(.router)
        try router.set(.routerMandatory, true)
        try router.set(.receiveTimeout, 5000)
        try router.bind("tcp://127.0.0.1:*")
        let monitor = try router.monitor(events: [.accepted, .disconnected])
        var dealer: Socket? = try context.socket(.dealer)
        try dealer?.set(.routingID, Array("leaver".utf8))
        try dealer?.set(.linger, 0)
        try dealer?.connect(try router.lastEndpoint)
        try dealer?.send([Array("job 1, step 1".utf8)])
        let first = try router.receive()
        #expect(first == [Array("leaver".utf8), Array("job 1, step 1".utf8)])
        #expect(try router.send([first[0], Array("ack".utf8)]) == ())

        dealer = nil  // the worker process goes away mid-conversation
        #expect(try monitor.waitFor(.disconnected, timeoutMilliseconds: 5000) != nil, "ROUTER saw no disconnect")
        #expect(try router.becomesUnreachable([Array("leaver".utf8), Array("assign".utf8)]))
        // The ROUTER itself is unharmed: a new peer is served.
        let newcomer = try context.socket(.dealer)
        try newcomer.set(.receiveTimeout, 5000)
        try newcomer.connect(try router.lastEndpoint)
        try newcomer.send([Array("ready".utf8)])
        let frames = try router.receive()
        #expect(frames.last == Array("ready".utf8))
    }

    @Test func routerHandoverLetsAReconnectedWorkerKeepItsID() throws {
        let context = try Context()
        let router = try context.socket(.router)
        try router.set(.routerMandatory, true)
        try router.set(.routerHandover, true)
        try router.set(.receiveTimeout, 5000)
        try router.bind("tcp://127.0.0.1:*")
        let endpoint = try router.lastEndpoint
        let first = try context.socket(.dealer)
        try first.set(.routingID, Array("w".utf8))
        try first.connect(endpoint)
        try first.send([[1]])
        _ = try router.receive()
        // A second connection with the same id (the worker restarted before the old TCP
        // connection was noticed as dead) takes the id over.
        let second = try context.socket(.dealer)
        try second.set(.routingID, Array("w".utf8))
        try second.set(.receiveTimeout, 5000)
        try second.connect(endpoint)
        try second.send([[2]])
        #expect(try router.receive() == [Array("w".utf8), [2]])
        try router.send([Array("w".utf8), [3]])
        #expect(try second.receive() == [[3]])
    }
}
