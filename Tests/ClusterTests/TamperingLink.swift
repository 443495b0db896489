import Foundation
import Wire
import ZeroMQ

/// A relay that passes every message on, but flips one byte of the first chunk of the first
/// `tamper` artifact downloads on their way to the worker.
struct TamperingLink: RelayLink {
    let tamper: Int
    let flipped: RelayCounter
    let codec = WireCodec()
    var toCoordinator: [Frame] = [], toWorker: [Frame] = []

    mutating func fromWorker(_ payload: Frame) { toCoordinator.append(payload) }

    mutating func fromCoordinator(_ payload: Frame) {
        var payload = payload
        if flipped.count < tamper, case let .chunk(chunk)? = try? codec.decode(payload),
           case .data(0, let total, var bytes) = chunk.content, !bytes.isEmpty,
           let tampered = try? codec.encode(.chunk(ArtifactChunk(digest: chunk.digest, content: .data(offset: 0, totalBytes: total, bytes: { bytes[bytes.count / 2] ^= 0xFF; return bytes }())))) {
            payload = tampered
            flipped.add()
        }
        toWorker.append(payload)
    }

    mutating func release() -> (toCoordinator: [Frame], toWorker: [Frame]) {
        defer { toCoordinator = []; toWorker = [] }
        return (toCoordinator, toWorker)
    }
}
