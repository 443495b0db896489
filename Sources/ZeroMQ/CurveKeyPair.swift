internal import CZeroMQ

/// A CURVE key (public or secret): 32 bytes, written as 40 characters of Z85.
public struct CurveKey: Hashable, Sendable, CustomStringConvertible {
    public static let byteCount = 32
    public static let z85Count = 40

    public let bytes: [UInt8]

    public init(bytes: [UInt8]) throws(ZMQError) {
        guard bytes.count == Self.byteCount else {
            throw ZMQError(
                code: .invalidArgument, operation: "CurveKey(bytes:)",
                detail: "a CURVE key is \(Self.byteCount) bytes, got \(bytes.count)")
        }
        self.bytes = bytes
    }

    /// Decodes a key from its 40-character Z85 text (as in a key file).
    public init(z85 text: String) throws(ZMQError) {
        let characters = Array(text.utf8)
        guard characters.count == Self.z85Count else {
            throw ZMQError(
                code: .invalidArgument, operation: "CurveKey(z85:)",
                detail: "a Z85 CURVE key is \(Self.z85Count) characters, got \(characters.count); "
                    + "check that the key file holds one key and nothing else")
        }
        var decoded = [UInt8](repeating: 0, count: Self.byteCount)
        let ok = decoded.withUnsafeMutableBufferPointer { out in
            zmq_z85_decode(out.baseAddress, text) != nil
        }
        guard ok else {
            throw ZMQError(
                code: .invalidArgument, operation: "CurveKey(z85:)",
                detail: "\"\(text)\" is not valid Z85 (allowed: 0-9 a-z A-Z .-:+=^!/*?&<>()[]{}@%$#)")
        }
        self.bytes = decoded
    }

    /// The key as 40 characters of Z85.
    public var z85: String {
        var text = [CChar](repeating: 0, count: Self.z85Count + 1)
        _ = text.withUnsafeMutableBufferPointer { out in
            zmq_z85_encode(out.baseAddress, bytes, bytes.count)
        }
        return zText(text)
    }

    /// The Z85 text; a secret key should not be logged, so callers print `z85` deliberately.
    public var description: String { "CurveKey(\(z85.prefix(8))...)" }
}

/// A CURVE key pair, as made by `zmq_curve_keypair`.
public struct CurveKeyPair: Hashable, Sendable {
    public let publicKey: CurveKey
    public let secretKey: CurveKey

    public init(publicKey: CurveKey, secretKey: CurveKey) {
        self.publicKey = publicKey
        self.secretKey = secretKey
    }

    /// Makes a fresh key pair. Fails with `.notSupported` when libzmq lacks CURVE (libsodium).
    public static func generate() throws(ZMQError) -> CurveKeyPair {
        var publicText = [CChar](repeating: 0, count: CurveKey.z85Count + 1)
        var secretText = [CChar](repeating: 0, count: CurveKey.z85Count + 1)
        _ = try zmqCall("zmq_curve_keypair") { zmq_curve_keypair(&publicText, &secretText) }
        return CurveKeyPair(
            publicKey: try CurveKey(z85: zText(publicText)),
            secretKey: try CurveKey(z85: zText(secretText)))
    }

    /// Derives the public key of a secret key (`zmq_curve_public`).
    public static func derive(secretKey: CurveKey) throws(ZMQError) -> CurveKeyPair {
        var publicText = [CChar](repeating: 0, count: CurveKey.z85Count + 1)
        _ = try zmqCall("zmq_curve_public") { zmq_curve_public(&publicText, secretKey.z85) }
        return CurveKeyPair(publicKey: try CurveKey(z85: zText(publicText)), secretKey: secretKey)
    }
}

/// The text of a NUL-terminated C buffer filled by libzmq.
private func zText(_ buffer: [CChar]) -> String {
    let end = buffer.firstIndex(of: 0) ?? buffer.count
    return String(decoding: buffer[..<end].map { UInt8(bitPattern: $0) }, as: UTF8.self)
}
