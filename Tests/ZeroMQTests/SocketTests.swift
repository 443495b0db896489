import Testing
import ZeroMQ

@Suite struct SocketTests {
    @Test func optionsRoundTrip() throws {
        let context = try Context()
        let socket = try context.socket(.router)
        #expect(try socket.get(.linger) == Socket.defaultLingerMilliseconds)
        for (option, value): (IntOption, Int32) in [
            (.linger, 250), (.sendHighWaterMark, 5000), (.receiveHighWaterMark, 7000),
            (.receiveTimeout, 1234), (.sendTimeout, 4321), (.reconnectInterval, 200),
            (.reconnectIntervalMax, 5000), (.heartbeatInterval, 1000), (.heartbeatTimeout, 4000),
            (.heartbeatTTL, 5000), (.handshakeInterval, 3000),
        ] {
            try socket.set(option, value)
            #expect(try socket.get(option) == value, "\(option)")
        }
        try socket.set(.maxMessageSize, 4 << 20)
        #expect(try socket.get(.maxMessageSize) == 4 << 20)
        try socket.set(.immediate, true)
        #expect(try socket.get(.immediate))
        try socket.set(.routingID, Array("coordinator".utf8))
        #expect(try socket.get(.routingID) == Array("coordinator".utf8))
        try socket.set(.routerMandatory, true)
        try socket.set(.routerHandover, true)
        try socket.set(.zapDomain, "transfergrid")
        #expect(try socket.get(.zapDomain) == "transfergrid")
    }

    @Test func errorsAreTyped() throws {
        let context = try Context()
        let socket = try context.socket(.dealer)
        #expect(throws: ZMQError.self) { try socket.bind("tcp://no-such-interface-name:1") }
        do {
            try socket.connect("nonsense")
            Issue.record("connect to a malformed endpoint succeeded")
        } catch {
            #expect(error.code == .invalidArgument)
            #expect(error.description.contains("zmq_connect(nonsense)"))
        }
        let first = try context.socket(.router)
        try first.bind("tcp://127.0.0.1:*")
        let second = try context.socket(.router)
        do {
            try second.bind(try first.lastEndpoint)
            Issue.record("two sockets bound one port")
        } catch {
            #expect(error.code == .addressInUse)
        }
        // Nothing queued: a non-blocking receive says so, a timed receive times out with .again.
        #expect(try socket.receive(dontWait: true) == nil)
        try socket.set(.receiveTimeout, 20)
        do {
            _ = try socket.receive()
            Issue.record("a receive with nothing queued returned")
        } catch {
            #expect(error.code == .again)
        }
        // A ROUTER with ROUTER_MANDATORY refuses an unknown peer.
        try first.set(.routerMandatory, true)
        do {
            try first.send([Array("nobody".utf8), [1]])
            Issue.record("send to an unknown peer succeeded")
        } catch {
            #expect(error.code == .hostUnreachable)
        }
    }

    @Test func shutdownWakesBlockedCallsWithTerminated() throws {
        let context = try Context()
        let socket = try context.socket(.pull)
        try socket.bind("inproc://shutdown")
        context.shutdown()
        do {
            _ = try socket.receive()
            Issue.record("receive after shutdown returned")
        } catch {
            #expect(error.code == .terminated)
        }
    }

    @Test func pollerReportsTheReadySocket() throws {
        let context = try Context()
        let a = try context.socket(.pull)
        try a.bind("inproc://poll-a")
        let b = try context.socket(.pull)
        try b.bind("inproc://poll-b")
        let push = try context.socket(.push)
        try push.connect("inproc://poll-b")

        var poller = Poller()
        poller.add(a)
        poller.add(b)
        #expect(try poller.poll(timeoutMilliseconds: 0) == [[], []])
        try push.send([Array("to b".utf8)])
        #expect(try poller.poll(timeoutMilliseconds: 5000) == [[], .readable])
        #expect(try b.receive() == [Array("to b".utf8)])
        #expect(try poller.poll(timeoutMilliseconds: 10) == [[], []])
    }

    @Test func socketsOutliveTheirContextOwner() throws {
        // The context is released by its owner first; it is terminated only when the socket,
        // which keeps it alive, is closed. Dropping both must not hang.
        var socket: Socket? = try Context().socket(.dealer)
        try socket?.connect("tcp://127.0.0.1:1")
        try socket?.send([[1, 2, 3]], dontWait: true)
        socket = nil
    }

    @Test func libraryFacts() {
        #expect(ZeroMQLibrary.version.hasPrefix("4."))
        #expect(ZeroMQLibrary.has("curve"))
    }
}
