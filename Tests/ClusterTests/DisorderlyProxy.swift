import Core
import Foundation
import Synchronization
import ZeroMQ

/// A bad link between one worker and the coordinator, message by message: each message is held
/// for `delay` ± `jitter` milliseconds, and with probability `reorder` it overtakes the message
/// before it (released first). ZeroMQ over TCP keeps order, so this is harsher than a real
/// link; the protocol must still end with every cell counted once and the same bits.
final class DisorderlyProxy: Sendable {
    let endpoint: String
    private let stopped = Atomic<Bool>(false)
    private let reordered = Atomic<Int>(0)
    private let finished = DispatchSemaphore(value: 0)

    /// Messages that overtook the one before them.
    var overtakes: Int { reordered.load(ordering: .relaxed) }

    init(coordinator: String, worker identity: String, delay: UInt64, jitter: UInt64, reorder: Double, seed: UInt64) throws {
        endpoint = "tcp://127.0.0.1:\(Cluster.freePort())"
        let ready = DispatchSemaphore(value: 0)
        let started = Atomic<Bool>(false)
        Thread.detachNewThread { [self] in
            defer { finished.signal() }
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
                var random = RandomSource(seed: seed)
                // Per direction, messages waiting with the time each may go.
                var toCoordinator: [(due: UInt64, payload: Frame)] = [], toWorker: [(due: UInt64, payload: Frame)] = []
                let clock = ContinuousClock(), start = clock.now
                func now() -> UInt64 { UInt64((clock.now - start).components.seconds * 1000) + UInt64((clock.now - start).components.attoseconds / 1_000_000_000_000_000) }
                func hold(_ payload: Frame, in queue: inout [(due: UInt64, payload: Frame)]) {
                    let spread = jitter == 0 ? 0 : random.next() % (2 * jitter + 1)
                    queue.append((now() + UInt64(max(0, Int(delay) - Int(jitter) + Int(spread))), payload))
                    if queue.count >= 2, Double(random.next() % 1_000_000) / 1_000_000 < reorder {
                        queue.swapAt(queue.count - 1, queue.count - 2)
                        reordered.add(1, ordering: .relaxed)
                    }
                }
                func release(_ queue: inout [(due: UInt64, payload: Frame)], _ send: (Frame) throws -> Void) throws {
                    // In queue order: a message goes when it is due and every one before it has gone.
                    while let first = queue.first, first.due <= now() {
                        queue.removeFirst()
                        try send(first.payload)
                    }
                }
                while !stopped.load(ordering: .relaxed) {
                    _ = try? poller.poll(timeoutMilliseconds: 2)
                    while let frames = try front.receive(dontWait: true), let payload = frames.last { hold(payload, in: &toCoordinator) }
                    while let frames = try back.receive(dontWait: true), let payload = frames.last { hold(payload, in: &toWorker) }
                    try release(&toCoordinator) { try back.send([$0]) }
                    try release(&toWorker) { try front.send([Array(identity.utf8), $0]) }
                }
            } catch {
                if !started.load(ordering: .relaxed) { ready.signal() }
            }
        }
        ready.wait()
        guard started.load(ordering: .relaxed) else { throw NetworkHostsError(description: "the disorderly proxy did not start") }
    }

    func stop() {
        stopped.store(true, ordering: .relaxed)
        finished.wait()
    }
}
