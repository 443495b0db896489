/// The 13 perception tasks of the study (BLINK minus IQ Test), in science.md's order.
public enum PerceptionTask: Int, CaseIterable, Hashable, Sendable, Comparable, CustomStringConvertible {
    case visualSimilarity = 1
    case artStyle
    case visualCorrespondence
    case relativeDepth
    case relativeReflectance
    case spatialRelation
    case jigsaw
    case counting
    case functionalCorrespondence
    case semanticCorrespondence
    case multiViewReasoning
    case objectLocalization
    case forensicDetection

    /// The two-letter abbreviation used in the paper's figures: VS, AS, VC, ...
    public var abbreviation: String {
        switch self {
        case .visualSimilarity: "VS"
        case .artStyle: "AS"
        case .visualCorrespondence: "VC"
        case .relativeDepth: "RD"
        case .relativeReflectance: "RR"
        case .spatialRelation: "SR"
        case .jigsaw: "JG"
        case .counting: "CN"
        case .functionalCorrespondence: "FC"
        case .semanticCorrespondence: "SC"
        case .multiViewReasoning: "MR"
        case .objectLocalization: "OL"
        case .forensicDetection: "FD"
        }
    }

    /// The task's name as the released data spells it: `Visual_Similarity`, `Art_Style`, ...
    public var name: String {
        switch self {
        case .visualSimilarity: "Visual_Similarity"
        case .artStyle: "Art_Style"
        case .visualCorrespondence: "Visual_Correspondence"
        case .relativeDepth: "Relative_Depth"
        case .relativeReflectance: "Relative_Reflectance"
        case .spatialRelation: "Spatial_Relation"
        case .jigsaw: "Jigsaw"
        case .counting: "Counting"
        case .functionalCorrespondence: "Functional_Correspondence"
        case .semanticCorrespondence: "Semantic_Correspondence"
        case .multiViewReasoning: "Multi-view_Reasoning"
        case .objectLocalization: "Object_Localization"
        case .forensicDetection: "Forensic_Detection"
        }
    }

    /// Answer options per question (2 to 4).
    public var optionCount: Int {
        switch self {
        case .visualCorrespondence, .counting, .functionalCorrespondence, .semanticCorrespondence,
            .forensicDetection:
            4
        case .relativeReflectance: 3
        default: 2
        }
    }

    /// The accuracy of a uniform guess, 1 / options (the floor of the study goals' baseline
    /// range; SC's and FC's pebble option, never right, lets a model that spots it reach 1 / 3).
    public var chance: Double { 1 / Double(optionCount) }

    /// Images shown with each question.
    public var imagesPerQuestion: Int {
        switch self {
        case .visualSimilarity, .artStyle, .jigsaw: 3
        case .visualCorrespondence, .functionalCorrespondence, .semanticCorrespondence, .multiViewReasoning: 2
        case .forensicDetection: 4
        default: 1
        }
    }

    /// Finds a task by abbreviation (`RD`) or released-data name (`Relative_Depth`), any case.
    public init?(named text: String) {
        let key = text.lowercased()
        guard let task = Self.allCases.first(where: {
            $0.abbreviation.lowercased() == key || $0.name.lowercased() == key
        }) else { return nil }
        self = task
    }

    public static func < (lhs: Self, rhs: Self) -> Bool { lhs.rawValue < rhs.rawValue }

    public var description: String { abbreviation }
}
