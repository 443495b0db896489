/// Rules shared by several messages: identifiers, free text, attempt numbers.
enum WireRules {
    /// Longest identifier (job id, worker id, preset) in bytes.
    static let maxIdentifierBytes = 128
    /// Longest free text (a failure reason, a host name, a version) in bytes.
    static let maxTextBytes = 4096

    /// Identifiers are 1 to 128 bytes of `A-Z a-z 0-9 . _ : / -`: safe in logs, file names and SQL.
    static func identifier(_ text: String, at field: String) throws(WireError) {
        let bytes = text.utf8
        guard !bytes.isEmpty else { throw .invalid(field, "must not be empty") }
        guard bytes.count <= maxIdentifierBytes else {
            throw .invalid(field, "is \(bytes.count) bytes, the limit is \(maxIdentifierBytes)")
        }
        for byte in bytes where !isIdentifierByte(byte) {
            throw .invalid(field, "\"\(text)\" has a character outside A-Z a-z 0-9 . _ : / -")
        }
    }

    /// Free text: 1 to 4096 bytes of UTF-8 (guaranteed by the decoder) without NUL bytes.
    static func text(_ text: String, at field: String, allowEmpty: Bool = false) throws(WireError) {
        let count = text.utf8.count
        guard allowEmpty || count > 0 else { throw .invalid(field, "must not be empty") }
        guard !text.utf8.contains(0) else { throw .invalid(field, "must not contain NUL bytes") }
        guard count <= maxTextBytes else {
            throw .invalid(field, "is \(count) bytes, the limit is \(maxTextBytes)")
        }
    }

    private static func isIdentifierByte(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"),
            UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "."), UInt8(ascii: "_"),
            UInt8(ascii: ":"), UInt8(ascii: "/"), UInt8(ascii: "-"):
            true
        default: false
        }
    }

    /// Attempts count from 1.
    static func attempt(_ attempt: UInt32, at field: String) throws(WireError) {
        guard attempt >= 1 else { throw .invalid(field, "attempts count from 1, got 0") }
    }
}
