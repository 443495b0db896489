import Foundation
import Synchronization
import Wire
import ZeroMQ

/// A man in the middle between one worker and the coordinator: the worker connects to
/// `endpoint`, every message is passed on, and the first `tamper` artifact downloads have one
/// byte of their first chunk flipped on the way to the worker.
final class TamperingProxy: Sendable {
    let endpoint: String
    private let stopped = Atomic<Bool>(false)
    private let flipped = Atomic<Int>(0)
    private let finished = DispatchSemaphore(value: 0)

    var tamperedChunks: Int { flipped.load(ordering: .relaxed) }

    init(coordinator: String, worker identity: String, tamper: Int) throws {
        let port = Cluster.freePort()
        endpoint = "tcp://127.0.0.1:\(port)"
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
                let codec = WireCodec()
                while !stopped.load(ordering: .relaxed) {
                    _ = try? poller.poll(timeoutMilliseconds: 20)
                    while let frames = try front.receive(dontWait: true), let payload = frames.last { try back.send([payload]) }
                    while let frames = try back.receive(dontWait: true), var payload = frames.last {
                        if flipped.load(ordering: .relaxed) < tamper, case let .chunk(chunk)? = try? codec.decode(payload),
                           case .data(0, let total, var bytes) = chunk.content, !bytes.isEmpty {
                            bytes[bytes.count / 2] ^= 0xFF
                            payload = try codec.encode(.chunk(ArtifactChunk(digest: chunk.digest, content: .data(offset: 0, totalBytes: total, bytes: bytes))))
                            flipped.add(1, ordering: .relaxed)
                        }
                        try front.send([Array(identity.utf8), payload])
                    }
                }
            } catch {
                if !started.load(ordering: .relaxed) { ready.signal() }
            }
        }
        ready.wait()
        guard started.load(ordering: .relaxed) else { throw NetworkHostsError(description: "the tampering proxy did not start") }
    }

    func stop() {
        stopped.store(true, ordering: .relaxed)
        finished.wait()
    }
}
