/// The analysis of several models of one family, with the scale comparison across them.
public struct StudyAnalysis: Sendable, Codable {
    public var models: [ModelAnalysis]
    public var scale: [ScaleRow]
    /// How the averages move with size (models ordered by the size in their names, e.g. 3B < 7B).
    public var trends: Trends

    public struct ScaleRow: Hashable, Sendable, Codable {
        public var model: String
        public var averageTransferabilityPositive: Double
        public var averageTransferabilityNegative: Double
        public var averageMalleabilityPositive: Double
        public var averageMalleabilityNegative: Double
        public var positivePairs: Int
        public var negativePairs: Int
        public var maxPositiveClique: Int
        public var maxNegativeClique: Int
    }

    public struct Trends: Hashable, Sendable, Codable {
        /// "rising", "falling" or "no trend" for each quantity.
        public var positiveTransfer: String
        public var negativeTransfer: String
    }

    public init(_ models: [ModelAnalysis]) {
        let ordered = models.sorted { Self.sizeKey($0.model) < Self.sizeKey($1.model) }
        self.models = ordered
        scale = ordered.map { m in
            ScaleRow(model: m.model,
                     averageTransferabilityPositive: m.averageTransferability.positive,
                     averageTransferabilityNegative: m.averageTransferability.negative,
                     averageMalleabilityPositive: m.averageMalleability.positive,
                     averageMalleabilityNegative: m.averageMalleability.negative,
                     positivePairs: m.pairs.positive, negativePairs: m.pairs.negative,
                     maxPositiveClique: m.cliques.positive.first?.count ?? 0,
                     maxNegativeClique: m.cliques.negative.first?.count ?? 0)
        }
        trends = Trends(positiveTransfer: Self.trend(scale.map(\.averageTransferabilityPositive)),
                        negativeTransfer: Self.trend(scale.map(\.averageTransferabilityNegative)))
    }

    static func trend(_ values: [Double]) -> String {
        guard values.count >= 2 else { return "no trend" }
        let steps = zip(values, values.dropFirst())
        if steps.allSatisfy({ $0 < $1 }) { return "rising" }
        if steps.allSatisfy({ $0 > $1 }) { return "falling" }
        return "no trend"
    }

    /// The parameter count written in a model's name ("qwen-2.5vl-32B" -> 32e9), or the engine
    /// sizes' order (tiny < small < medium < large); names without either keep their input
    /// order after those with one.
    static func sizeKey(_ name: String) -> Double {
        let lower = name.lowercased()
        for (word, key) in [("tiny", 0.5), ("small", 1.0), ("medium", 2.0), ("large", 3.0)] where lower == word { return key }
        var best: Double?
        let characters = Array(lower)
        var i = 0
        while i < characters.count {
            if characters[i].isNumber {
                var j = i
                while j < characters.count && (characters[j].isNumber || characters[j] == ".") { j += 1 }
                if j < characters.count, let unit = ["k": 1e3, "m": 1e6, "b": 1e9][String(characters[j])],
                   let number = Double(String(characters[i..<j])) {
                    best = number * unit
                }
                i = j
            } else {
                i += 1
            }
        }
        return best ?? .infinity
    }
}
