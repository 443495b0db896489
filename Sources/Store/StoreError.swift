/// A store operation that failed: what, on which file, and what to do.
public struct StoreError: Error, CustomStringConvertible, Sendable {
    public enum Code: Sendable {
        case cannotOpen, gridMismatch, noGrid, sqlite, corrupt
        /// Another store (`--bases-from`, `--results-from`) cannot give what was asked.
        case otherStore
        /// The grid has no result to analyse yet.
        case noResults
        /// Another coordinator holds the store (`StoreLock`).
        case locked
        /// The disk refused a write (full, or failing): nothing of that transaction is stored.
        case cannotWrite
    }
    public let code: Code
    public let message: String

    public init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    public var description: String { message }
}
