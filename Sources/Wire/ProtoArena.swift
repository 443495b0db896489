internal import GridProto
internal import Glibc

/// Owns the C memory of one message being encoded: every struct, string, byte buffer and
/// pointer array is malloc'd here and freed together when the arena goes away, after packing.
final class ProtoArena {
    private var blocks: [UnsafeMutableRawPointer] = []

    deinit {
        for block in blocks { free(block) }
    }

    private func allocate(bytes: Int) -> UnsafeMutableRawPointer {
        guard let block = malloc(max(bytes, 1)) else { fatalError("out of memory encoding a wire message") }
        blocks.append(block)
        return block
    }

    /// A new C message struct, set to its defaults by its protobuf-c `__init` function.
    func message<T>(_ initialize: (UnsafeMutablePointer<T>) -> Void) -> UnsafeMutablePointer<T> {
        let pointer = allocate(bytes: MemoryLayout<T>.stride).bindMemory(to: T.self, capacity: 1)
        initialize(pointer)
        return pointer
    }

    /// A NUL-terminated copy of a string (callers validate that it holds no NUL).
    func string(_ text: String) -> UnsafeMutablePointer<CChar> {
        let utf8 = Array(text.utf8)
        let pointer = allocate(bytes: utf8.count + 1).bindMemory(to: CChar.self, capacity: utf8.count + 1)
        utf8.withUnsafeBytes { source in
            if let base = source.baseAddress { UnsafeMutableRawPointer(pointer).copyMemory(from: base, byteCount: utf8.count) }
        }
        pointer[utf8.count] = 0
        return pointer
    }

    func bytes(_ bytes: [UInt8]) -> ProtobufCBinaryData {
        let pointer = allocate(bytes: bytes.count).bindMemory(to: UInt8.self, capacity: bytes.count)
        pointer.update(from: bytes, count: bytes.count)
        return ProtobufCBinaryData(len: bytes.count, data: pointer)
    }

    /// A C array of `items` (scalars, or pointers to messages), nil when empty.
    func array<T>(_ items: [T]) -> UnsafeMutablePointer<T>? {
        guard !items.isEmpty else { return nil }
        let pointer = allocate(bytes: MemoryLayout<T>.stride * items.count).bindMemory(to: T.self, capacity: items.count)
        pointer.initialize(from: items, count: items.count)
        return pointer
    }
}
