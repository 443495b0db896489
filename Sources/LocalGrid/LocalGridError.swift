/// A local grid that cannot start: what went wrong and what to do.
public struct LocalGridError: Error, CustomStringConvertible, Sendable {
    public let message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}
