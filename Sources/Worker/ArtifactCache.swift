internal import Hashing
public import Core
internal import Foundation

/// The worker's artifacts, one file per digest. A file enters the cache only after its bytes
/// hash to its name, whether it was fetched or made here.
public final class ArtifactCache: @unchecked Sendable {
    public let directory: String
    private let lock = NSLock()

    public init(directory: String) throws {
        self.directory = directory
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
    }

    public func path(_ digest: SHA256Digest) -> String { directory + "/" + digest.hex }

    public func contains(_ digest: SHA256Digest) -> Bool { FileManager.default.fileExists(atPath: path(digest)) }

    /// Every digest held.
    public func digests() -> [SHA256Digest] {
        ((try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []).compactMap(SHA256Digest.init(hex:)).sorted { $0.hex < $1.hex }
    }

    /// Writes a new artifact through `write(path)`, hashes it and files it under its digest.
    func store<E: Error>(role: ArtifactRef.Role, finalLoss: Float, _ write: (String) throws(E) -> Void) throws -> JobRunner.Outcome {
        let temporary = directory + "/incoming-\(UUID().uuidString)"
        try write(temporary)
        let bytes = try [UInt8](Data(contentsOf: URL(fileURLWithPath: temporary)))
        let digest = SHA256Digest.of(bytes)
        let final = path(digest)
        lock.lock()
        defer { lock.unlock() }
        if FileManager.default.fileExists(atPath: final) {
            try FileManager.default.removeItem(atPath: temporary)
        } else {
            try FileManager.default.moveItem(atPath: temporary, toPath: final)
        }
        return .artifact(ArtifactRef(role: role, digest: digest, sizeBytes: UInt64(bytes.count)), path: final, finalLoss: finalLoss)
    }

    /// What became of fetched bytes.
    public enum Admission: Sendable, Equatable {
        case stored
        /// They do not hash to their digest: nothing kept.
        case mismatch
        /// The cache's disk could not take them: nothing kept.
        case cannotWrite(String)
    }

    /// Files fetched bytes if they hash to `digest`.
    public func admit(_ bytes: [UInt8], as digest: SHA256Digest) -> Admission {
        guard SHA256Digest.of(bytes) == digest else { return .mismatch }
        let temporary = directory + "/incoming-\(UUID().uuidString)"
        do {
            try Data(bytes).write(to: URL(fileURLWithPath: temporary))
        } catch {
            try? FileManager.default.removeItem(atPath: temporary)
            return .cannotWrite("cannot write \(temporary): \(error.localizedDescription)")
        }
        lock.lock()
        defer { lock.unlock() }
        if FileManager.default.fileExists(atPath: path(digest)) {
            try? FileManager.default.removeItem(atPath: temporary)
            return .stored
        }
        return (try? FileManager.default.moveItem(atPath: temporary, toPath: path(digest))) != nil ? .stored : .cannotWrite("cannot file \(temporary)")
    }

    /// Bytes free on the cache's disk (nil when it cannot be told).
    public var freeBytes: UInt64? { DiskSpace.free(at: directory) }

    /// Whether the cached file still hashes to its name; a damaged one is removed (the worker
    /// fetches it again).
    public func intact(_ digest: SHA256Digest) -> Bool {
        guard SHA256Digest.ofFile(path(digest)) != digest else { return true }
        try? FileManager.default.removeItem(atPath: path(digest))
        return false
    }

    /// Reads a stored artifact whole (to upload it).
    public func read(_ digest: SHA256Digest) -> [UInt8]? {
        FileManager.default.contents(atPath: path(digest)).map { [UInt8]($0) }
    }
}
