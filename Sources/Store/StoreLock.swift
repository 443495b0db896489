internal import Foundation

/// The exclusive claim of one coordinator on a store: an advisory `flock` on `STORE.lock`,
/// held for as long as this object lives (the kernel drops it when the process dies, however it
/// dies). The file names its holder, so that a second coordinator is refused with who it is.
public final class StoreLock: Sendable {
    public let path: String
    private let descriptor: Int32

    /// Takes the lock of the store at `storePath`, or throws `locked` at once, naming the holder.
    public init(storePath: String) throws(StoreError) {
        path = storePath + ".lock"
        let directory = (storePath as NSString).deletingLastPathComponent
        if !directory.isEmpty { try? FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true) }
        let fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw StoreError(.cannotOpen, "cannot open \(path): \(String(cString: strerror(errno)))") }
        guard flock(fd, LOCK_EX | LOCK_NB) == 0 else {
            let holder = (try? String(contentsOfFile: path, encoding: .utf8))?.trimmingCharacters(in: .whitespacesAndNewlines) ?? ""
            close(fd)
            throw StoreError(.locked, "another coordinator serves \(storePath) (\(holder.isEmpty ? "its lock is \(path)" : holder)); "
                + "stop it first, or watch it with `transfergrid status --store \(storePath)`")
        }
        descriptor = fd
        let holder = "pid \(getpid()) on \(ProcessInfo.processInfo.hostName), since \(ISO8601DateFormatter().string(from: Date()))\n"
        _ = ftruncate(fd, 0)
        _ = holder.withCString { pwrite(fd, $0, strlen($0), 0) }
    }

    deinit {
        close(descriptor)
    }
}
