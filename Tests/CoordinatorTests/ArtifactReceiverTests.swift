import Core
import Foundation
import Hashing
import Testing
import Wire
@testable import Coordinator

/// The coordinator's artifact folder: an artifact damaged at rest is never served and never
/// counted as present; it is set aside as `<digest>.damaged`.
@Suite struct ArtifactReceiverTests {
    func folder() throws -> String {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("artifacts-\(UUID().uuidString.prefix(8))").path
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        return dir
    }

    @Test func aDamagedArtifactIsSetAsideAtStartAndBeforeItIsServed() throws {
        let dir = try folder()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let good = Array("an adapter".utf8), bad = Array("a base checkpoint".utf8)
        let goodDigest = SHA256Digest.of(good), badDigest = SHA256Digest.of(bad)
        let receiver = try ArtifactReceiver(directory: dir)
        try Data(good).write(to: URL(fileURLWithPath: receiver.path(goodDigest)))
        var flipped = bad
        flipped[3] ^= 0x10
        try Data(flipped).write(to: URL(fileURLWithPath: receiver.path(badDigest)))
        let (present, damaged) = receiver.present()
        #expect(present == [goodDigest] && damaged == [badDigest])
        #expect(FileManager.default.fileExists(atPath: receiver.path(badDigest) + ".damaged"))
        #expect(!FileManager.default.fileExists(atPath: receiver.path(badDigest)))

        // Damaged after the start: the next fetch from the start checks it and serves nothing.
        let served = receiver.read(ArtifactFetch(digest: goodDigest, offset: 0, maxBytes: 1 << 20))
        #expect(!served.damaged && served.chunk.content == .data(offset: 0, totalBytes: UInt64(good.count), bytes: good))
        try Data(good.dropLast()).write(to: URL(fileURLWithPath: receiver.path(goodDigest)))
        let refused = receiver.read(ArtifactFetch(digest: goodDigest, offset: 0, maxBytes: 1 << 20))
        #expect(refused.damaged && refused.chunk.content == .notFound)
        let again = receiver.read(ArtifactFetch(digest: goodDigest, offset: 0, maxBytes: 1 << 20))
        #expect(!again.damaged && again.chunk.content == .notFound, "set aside: now simply missing")
    }
}
