/// A calibration that cannot run: what was wrong, with the values, and what to do.
public struct CalibrationError: Error, CustomStringConvertible, Sendable {
    public let message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}
