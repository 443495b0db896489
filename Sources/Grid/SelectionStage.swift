/// The grid's data-selection stage: which targets, and the PGF a source needs toward a target
/// to be selected.
public struct SelectionStage: Codable, Hashable, Sendable {
    /// Task abbreviations.
    public var targets: [String]
    public var threshold: Double

    public init(targets: [String], threshold: Double = 0) {
        self.targets = targets
        self.threshold = threshold
    }

    enum CodingKeys: String, CodingKey, CaseIterable {
        case targets, threshold
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        targets = try c.decode([String].self, forKey: .targets)
        threshold = try c.decodeIfPresent(Double.self, forKey: .threshold) ?? 0
    }
}
