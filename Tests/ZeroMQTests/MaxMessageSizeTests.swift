import Testing
import ZeroMQ

@Suite struct MaxMessageSizeTests {
    /// A frame over MAXMSGSIZE makes libzmq drop that one connection; other peers carry on.
    @Test func oversizedFrameDisconnectsOnlyThatPeer() throws {
        let context = try Context()
        let router = try context.socket(.router)
        try router.set(.routerMandatory, true)
        try router.set(.maxMessageSize, 1024)
        try router.set(.receiveTimeout, 5000)
        try router.bind("tcp://127.0.0.1:*")
        let endpoint = try router.lastEndpoint
        let monitor = try router.monitor(events: [.handshakeSucceeded, .disconnected])

        func dealer(_ id: String) throws -> Socket {
            let socket = try context.socket(.dealer)
            try socket.set(.routingID, Array(id.utf8))
            try socket.set(.receiveTimeout, 5000)
            try socket.set(.reconnectInterval, 60_000)  // stay away once dropped
            try socket.connect(endpoint)
            return socket
        }
        let good = try dealer("good")
        let bad = try dealer("bad")
        // Both connected and known to the ROUTER.
        for peer in [good, bad] {
            try peer.send([Array("hello".utf8)])
            #expect(try router.receive().count == 2)
        }

        try bad.send([[UInt8](repeating: 0xab, count: 4096)])
        #expect(try monitor.waitFor(.disconnected, timeoutMilliseconds: 5000) != nil, "the oversized peer was not dropped")

        // The oversized message never arrives; the bad peer is gone, the good one is served.
        #expect(try router.becomesUnreachable([Array("bad".utf8), Array("ping".utf8)]))
        try good.send([Array("still here".utf8)])
        #expect(try router.receive() == [Array("good".utf8), Array("still here".utf8)])
        try router.send([Array("good".utf8), Array("pong".utf8)])
        #expect(try good.receive() == [Array("pong".utf8)])
        // A frame just under the limit still passes.
        try good.send([[UInt8](repeating: 1, count: 1000)])
        #expect(try router.receive().last?.count == 1000)
        #expect(try router.receive(dontWait: true) == nil)
    }
}
