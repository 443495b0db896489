import ZeroMQ

extension Socket {
    /// Sends `probe` from this ROUTER until libzmq reports the peer unreachable, or `timeout`
    /// passes. After a disconnect event the ROUTER drops the peer's pipe a few internal
    /// commands later, so the first sends may still be accepted (and dropped).
    /// - Returns: whether the peer became unreachable in time.
    func becomesUnreachable(_ probe: [Frame], timeoutMilliseconds: Int = 5000) throws -> Bool {
        let deadline = ContinuousClock.now.advanced(by: .milliseconds(timeoutMilliseconds))
        var poller = Poller()
        poller.add(self, events: [])
        while ContinuousClock.now < deadline {
            if try sendReportsUnreachable(probe) { return true }
            // Lets the socket process its pending commands while waiting 10 ms.
            _ = try poller.poll(timeoutMilliseconds: 10)
        }
        return false
    }

    private func sendReportsUnreachable(_ probe: [Frame]) throws(ZMQError) -> Bool {
        do {
            try send(probe)
            return false
        } catch {
            guard error.code == .hostUnreachable else { throw error }
            return true
        }
    }
}
