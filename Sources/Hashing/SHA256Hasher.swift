internal import CCrypto
public import Core
internal import Foundation

/// SHA-256 over bytes fed in pieces (OpenSSL's libcrypto, EVP interface): artifacts are hashed
/// as they are written or received, never held whole just to be named.
public final class SHA256Hasher {
    private let context: OpaquePointer

    public init() {
        guard let context = EVP_MD_CTX_new(), EVP_DigestInit_ex(context, EVP_sha256(), nil) == 1 else {
            fatalError("libcrypto could not set up SHA-256")
        }
        self.context = context
    }

    deinit { EVP_MD_CTX_free(context) }

    public func update(_ bytes: UnsafeRawBufferPointer) {
        guard let base = bytes.baseAddress, !bytes.isEmpty else { return }
        EVP_DigestUpdate(context, base, bytes.count)
    }

    public func update(_ bytes: [UInt8]) {
        bytes.withUnsafeBytes { update($0) }
    }

    /// The digest of everything fed in; call once.
    public func finish() -> SHA256Digest {
        var out = [UInt8](repeating: 0, count: SHA256Digest.byteCount)
        var length: UInt32 = 0
        EVP_DigestFinal_ex(context, &out, &length)
        return SHA256Digest(bytes: out)!
    }
}

extension SHA256Digest {
    /// The digest of `bytes`.
    public static func of(_ bytes: [UInt8]) -> SHA256Digest {
        let hasher = SHA256Hasher()
        hasher.update(bytes)
        return hasher.finish()
    }

    /// The digest of a string's UTF-8 bytes.
    public static func of(_ text: String) -> SHA256Digest { of(Array(text.utf8)) }
}

extension SHA256Digest {
    /// The digest of a file's bytes, read in pieces; nil when it cannot be read.
    public static func ofFile(_ path: String) -> SHA256Digest? {
        guard let file = fopen(path, "rb") else { return nil }
        defer { fclose(file) }
        let hasher = SHA256Hasher()
        var buffer = [UInt8](repeating: 0, count: 1 << 20)
        while true {
            let count = buffer.withUnsafeMutableBytes { fread($0.baseAddress, 1, $0.count, file) }
            if count > 0 { buffer.withUnsafeBytes { hasher.update(UnsafeRawBufferPointer(rebasing: $0[0..<count])) } }
            if count < buffer.count { return ferror(file) == 0 ? hasher.finish() : nil }
        }
    }
}
