internal import Foundation

/// The aggregates of science.md, over the off-diagonal cells of one row (a source's
/// transferability) or one column (a target's malleability); N = tasks - 1:
///
///     A+ = (1 - exp(-p/N)) / p * (sum of the p positive values)     (0 when p = 0)
///     A- = (1 - exp(-n/N)) / n * (sum of the n negative values)     (0 when n = 0)
///
/// Breadth (how many) times magnitude (how much). Undefined cells are left out.
public struct Aggregate: Hashable, Sendable, Codable {
    public var positive: Double
    public var negative: Double

    public init(positive: Double, negative: Double) {
        self.positive = positive
        self.negative = negative
    }

    /// The aggregate of `values` (the diagonal already removed) with N = `n`.
    public static func of(_ values: [Double?], n: Int) -> Aggregate {
        let defined = values.compactMap { $0 }
        let positives = defined.filter { $0 > 0 }, negatives = defined.filter { $0 < 0 }
        func part(_ xs: [Double]) -> Double {
            guard !xs.isEmpty else { return 0 }
            return (1 - exp(-Double(xs.count) / Double(n))) / Double(xs.count) * xs.reduce(0, +)
        }
        return Aggregate(positive: part(positives), negative: part(negatives))
    }

    /// Transferability T+/T- of each source (rows), diagonal excluded.
    public static func transferability(_ matrix: [[Double?]]) -> [Aggregate] {
        let n = matrix.count - 1
        return matrix.indices.map { i in of(matrix[i].indices.filter { $0 != i }.map { matrix[i][$0] }, n: n) }
    }

    /// Malleability Theta+/Theta- of each target (columns), diagonal excluded.
    public static func malleability(_ matrix: [[Double?]]) -> [Aggregate] {
        let n = matrix.count - 1
        return matrix.indices.map { j in of(matrix.indices.filter { $0 != j }.map { matrix[$0][j] }, n: n) }
    }
}
