internal import Foundation
internal import Core

extension Store {
    /// The room on the disk of a store's folder, against what a coordinator wants free to
    /// commit (`DiskSpace.needed`: its largest artifact and a margin for the database).
    public struct DiskRoom: Sendable, Equatable {
        public var folder: String
        public var free: UInt64
        public var needed: UInt64
        public var isShort: Bool { free < needed }
    }

    /// The store's disk room now; nil when the file system cannot tell its free space.
    public func diskRoom() -> DiskRoom? {
        let folder = (path as NSString).deletingLastPathComponent
        let needed = DiskSpace.needed(largestArtifact: (try? largestArtifact()) ?? 0)
        return DiskSpace.free(at: path).map { DiskRoom(folder: folder.isEmpty ? "." : folder, free: $0, needed: needed) }
    }
}
