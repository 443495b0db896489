/// A worker that cannot start: what went wrong and what to do.
public struct WorkerError: Error, CustomStringConvertible {
    public let message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}
