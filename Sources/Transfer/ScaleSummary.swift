/// What the paper compares across model sizes, for one PGF matrix (a model's seed mean, one
/// run, or one bootstrap replicate): the share of the defined off-diagonal pairs that are
/// positive, their mean PGF, the average transferability T+ and T- over sources, and the
/// largest positive and negative cliques.
public struct ScaleSummary: Hashable, Sendable, Codable {
    public var positiveShare: Double
    public var meanOffDiagonal: Double
    public var averageTPositive: Double
    public var averageTNegative: Double
    public var largestPositiveClique: Double
    public var largestNegativeClique: Double

    public init(positiveShare: Double, meanOffDiagonal: Double, averageTPositive: Double, averageTNegative: Double,
                largestPositiveClique: Double, largestNegativeClique: Double) {
        self.positiveShare = positiveShare
        self.meanOffDiagonal = meanOffDiagonal
        self.averageTPositive = averageTPositive
        self.averageTNegative = averageTNegative
        self.largestPositiveClique = largestPositiveClique
        self.largestNegativeClique = largestNegativeClique
    }

    /// The summary of `matrix` (`matrix[source][target]`, nil where undefined); nil when no
    /// off-diagonal cell is defined.
    public init?(_ matrix: [[Double?]]) {
        let n = matrix.count
        let off = (0..<n).flatMap { i in (0..<n).filter { $0 != i }.compactMap { matrix[i][$0] } }
        guard !off.isEmpty else { return nil }
        let t = Aggregate.transferability(matrix)
        self.init(positiveShare: Double(off.filter { $0 > 0 }.count) / Double(off.count),
                  meanOffDiagonal: off.reduce(0, +) / Double(off.count),
                  averageTPositive: t.map(\.positive).reduce(0, +) / Double(n),
                  averageTNegative: t.map(\.negative).reduce(0, +) / Double(n),
                  largestPositiveClique: Double(Cliques.maximum(Cliques.graph(matrix, sign: .positive)).first?.count ?? 0),
                  largestNegativeClique: Double(Cliques.maximum(Cliques.graph(matrix, sign: .negative)).first?.count ?? 0))
    }

    /// Each quantity's interval over `samples` (bootstrap replicates: `bootstrap`'s level; runs:
    /// their range when `bootstrap` is nil).
    public struct Intervals: Hashable, Sendable, Codable {
        public var positiveShare, meanOffDiagonal, averageTPositive, averageTNegative, largestPositiveClique, largestNegativeClique: Interval

        init?(_ samples: [ScaleSummary], bootstrap: Bootstrap?) {
            guard samples.count >= 2 else { return nil }
            func span(_ value: (ScaleSummary) -> Double) -> Interval {
                let values = samples.map(value)
                return bootstrap?.interval(values) ?? Interval(low: values.min() ?? 0, high: values.max() ?? 0)
            }
            positiveShare = span(\.positiveShare)
            meanOffDiagonal = span(\.meanOffDiagonal)
            averageTPositive = span(\.averageTPositive)
            averageTNegative = span(\.averageTNegative)
            largestPositiveClique = span(\.largestPositiveClique)
            largestNegativeClique = span(\.largestNegativeClique)
        }
    }

    /// The paper's three models, from the authors' released per-run PGF data
    /// (`transfergrid analyze data/paper/*.csv`; `ReproductionTests` recomputes these).
    public static let paper: [(model: String, summary: ScaleSummary)] = [
        ("3B", ScaleSummary(positiveShare: 77.0 / 156, meanOffDiagonal: 0.012, averageTPositive: 0.043, averageTNegative: -0.034,
                            largestPositiveClique: 3, largestNegativeClique: 4)),
        ("7B", ScaleSummary(positiveShare: 81.0 / 156, meanOffDiagonal: -0.051, averageTPositive: 0.045, averageTNegative: -0.085,
                            largestPositiveClique: 4, largestNegativeClique: 3)),
        ("32B", ScaleSummary(positiveShare: 110.0 / 156, meanOffDiagonal: 0.147, averageTPositive: 0.127, averageTNegative: -0.026,
                             largestPositiveClique: 9, largestNegativeClique: 4)),
    ]
}
