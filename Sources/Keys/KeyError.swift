/// A key file that is missing, unreadable, malformed or too open, with what to do about it.
public struct KeyError: Error, CustomStringConvertible, Sendable {
    public let message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}
