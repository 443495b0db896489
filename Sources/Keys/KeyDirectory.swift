internal import Foundation
internal import Glibc
public import ZeroMQ

/// A folder of CURVE key files, as `transfergrid keys` makes them:
///
///     coordinator.key       the coordinator's secret key (Z85), mode 0600
///     coordinator.pub       its public key: give it to every worker
///     worker.key            a worker's secret key, mode 0600 (on the worker's machine)
///     worker.pub            its public key: authorize it on the coordinator
///     authorized_workers    the workers the coordinator lets in, mode 0600
///
/// Secret keys and the authorized list are written 0600 and refused when group or others may
/// read or write them, as ssh does.
public struct KeyDirectory: Sendable {
    public let path: String

    public init(path: String) { self.path = path }

    public var coordinatorSecretFile: String { path + "/coordinator.key" }
    public var coordinatorPublicFile: String { path + "/coordinator.pub" }
    public var workerSecretFile: String { path + "/worker.key" }
    public var workerPublicFile: String { path + "/worker.pub" }
    public var authorizedFile: String { path + "/authorized_workers" }

    /// Makes the coordinator's key pair; refuses to replace one unless `force`.
    public func initCoordinator(force: Bool = false) throws(KeyError) -> CurveKey {
        try makePair(secret: coordinatorSecretFile, public: coordinatorPublicFile, force: force, what: "coordinator")
    }

    /// Makes a worker key pair; refuses to replace one unless `force`.
    public func newWorker(force: Bool = false) throws(KeyError) -> CurveKey {
        try makePair(secret: workerSecretFile, public: workerPublicFile, force: force, what: "worker")
    }

    public func coordinatorKeys() throws(KeyError) -> CurveKeyPair { try pair(secretFile: coordinatorSecretFile, hint: "transfergrid keys init") }
    public func workerKeys() throws(KeyError) -> CurveKeyPair { try pair(secretFile: workerSecretFile, hint: "transfergrid keys new-worker") }

    /// The coordinator's public key, as a worker reads it.
    public func coordinatorPublicKey() throws(KeyError) -> CurveKey {
        let text = try read(coordinatorPublicFile, hint: "copy coordinator.pub from the coordinator's key folder")
        do { return try CurveKey(z85: text.trimmingCharacters(in: .whitespacesAndNewlines)) } catch {
            throw KeyError("\(coordinatorPublicFile): \(error.detail ?? "not a key")")
        }
    }

    /// The authorized workers; an empty list when the file does not exist yet.
    public func authorized() throws(KeyError) -> AuthorizedKeys {
        guard FileManager.default.fileExists(atPath: authorizedFile) else { return AuthorizedKeys() }
        try checkPrivate(authorizedFile)
        return try AuthorizedKeys(text: try read(authorizedFile, hint: ""), file: authorizedFile)
    }

    public func saveAuthorized(_ keys: AuthorizedKeys) throws(KeyError) {
        try write(keys.text, to: authorizedFile, mode: 0o600)
    }

    // MARK: Files

    private func makePair(secret: String, public publicFile: String, force: Bool, what: String) throws(KeyError) -> CurveKey {
        if !force, FileManager.default.fileExists(atPath: secret) {
            throw KeyError("\(secret) exists already; a new \(what) key would lock out everyone who has the old one. Pass --force to replace it")
        }
        let pair: CurveKeyPair
        do { pair = try CurveKeyPair.generate() } catch { throw KeyError("cannot make a key pair: \(error)") }
        try write(pair.secretKey.z85 + "\n", to: secret, mode: 0o600)
        try write(pair.publicKey.z85 + "\n", to: publicFile, mode: 0o644)
        return pair.publicKey
    }

    private func pair(secretFile: String, hint: String) throws(KeyError) -> CurveKeyPair {
        try checkPrivate(secretFile)
        let text = try read(secretFile, hint: "make it with `\(hint)`").trimmingCharacters(in: .whitespacesAndNewlines)
        do { return try CurveKeyPair.derive(secretKey: try CurveKey(z85: text)) } catch {
            throw KeyError("\(secretFile): \(error.detail ?? "not a key")")
        }
    }

    /// Refuses a file that group or others may read or write.
    private func checkPrivate(_ file: String) throws(KeyError) {
        guard let attributes = try? FileManager.default.attributesOfItem(atPath: file),
              let mode = (attributes[.posixPermissions] as? NSNumber)?.intValue else { return }
        if mode & 0o077 != 0 {
            throw KeyError("\(file) is open to other users (mode \(String(mode, radix: 8))); run `chmod 600 \(file)`")
        }
    }

    private func read(_ file: String, hint: String) throws(KeyError) -> String {
        guard FileManager.default.fileExists(atPath: file) else {
            throw KeyError("no key file \(file)" + (hint.isEmpty ? "" : "; \(hint)"))
        }
        do { return try String(contentsOfFile: file, encoding: .utf8) } catch {
            throw KeyError("cannot read \(file): \(error.localizedDescription)")
        }
    }

    /// Writes through a temporary file created with `mode` (never readable by others, not even
    /// for a moment), then renames it over `file`.
    private func write(_ text: String, to file: String, mode: mode_t) throws(KeyError) {
        do {
            try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        } catch {
            throw KeyError("cannot make the key folder \(path): \(error.localizedDescription)")
        }
        let temporary = file + ".tmp-\(getpid())"
        let descriptor = open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, mode)
        guard descriptor >= 0 else { throw KeyError("cannot create \(temporary): \(String(cString: strerror(errno)))") }
        let bytes = Array(text.utf8)
        let written = bytes.withUnsafeBytes { Glibc.write(descriptor, $0.baseAddress, $0.count) }
        let synced = fsync(descriptor) == 0
        close(descriptor)
        guard written == bytes.count, synced, rename(temporary, file) == 0 else {
            unlink(temporary)
            throw KeyError("cannot write \(file): \(String(cString: strerror(errno)))")
        }
    }
}
