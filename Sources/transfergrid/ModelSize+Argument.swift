public import Core
public import ArgumentParser

/// Model sizes on the command line: tiny, small, medium, large.
extension ModelSize: ExpressibleByArgument {
    public init?(argument: String) {
        guard let size = Self.allCases.first(where: { $0.description == argument.lowercased() }) else { return nil }
        self = size
    }
}
