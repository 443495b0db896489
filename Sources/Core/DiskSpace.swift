internal import Glibc

/// The free space of the disk that holds a path, for the decisions and messages about a full
/// disk (the coordinator's store, a worker's cache).
public enum DiskSpace {
    /// Bytes free to an unprivileged writer on the file system of `path` (or of the nearest
    /// folder above it that exists); nil when it cannot be told.
    public static func free(at path: String) -> UInt64? {
        var target = path.isEmpty ? "." : path
        while access(target, F_OK) != 0 {
            guard let slash = target.lastIndex(of: "/") else { target = "."; break }
            target = slash == target.startIndex ? "/" : String(target[..<slash])
        }
        var stats = statvfs()
        guard statvfs(target, &stats) == 0 else { return nil }
        return UInt64(stats.f_bavail) * UInt64(stats.f_frsize)
    }

    /// "12.3 MB", "512 KB".
    public static func describe(_ bytes: UInt64) -> String {
        let mb: UInt64 = 1 << 20
        return bytes >= mb ? "\(bytes / mb).\((bytes % mb) * 10 / mb) MB" : "\(bytes >> 10) KB"
    }

    /// What a coordinator wants free to go on: room for the largest artifact so far and a
    /// margin for the database and its log.
    public static func needed(largestArtifact: UInt64) -> UInt64 { largestArtifact + 64 << 20 }
}
