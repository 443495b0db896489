/// The engine's three sizes of the model family, standing in for the study's 3B, 7B and 32B models.
/// Grids and jobs name them by `ModelName`.
public enum ModelSize: Hashable, Sendable, CaseIterable, Comparable, CustomStringConvertible {
    case small, medium, large

    public var description: String {
        switch self {
        case .small: "small"
        case .medium: "medium"
        case .large: "large"
        }
    }
}
