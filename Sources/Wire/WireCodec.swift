internal import Core
internal import GridProto

/// Encodes and decodes protocol messages: one Envelope per frame.
///
/// Decoding is strict: a frame over the size limit, bytes that are not an Envelope, a missing
/// or other protocol version, a missing required field, an unknown enum value or a value that
/// breaks a rule is a `WireError`, never a crash and never a half-filled message.
public struct WireCodec: Sendable {
    /// The protocol version this build speaks. Raised whenever a field changes what a job
    /// computes (2: `Hyperparameters.base_seed`; 3: `task_versions`; 4: `first_stages`), since a peer of the version before would
    /// ignore the field and compute another cell without a word, or becomes required (5:
    /// `Capabilities.blas_core`, without which a READY is refused; 6: models by name in
    /// `JobSpec.model` and `Capabilities.models`, and the typed `Disconnect.reason`; 7 the jobs
    /// a worker holds in READY; 8 `JobSpec.given_base`, ACK of RELEASED and `Result.questions_digest`).
    public static let protocolVersion: UInt32 = 8
    /// The default frame limit: a 4 MiB artifact chunk plus room for the envelope.
    public static let defaultMaxFrameBytes = 4 << 20 + 64 << 10

    /// The version of the protobuf-c runtime this process runs on.
    public static var protobufCVersion: String {
        guard let text = protobuf_c_version() else { return "unknown" }
        return String(cString: text)
    }

    /// Frames larger than this are refused before parsing (set ZeroMQ's MAXMSGSIZE to match).
    public let maxFrameBytes: Int

    public init(maxFrameBytes: Int = WireCodec.defaultMaxFrameBytes) {
        precondition(maxFrameBytes > 0, "the frame limit must be positive, got \(maxFrameBytes)")
        self.maxFrameBytes = maxFrameBytes
    }

    /// Encodes a message, after checking it against the same rules a receiver applies.
    public func encode(_ message: Message) throws(WireError) -> [UInt8] {
        try message.validate()
        let arena = ProtoArena()
        let envelope = arena.message(transfergrid__v1__envelope__init)
        envelope.pointee.has_protocol_version = 1
        envelope.pointee.protocol_version = Self.protocolVersion
        message.fill(envelope, in: arena)
        let size = transfergrid__v1__envelope__get_packed_size(envelope)
        guard size <= maxFrameBytes else {
            throw WireError(.frameTooLarge, "\(message.name) encodes to \(size) bytes, the limit is \(maxFrameBytes)")
        }
        return [UInt8](unsafeUninitializedCapacity: size) { buffer, count in
            count = transfergrid__v1__envelope__pack(envelope, buffer.baseAddress)
        }
    }

    /// Decodes one frame.
    public func decode(_ frame: [UInt8]) throws(WireError) -> Message {
        guard frame.count <= maxFrameBytes else {
            throw WireError(.frameTooLarge, "frame of \(frame.count) bytes, the limit is \(maxFrameBytes)")
        }
        let unpacked = frame.withUnsafeBufferPointer { buffer in
            transfergrid__v1__envelope__unpack(nil, buffer.count, buffer.baseAddress)
        }
        guard let unpacked else {
            throw WireError(.malformed, "\(frame.count) bytes are not a protobuf Envelope")
        }
        defer { transfergrid__v1__envelope__free_unpacked(unpacked, nil) }
        let envelope = unpacked.pointee
        let version = try ProtoField.required(envelope.has_protocol_version, envelope.protocol_version, "Envelope.protocol_version")
        guard version == Self.protocolVersion else {
            throw WireError(.unsupportedVersion, field: "Envelope.protocol_version",
                "peer speaks protocol \(version), this build speaks \(Self.protocolVersion); run the same transfergrid version on coordinator and workers")
        }
        let message = try Message(envelope: envelope)
        try message.validate()
        return message
    }
}
