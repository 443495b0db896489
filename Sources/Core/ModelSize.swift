/// The engine's sizes of the model family, smallest first, standing in for the study's 3B, 7B
/// and 32B models. Grids and jobs name them by `ModelName`.
public enum ModelSize: Hashable, Sendable, CaseIterable, Comparable, CustomStringConvertible {
    case tiny, small, medium, large

    public var description: String {
        switch self {
        case .tiny: "tiny"
        case .small: "small"
        case .medium: "medium"
        case .large: "large"
        }
    }

    /// The sizes' names, for messages: "tiny, small, medium, large".
    public static var names: String { allCases.map(\.description).joined(separator: ", ") }
}
