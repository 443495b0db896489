/// Why a grid spec could not be used: what was wrong, where, and what to do.
public struct GridError: Error, Hashable, CustomStringConvertible, Sendable {
    public let message: String

    public init(_ message: String) { self.message = message }

    public var description: String { message }
}
