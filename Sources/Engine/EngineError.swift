/// A runtime failure of the engine: a bad checkpoint file, a configuration that does not fit.
///
/// Shape mismatches between the engine's own buffers are programmer errors (preconditions);
/// what comes from files or users is one of these, saying what was wrong and what to do.
public struct EngineError: Error, Hashable, Sendable, CustomStringConvertible {
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private enum Base: Hashable, Sendable {
            case invalidConfiguration, invalidInput, io, diskFull, corruptCheckpoint, checkpointMismatch
        }

        private let base: Base
        private init(_ base: Base) { self.base = base }

        public static let invalidConfiguration = Code(.invalidConfiguration)
        /// A batch that does not fit the model (too many images, a token outside the vocabulary).
        public static let invalidInput = Code(.invalidInput)
        /// The file system refused (open, read, write, rename).
        public static let io = Code(.io)
        /// The file system is out of space (ENOSPC, EDQUOT): not the job's fault.
        public static let diskFull = Code(.diskFull)
        /// A checkpoint file is truncated, malformed or fails its checksum.
        public static let corruptCheckpoint = Code(.corruptCheckpoint)
        /// A well-formed checkpoint whose tensors do not fit this model (names, shapes, dtypes).
        public static let checkpointMismatch = Code(.checkpointMismatch)

        public var description: String {
            switch base {
            case .invalidConfiguration: "invalidConfiguration"
            case .invalidInput: "invalidInput"
            case .io: "io"
            case .diskFull: "diskFull"
            case .corruptCheckpoint: "corruptCheckpoint"
            case .checkpointMismatch: "checkpointMismatch"
            }
        }
    }

    public let code: Code
    public let message: String

    public init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    public var description: String { "engine \(code): \(message)" }
}
