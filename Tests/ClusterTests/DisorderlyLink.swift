import Core
import Foundation
import ZeroMQ

/// A bad link, message by message: each message is held for `delay` ± `jitter` milliseconds,
/// and with probability `reorder` it overtakes the message before it (released first). ZeroMQ
/// over TCP keeps order, so this is harsher than a real link; the protocol must still end with
/// every cell counted once and the same bits.
struct DisorderlyLink: RelayLink {
    let delay: UInt64, jitter: UInt64, reorder: Double
    let overtakes: RelayCounter
    var random: RandomSource
    private let start = ContinuousClock.now
    /// Per direction, messages waiting with the time each may go.
    private var toCoordinator: [(due: UInt64, payload: Frame)] = [], toWorker: [(due: UInt64, payload: Frame)] = []

    init(delay: UInt64, jitter: UInt64, reorder: Double, seed: UInt64, overtakes: RelayCounter) {
        (self.delay, self.jitter, self.reorder, self.overtakes) = (delay, jitter, reorder, overtakes)
        random = RandomSource(seed: seed)
    }

    private var now: UInt64 {
        let elapsed = ContinuousClock.now - start
        return UInt64(elapsed.components.seconds * 1000) + UInt64(elapsed.components.attoseconds / 1_000_000_000_000_000)
    }

    private mutating func hold(_ payload: Frame, in queue: inout [(due: UInt64, payload: Frame)]) {
        let spread = jitter == 0 ? 0 : random.next() % (2 * jitter + 1)
        queue.append((now + UInt64(max(0, Int(delay) - Int(jitter) + Int(spread))), payload))
        if queue.count >= 2, Double(random.next() % 1_000_000) / 1_000_000 < reorder {
            queue.swapAt(queue.count - 1, queue.count - 2)
            overtakes.add()
        }
    }

    /// In queue order: a message goes when it is due and every one before it has gone.
    private func due(_ queue: inout [(due: UInt64, payload: Frame)]) -> [Frame] {
        let time = now
        let count = queue.prefix { $0.due <= time }.count
        defer { queue.removeFirst(count) }
        return queue.prefix(count).map(\.payload)
    }

    mutating func fromWorker(_ payload: Frame) {
        var queue = toCoordinator
        hold(payload, in: &queue)
        toCoordinator = queue
    }

    mutating func fromCoordinator(_ payload: Frame) {
        var queue = toWorker
        hold(payload, in: &queue)
        toWorker = queue
    }

    mutating func release() -> (toCoordinator: [Frame], toWorker: [Frame]) {
        var up = toCoordinator, down = toWorker
        defer { (toCoordinator, toWorker) = (up, down) }
        return (due(&up), due(&down))
    }
}
