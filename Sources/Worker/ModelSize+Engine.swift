public import Core
public import Engine

extension ModelSize {
    /// The engine's shape for this size of the family.
    public var engineConfig: ModelConfig {
        switch self {
        case .tiny: .tiny
        case .small: .small
        case .medium: .medium
        case .large: .large
        }
    }
}
