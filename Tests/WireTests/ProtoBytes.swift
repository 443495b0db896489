import Wire

/// A tiny protobuf writer for tests: builds frames by hand, independent of protobuf-c, so the
/// tests can send what a well-behaved encoder never would (a missing field, an unknown enum
/// number, a wrong version).
struct ProtoBytes {
    private(set) var bytes: [UInt8] = []

    static func varint(_ value: UInt64) -> [UInt8] {
        var value = value
        var out: [UInt8] = []
        repeat {
            var byte = UInt8(value & 0x7f)
            value >>= 7
            if value != 0 { byte |= 0x80 }
            out.append(byte)
        } while value != 0
        return out
    }

    mutating func uint(_ field: Int, _ value: UInt64) {
        bytes += Self.varint(UInt64(field << 3 | 0)) + Self.varint(value)
    }

    mutating func double(_ field: Int, _ value: Double) {
        bytes += Self.varint(UInt64(field << 3 | 1))
        withUnsafeBytes(of: value.bitPattern.littleEndian) { bytes += $0 }
    }

    mutating func float(_ field: Int, _ value: Float) {
        bytes += Self.varint(UInt64(field << 3 | 5))
        withUnsafeBytes(of: value.bitPattern.littleEndian) { bytes += $0 }
    }

    mutating func data(_ field: Int, _ value: [UInt8]) {
        bytes += Self.varint(UInt64(field << 3 | 2)) + Self.varint(UInt64(value.count)) + value
    }

    mutating func string(_ field: Int, _ value: String) { data(field, Array(value.utf8)) }

    mutating func message(_ field: Int, _ build: (inout ProtoBytes) -> Void) {
        var inner = ProtoBytes()
        build(&inner)
        data(field, inner.bytes)
    }

    /// An Envelope of protocol `version` (nil: no version field) around one body field.
    static func envelope(version: UInt64? = UInt64(WireCodec.protocolVersion), bodyField: Int, _ build: (inout ProtoBytes) -> Void) -> [UInt8] {
        var envelope = ProtoBytes()
        if let version { envelope.uint(1, version) }
        envelope.message(bodyField, build)
        return envelope.bytes
    }
}

/// Envelope body field numbers (messages.proto).
enum Body {
    static let ready = 10, heartbeat = 11, assign = 12, progress = 13, result = 14, fail = 15
    static let fetch = 16, chunk = 17, ack = 18, disconnect = 19
}
