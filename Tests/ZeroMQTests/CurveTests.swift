import Foundation
import Testing
import ZeroMQ

@Suite struct CurveTests {
    @Test func keysRoundTripThroughZ85() throws {
        let pair = try CurveKeyPair.generate()
        #expect(pair.publicKey.z85.count == 40)
        #expect(try CurveKey(z85: pair.secretKey.z85) == pair.secretKey)
        #expect(try CurveKeyPair.derive(secretKey: pair.secretKey) == pair)
        #expect(try CurveKeyPair.generate() != pair)
        // The test vector of the Z85 spec (rfc.zeromq.org/spec/32).
        let vector = try CurveKey(bytes: [UInt8](repeating: 0, count: 32))
        #expect(vector.z85 == String(repeating: "0", count: 40))
    }

    @Test func badKeysAreRefusedWithAReason() {
        for text in ["short", String(repeating: "~", count: 40), String(repeating: "a", count: 41)] {
            do {
                _ = try CurveKey(z85: text)
                Issue.record("\(text) was accepted as a key")
            } catch {
                #expect(error.code == .invalidArgument)
                #expect(error.detail != nil)
            }
        }
        #expect(throws: ZMQError.self) { try CurveKey(bytes: [1, 2, 3]) }
    }

    @Test func encryptedConversation() throws {
        let context = try Context()
        let server = try CurveKeyPair.generate()
        let client = try CurveKeyPair.generate()
        let router = try context.socket(.router)
        try router.set(.curveServer, true)
        try router.set(.curveSecretKey, server.secretKey.bytes)
        try router.set(.receiveTimeout, 5000)
        try router.bind("tcp://127.0.0.1:*")
        let dealer = try context.socket(.dealer)
        try dealer.set(.curveServerKey, server.publicKey.bytes)
        try dealer.set(.curvePublicKey, client.publicKey.bytes)
        try dealer.set(.curveSecretKey, client.secretKey.bytes)
        try dealer.set(.receiveTimeout, 5000)
        try dealer.connect(try router.lastEndpoint)
        try dealer.send([Array("secret".utf8)])
        let frames = try router.receive()
        #expect(frames.last == Array("secret".utf8))
        try router.send([frames[0], Array("reply".utf8)])
        #expect(try dealer.receive() == [Array("reply".utf8)])
    }

    @Test func wrongServerKeyNeverConnects() throws {
        let context = try Context()
        let server = try CurveKeyPair.generate()
        let impostor = try CurveKeyPair.generate()
        let client = try CurveKeyPair.generate()
        let router = try context.socket(.router)
        try router.set(.curveServer, true)
        try router.set(.curveSecretKey, server.secretKey.bytes)
        try router.bind("tcp://127.0.0.1:*")
        let monitor = try router.monitor(events: [.handshakeSucceeded, .handshakeFailedProtocol, .handshakeFailedNoDetail, .handshakeFailedAuth, .disconnected])
        let dealer = try context.socket(.dealer)
        try dealer.set(.curveServerKey, impostor.publicKey.bytes)
        try dealer.set(.curvePublicKey, client.publicKey.bytes)
        try dealer.set(.curveSecretKey, client.secretKey.bytes)
        try dealer.set(.linger, 0)
        try dealer.connect(try router.lastEndpoint)
        try dealer.send([Array("let me in".utf8)], dontWait: true)
        let event = try monitor.waitFor(.all, timeoutMilliseconds: 5000)
        #expect(event != nil)
        #expect(event?.kind != .handshakeSucceeded)
        #expect(try router.receive(dontWait: true) == nil)
    }

    /// A CURVE server with a ZAP domain and `zapEnforceDomain`: without a ZAP handler nobody
    /// gets in (fail closed); with one, its verdict decides.
    @Test(arguments: [false, true])
    func zapDecidesAndAMissingHandlerFailsClosed(handler: Bool) throws {
        let context = try Context()
        let server = try CurveKeyPair.generate(), client = try CurveKeyPair.generate()
        var zap: Socket?
        if handler {
            zap = try context.socket(.reply)
            try zap?.bind(ZAP.endpoint)
        }
        let router = try context.socket(.router)
        try router.set(.curveServer, true)
        try router.set(.curveSecretKey, server.secretKey.bytes)
        try router.set(.zapDomain, "test")
        try router.set(.zapEnforceDomain, true)
        try router.bind("tcp://127.0.0.1:*")
        let dealer = try context.socket(.dealer)
        try dealer.set(.linger, 0)
        try dealer.set(.curveServerKey, server.publicKey.bytes)
        try dealer.set(.curvePublicKey, client.publicKey.bytes)
        try dealer.set(.curveSecretKey, client.secretKey.bytes)
        try dealer.connect(try router.lastEndpoint)
        try dealer.send([Array("hello".utf8)], dontWait: true)
        var received: [Frame]?
        var requests: [ZAP.Request] = []
        let deadline = ContinuousClock.now.advanced(by: .milliseconds(1500))
        while ContinuousClock.now < deadline, received == nil {
            if let zap, let frames = try zap.receive(dontWait: true) {
                let request = try #require(ZAP.parse(frames))
                requests.append(request)
                try zap.send(ZAP.reply(to: request, allowed: request.curveKey == client.publicKey, status: "OK", userID: "client"))
            }
            received = try router.receive(dontWait: true)
            usleep(5_000)
        }
        if handler {
            #expect(requests.first?.domain == "test" && requests.first?.mechanism == "CURVE")
            #expect(requests.first?.curveKey == client.publicKey)
            #expect(received?.last == Array("hello".utf8))
        } else {
            #expect(received == nil, "a CURVE client got in with no ZAP handler")
        }
    }
}
