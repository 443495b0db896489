/// Why a buffer is not a valid protocol message.
///
/// Decoding never crashes and never returns a half-filled value: every defect of a frame is one
/// of these, naming the field (as a path like `Assign.job.hyperparameters.steps`) and the value.
public struct WireError: Error, Hashable, Sendable, CustomStringConvertible {
    /// A struct over a private enum, so that cases can be added later.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private enum Base: Hashable, Sendable {
            case frameTooLarge, malformed, unsupportedVersion, missingField, unknownEnumValue, invalidValue
        }

        private let base: Base
        private init(_ base: Base) { self.base = base }

        /// The frame is larger than the decoder's limit; it was not parsed.
        public static let frameTooLarge = Code(.frameTooLarge)
        /// The bytes are not a protobuf encoding of an Envelope.
        public static let malformed = Code(.malformed)
        /// The envelope names a protocol version this build does not speak.
        public static let unsupportedVersion = Code(.unsupportedVersion)
        /// A field the message needs is absent.
        public static let missingField = Code(.missingField)
        /// An enum field holds a number this protocol version does not define (or zero).
        public static let unknownEnumValue = Code(.unknownEnumValue)
        /// A field is present but its value breaks a rule (size, range, consistency).
        public static let invalidValue = Code(.invalidValue)

        public var description: String {
            switch base {
            case .frameTooLarge: "frameTooLarge"
            case .malformed: "malformed"
            case .unsupportedVersion: "unsupportedVersion"
            case .missingField: "missingField"
            case .unknownEnumValue: "unknownEnumValue"
            case .invalidValue: "invalidValue"
            }
        }
    }

    public let code: Code
    /// The path of the offending field, when there is one: `Result.correctness`.
    public let field: String?
    /// What was wrong, with the value.
    public let detail: String

    public init(_ code: Code, field: String? = nil, _ detail: String) {
        self.code = code
        self.field = field
        self.detail = detail
    }

    public var description: String {
        if let field { return "wire \(code) at \(field): \(detail)" }
        return "wire \(code): \(detail)"
    }

    static func missing(_ field: String) -> WireError {
        WireError(.missingField, field: field, "required field is absent")
    }

    static func invalid(_ field: String, _ detail: String) -> WireError {
        WireError(.invalidValue, field: field, detail)
    }
}
