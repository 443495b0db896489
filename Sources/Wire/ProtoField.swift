internal import Core
internal import GridProto

/// Readers for the fields of an unpacked protobuf-c struct: each turns absence or a bad value
/// into a `WireError` naming the field.
enum ProtoField {
    static func required<T>(_ has: protobuf_c_boolean, _ value: T, _ field: String) throws(WireError) -> T {
        guard has != 0 else { throw .missing(field) }
        return value
    }

    static func optional<T>(_ has: protobuf_c_boolean, _ value: T) -> T? {
        has != 0 ? value : nil
    }

    static func string(_ pointer: UnsafeMutablePointer<CChar>?, _ field: String) throws(WireError) -> String {
        guard let pointer else { throw .missing(field) }
        guard let text = String(validatingCString: pointer) else { throw .invalid(field, "is not valid UTF-8") }
        return text
    }

    /// A model name (`ModelName`'s rule), required.
    static func modelName(_ pointer: UnsafeMutablePointer<CChar>?, _ field: String) throws(WireError) -> ModelName {
        let text = try string(pointer, field)
        guard let name = ModelName(text) else { throw .invalid(field, ModelName.problem(with: text) ?? "is not a model name") }
        return name
    }

    static func bytes(_ has: protobuf_c_boolean, _ data: ProtobufCBinaryData, _ field: String) throws(WireError) -> [UInt8] {
        guard has != 0 else { throw .missing(field) }
        return copy(data)
    }

    static func digest(_ has: protobuf_c_boolean, _ data: ProtobufCBinaryData, _ field: String) throws(WireError) -> SHA256Digest {
        try digest(bytes(has, data, field), field)
    }

    static func digest(_ bytes: [UInt8], _ field: String) throws(WireError) -> SHA256Digest {
        guard let digest = SHA256Digest(bytes: bytes) else {
            throw .invalid(field, "a SHA-256 digest is \(SHA256Digest.byteCount) bytes, got \(bytes.count)")
        }
        return digest
    }

    static func copy(_ data: ProtobufCBinaryData) -> [UInt8] {
        guard data.len > 0, let base = data.data else { return [] }
        return Array(UnsafeBufferPointer(start: base, count: data.len))
    }

    static func message<C, T>(
        _ pointer: UnsafeMutablePointer<C>?, _ field: String, _ convert: (C) throws(WireError) -> T
    ) throws(WireError) -> T {
        guard let pointer else { throw .missing(field) }
        return try convert(pointer.pointee)
    }

    /// The elements of a repeated field.
    static func elements<C>(_ pointer: UnsafeMutablePointer<C>?, _ count: Int) -> UnsafeBufferPointer<C> {
        guard count > 0, let pointer else { return UnsafeBufferPointer(start: nil, count: 0) }
        return UnsafeBufferPointer(start: pointer, count: count)
    }

    /// The protobuf-c boolean of a Swift Bool.
    static func flag(_ value: Bool) -> protobuf_c_boolean { value ? 1 : 0 }
}
