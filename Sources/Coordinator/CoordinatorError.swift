/// A coordinator that cannot start or go on: what went wrong and what to do.
public struct CoordinatorError: Error, CustomStringConvertible {
    public let message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}
