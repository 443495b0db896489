internal import Hashing
internal import Foundation
internal import GRDB
internal import Core

extension Store {
    /// What `backup(to:)` made.
    public struct Backup: Sendable, Equatable {
        /// The copy of the database.
        public var path: String
        public var jobsDone: Int
        /// Artifacts the copy references, and how many of them were copied this time (the rest
        /// were in the folder already, checked against their digests).
        public var artifacts: Int
        public var copied: Int
        public var copiedBytes: UInt64
    }

    /// A consistent copy of this store, also while a coordinator serves it: the database by
    /// SQLite's online backup (one snapshot), then every artifact that snapshot references,
    /// each checked against its digest, into `directory` under the store's file name. The
    /// database copy is renamed into place last, so an interrupted backup leaves the previous
    /// one whole; artifacts already in the folder are not copied again. A coordinator started
    /// on the copy resumes from it without running again any job done in it.
    public func backup(to directory: String) throws(StoreError) -> Backup {
        let fm = FileManager.default
        let target = (directory as NSString).appendingPathComponent((path as NSString).lastPathComponent)
        guard URL(fileURLWithPath: target).standardizedFileURL != URL(fileURLWithPath: path).standardizedFileURL else {
            throw StoreError(.cannotOpen, "the backup of \(path) would overwrite the store itself; give --to another folder")
        }
        let lock = try StoreLock(storePath: target)  // no coordinator may serve the copy meanwhile
        let partial = target + ".partial"
        for leftover in [partial, partial + "-wal", partial + "-shm"] { try? fm.removeItem(atPath: leftover) }
        var result = Backup(path: target, jobsDone: 0, artifacts: 0, copied: 0, copiedBytes: 0)
        do {
            try fm.createDirectory(atPath: directory, withIntermediateDirectories: true)
            let copy = try DatabaseQueue(path: partial)
            try pool.backup(to: copy)
            let refs = try copy.read { db in
                try Row.fetchAll(db, sql: "SELECT digest, size FROM artifacts ORDER BY digest").map { (digest: $0["digest"] as String, size: $0["size"] as Int64) }
            }
            result.jobsDone = try copy.read { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM jobs WHERE state = 'done'") ?? 0 }
            try copy.close()
            let folder = target + ".artifacts"
            try fm.createDirectory(atPath: folder, withIntermediateDirectories: true)
            for ref in refs {
                guard let digest = SHA256Digest(hex: ref.digest) else { throw StoreError(.corrupt, "\(path): an artifact row names \(ref.digest), not a digest") }
                result.artifacts += 1
                let destination = folder + "/" + ref.digest
                if Self.holds(destination, digest, size: ref.size) { continue }
                try Self.copyChecked(artifactPath(digest), to: destination, digest: digest, size: ref.size)
                result.copied += 1
                result.copiedBytes += UInt64(ref.size)
            }
            try? fm.removeItem(atPath: target)
            try fm.moveItem(atPath: partial, toPath: target)
        } catch let error as StoreError {
            throw error
        } catch {
            throw StoreError(.cannotOpen, "backing up \(path) to \(directory): \(error)")
        }
        withExtendedLifetime(lock) {}  // the copy stays claimed until it is in place
        return result
    }

    /// Whether `file` exists with `size` bytes hashing to `digest`.
    static func holds(_ file: String, _ digest: SHA256Digest, size: Int64) -> Bool {
        guard let bytes = FileManager.default.contents(atPath: file), bytes.count == size else { return false }
        return SHA256Digest.of([UInt8](bytes)) == digest
    }

    /// Copies an artifact file to `destination` (through a `.partial` file, synced, then
    /// renamed) only if it has `size` bytes hashing to `digest`.
    static func copyChecked(_ source: String, to destination: String, digest: SHA256Digest, size: Int64) throws(StoreError) {
        let fm = FileManager.default
        guard let bytes = fm.contents(atPath: source) else {
            throw StoreError(.cannotOpen, "cannot read the artifact \(source); check that the store's .artifacts folder is whole")
        }
        guard bytes.count == size, SHA256Digest.of([UInt8](bytes)) == digest else {
            throw StoreError(.corrupt, "\(source) does not hash to the digest the store records (\(digest.hex.prefix(12))): it is damaged; "
                + "a coordinator started on the store runs its job again")
        }
        let partial = destination + ".partial"
        do {
            guard fm.createFile(atPath: partial, contents: bytes), let handle = FileHandle(forWritingAtPath: partial) else {
                throw StoreError(.cannotOpen, "cannot write \(partial)")
            }
            try handle.synchronize()
            try handle.close()
            try? fm.removeItem(atPath: destination)
            try fm.moveItem(atPath: partial, toPath: destination)
        } catch let error as StoreError {
            throw error
        } catch {
            throw StoreError(.cannotOpen, "cannot write \(destination): \(error)")
        }
    }
}
