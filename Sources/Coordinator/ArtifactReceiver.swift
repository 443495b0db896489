internal import Hashing
internal import Core
internal import Foundation
internal import Wire

/// Artifacts arriving from workers in CHUNKs: appended in order to `<digest>.partial`, hashed as
/// they come, and renamed to `<digest>` only when the whole file has the digest it claims.
/// Bounded: at most `maxUploads` in progress (a new one closes and deletes the oldest) and
/// none larger than `maxArtifactBytes`, so no sender can exhaust files or disk.
final class ArtifactReceiver {
    private struct Upload {
        var handle: FileHandle
        let hasher: SHA256Hasher
        var received: UInt64
        var total: UInt64
        let started: UInt64
    }

    static let maxUploads = 64
    static let maxArtifactBytes: UInt64 = 1 << 30

    let directory: String
    private var uploads: [SHA256Digest: Upload] = [:]
    private var uploadsStarted: UInt64 = 0

    init(directory: String) throws {
        self.directory = directory
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
    }

    func path(_ digest: SHA256Digest) -> String { directory + "/" + digest.hex }

    /// The digests of the complete artifacts on disk, each checked: a file whose bytes no
    /// longer hash to its name (damaged at rest) is set aside as `<digest>.damaged` and listed
    /// in `damaged`, so its job runs again.
    func present() -> (present: Set<SHA256Digest>, damaged: [SHA256Digest]) {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []
        var present: Set<SHA256Digest> = [], damaged: [SHA256Digest] = []
        for digest in names.compactMap(SHA256Digest.init(hex:)).sorted(by: { $0.hex < $1.hex }) {
            if intact(digest) { present.insert(digest) } else { damaged.append(digest) }
        }
        return (present, damaged)
    }

    /// Whether the stored file still hashes to its name; a damaged one is set aside.
    func intact(_ digest: SHA256Digest) -> Bool {
        guard SHA256Digest.ofFile(path(digest)) != digest else { return true }
        let aside = path(digest) + ".damaged"
        try? FileManager.default.removeItem(atPath: aside)
        try? FileManager.default.moveItem(atPath: path(digest), toPath: aside)
        return false
    }

    enum Outcome { case incomplete, stored, rejected(String) }

    /// Takes one chunk. Chunks out of order restart the upload from offset 0.
    func receive(_ chunk: ArtifactChunk) -> Outcome {
        guard case let .data(offset, total, bytes) = chunk.content else { return .incomplete }
        let digest = chunk.digest
        guard total <= Self.maxArtifactBytes else {
            return .rejected("artifact \(digest.hex.prefix(12)) announced as \(total) bytes, more than \(Self.maxArtifactBytes)")
        }
        if FileManager.default.fileExists(atPath: path(digest)) { return .stored }
        if offset == 0 {
            if let old = uploads.removeValue(forKey: digest) { try? old.handle.close() }
            if uploads.count >= Self.maxUploads, let oldest = uploads.min(by: { $0.value.started < $1.value.started }) {
                abandon(oldest.key)
            }
            let partial = path(digest) + ".partial"
            guard FileManager.default.createFile(atPath: partial, contents: nil),
                  let handle = FileHandle(forWritingAtPath: partial) else { return .rejected("cannot write \(partial)") }
            uploadsStarted += 1
            uploads[digest] = Upload(handle: handle, hasher: SHA256Hasher(), received: 0, total: total, started: uploadsStarted)
        }
        guard var upload = uploads.removeValue(forKey: digest), upload.received == offset, upload.total == total else {
            return .rejected("chunk at \(offset) of \(digest.hex.prefix(12)) out of order; waiting for a restart at 0")
        }
        guard upload.received + UInt64(bytes.count) <= upload.total else {
            abandon(digest, upload)
            return .rejected("chunk of \(digest.hex.prefix(12)) runs past its announced \(upload.total) bytes: discarded")
        }
        do { try upload.handle.write(contentsOf: bytes) } catch {
            // A full disk: the partial file goes (never served); the worker sends it all again.
            abandon(digest, upload)
            return .rejected("cannot write \(path(digest)).partial: \(error); discarded, to be sent again")
        }
        upload.hasher.update(bytes)
        upload.received += UInt64(bytes.count)
        guard upload.received >= upload.total else {
            uploads[digest] = upload
            return .incomplete
        }
        let partial = path(digest) + ".partial"
        do { try upload.handle.synchronize() } catch {
            abandon(digest, upload)
            return .rejected("cannot sync \(partial): \(error); discarded, to be sent again")
        }
        try? upload.handle.close()
        let actual = upload.hasher.finish()
        guard actual == digest else {
            try? FileManager.default.removeItem(atPath: partial)
            return .rejected("artifact claimed \(digest.hex.prefix(12)) but hashes to \(actual.hex.prefix(12)): discarded")
        }
        do { try FileManager.default.moveItem(atPath: partial, toPath: path(digest)) } catch {
            return .rejected("cannot store \(digest.hex.prefix(12)): \(error)")
        }
        return .stored
    }

    /// Closes and deletes an upload in progress.
    private func abandon(_ digest: SHA256Digest, _ taken: Upload? = nil) {
        if let upload = taken ?? uploads.removeValue(forKey: digest) { try? upload.handle.close() }
        try? FileManager.default.removeItem(atPath: path(digest) + ".partial")
    }

    /// Uploads in progress (for tests).
    var uploadsInProgress: Int { uploads.count }

    /// The size of a stored artifact, if the coordinator holds it.
    func size(_ digest: SHA256Digest) -> UInt64? {
        (try? FileManager.default.attributesOfItem(atPath: path(digest))[.size] as? NSNumber)?.uint64Value
    }

    /// The bytes a FETCH gets from an artifact of `total` bytes.
    static func chunkBytes(_ fetch: ArtifactFetch, total: UInt64) -> UInt64 {
        min(UInt64(min(fetch.maxBytes, ArtifactFetch.maxChunkBytes)), total - min(fetch.offset, total))
    }

    /// Reads a piece of a stored artifact for a FETCH. A fetch from the start first checks the
    /// whole file against its digest: a damaged file is never served (`damaged`: set aside,
    /// answered as not found).
    func read(_ fetch: ArtifactFetch) -> (chunk: ArtifactChunk, damaged: Bool) {
        let missing = ArtifactChunk(digest: fetch.digest, content: .notFound)
        guard FileManager.default.fileExists(atPath: path(fetch.digest)) else { return (missing, false) }
        if fetch.offset == 0, !intact(fetch.digest) { return (missing, true) }
        return (readPiece(fetch), false)
    }

    private func readPiece(_ fetch: ArtifactFetch) -> ArtifactChunk {
        guard let handle = FileHandle(forReadingAtPath: path(fetch.digest)) else {
            return ArtifactChunk(digest: fetch.digest, content: .notFound)
        }
        defer { try? handle.close() }
        let total = (try? handle.seekToEnd()) ?? 0
        let offset = min(fetch.offset, total)
        try? handle.seek(toOffset: offset)
        let count = Int(Self.chunkBytes(fetch, total: total))
        let data = (try? handle.read(upToCount: count)) ?? nil
        return ArtifactChunk(digest: fetch.digest, content: .data(offset: offset, totalBytes: total, bytes: [UInt8](data ?? Data())))
    }
}
