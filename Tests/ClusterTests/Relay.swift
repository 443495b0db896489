import Foundation
import Synchronization
import ZeroMQ

/// What a relay does to the messages between one worker and the coordinator: it is handed
/// each message as it arrives and asked, at every turn, which may go on now.
protocol RelayLink: Sendable {
    mutating func fromWorker(_ payload: Frame)
    mutating func fromCoordinator(_ payload: Frame)
    /// The messages to pass on now, each way, in order.
    mutating func release() -> (toCoordinator: [Frame], toWorker: [Frame])
}

/// A count shared between a relay's thread and the test.
final class RelayCounter: Sendable {
    private let value = Atomic<Int>(0)
    var count: Int { value.load(ordering: .relaxed) }
    func add() { value.add(1, ordering: .relaxed) }
}

/// A man in the middle between one worker and the coordinator: the worker connects to
/// `endpoint` (a ROUTER), the relay connects to the coordinator as that worker (a DEALER with
/// its routing id), and `link` decides what passes, when and how, on a thread of its own.
final class Relay: Sendable {
    let endpoint: String
    private let stopped = Atomic<Bool>(false)
    private let finished = DispatchSemaphore(value: 0)

    init<Link: RelayLink>(coordinator: String, worker identity: String, turnMilliseconds: Int, link: Link) throws {
        endpoint = "tcp://127.0.0.1:\(Cluster.freePort())"
        let ready = DispatchSemaphore(value: 0)
        let started = Atomic<Bool>(false)
        Thread.detachNewThread { [self] in
            defer { finished.signal() }
            var link = link
            do {
                let context = try Context()
                let front = try context.socket(.router), back = try context.socket(.dealer)
                for socket in [front, back] { try socket.set(.linger, 0) }
                try back.set(.routingID, Array(identity.utf8))
                try front.bind(endpoint)
                try back.connect(coordinator)
                started.store(true, ordering: .relaxed)
                ready.signal()
                var poller = Poller()
                _ = poller.add(front)
                _ = poller.add(back)
                while !stopped.load(ordering: .relaxed) {
                    _ = try? poller.poll(timeoutMilliseconds: turnMilliseconds)
                    while let frames = try front.receive(dontWait: true), let payload = frames.last { link.fromWorker(payload) }
                    while let frames = try back.receive(dontWait: true), let payload = frames.last { link.fromCoordinator(payload) }
                    let (toCoordinator, toWorker) = link.release()
                    for payload in toCoordinator { try back.send([payload]) }
                    for payload in toWorker { try front.send([Array(identity.utf8), payload]) }
                }
            } catch {
                if !started.load(ordering: .relaxed) { ready.signal() }
            }
        }
        ready.wait()
        guard started.load(ordering: .relaxed) else { throw NetworkHostsError(description: "the relay for \(identity) did not start") }
    }

    func stop() {
        stopped.store(true, ordering: .relaxed)
        finished.wait()
    }
}
