/// A model, by the name a grid gives it: one of the engine's sizes (`ModelSize`: small, medium,
/// large), or a name that a worker's runner knows. Jobs, worker capabilities and the store name
/// models this way, so a new size or runner needs no change of schema.
///
/// A name is 1 to 64 bytes of `a-z 0-9 . _ -`: safe in job ids, file names, logs and SQL. An
/// engine size's name is read in any case ("Small" is `small`).
public struct ModelName: Hashable, Sendable, Comparable, CustomStringConvertible {
    public static let maxBytes = 64

    public let rawValue: String

    /// The name, checked; nil when it breaks the rule above.
    public init?(_ text: String) {
        let lowered = text.lowercased()
        if let size = ModelSize.allCases.first(where: { $0.description == lowered }) {
            rawValue = size.description
        } else {
            let bytes = text.utf8
            guard (1...Self.maxBytes).contains(bytes.count), bytes.allSatisfy(Self.isNameByte) else { return nil }
            rawValue = text
        }
    }

    /// The engine size of that name.
    public init(_ size: ModelSize) { rawValue = size.description }

    /// The engine's sizes by name.
    public static let small = ModelName(.small)
    public static let medium = ModelName(.medium)
    public static let large = ModelName(.large)

    /// The engine size this name stands for, if it is one.
    public var engineSize: ModelSize? { ModelSize.allCases.first { $0.description == rawValue } }

    public var description: String { rawValue }

    /// Engine sizes first, smallest first, then other names in byte order.
    public static func < (a: ModelName, b: ModelName) -> Bool {
        switch (a.engineSize, b.engineSize) {
        case let (x?, y?): x < y
        case (.some, nil): true
        case (nil, .some): false
        case (nil, nil): a.rawValue.utf8.lexicographicallyPrecedes(b.rawValue.utf8)
        }
    }

    /// Why `text` is not a model name, for error messages.
    public static func problem(with text: String) -> String? {
        guard ModelName(text) == nil else { return nil }
        let count = text.utf8.count
        if count == 0 { return "a model name must not be empty" }
        if count > maxBytes { return "\"\(text.prefix(80))\" is \(count) bytes; a model name has at most \(maxBytes)" }
        return "\"\(text)\" has a character outside a-z 0-9 . _ -"
    }

    private static func isNameByte(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "0")...UInt8(ascii: "9"),
            UInt8(ascii: "."), UInt8(ascii: "_"), UInt8(ascii: "-"):
            true
        default: false
        }
    }
}
