/// Why an input file cannot be analysed: which file, which line, which field, and what to do.
/// Nothing is written when an input is bad.
public struct TransferInputError: Error, Hashable, Sendable, CustomStringConvertible {
    public var file: String
    /// 1-based line number; nil for file-level problems (a missing header, missing rows).
    public var line: Int?
    public var field: String?
    public var message: String

    public init(file: String, line: Int? = nil, field: String? = nil, _ message: String) {
        self.file = file
        self.line = line
        self.field = field
        self.message = message
    }

    public var description: String {
        var place = file
        if let line { place += ":\(line)" }
        if let field { place += " (\(field))" }
        return "\(place): \(message)"
    }
}
