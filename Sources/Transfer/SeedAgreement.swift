/// How far the runs (seeds) of one model agree on transfer: whether the off-diagonal PGF is
/// structure that repeats or noise that does not. Needs at least two runs.
public struct SeedAgreement: Hashable, Sendable, Codable {
    /// Pearson correlation of the off-diagonal PGF between two runs, over the cells both define.
    public struct Correlation: Hashable, Sendable, Codable {
        public var first, second: String
        public var r: Double?
        public var cells: Int
    }

    /// An off-diagonal pair every run defines and puts on the same side of zero.
    public struct Pair: Hashable, Sendable, Codable {
        public var source, target: String
        /// The seed-mean PGF.
        public var mean: Double
    }

    public var correlations: [Correlation]
    /// The mean of the defined correlations; nil when none is defined.
    public var meanCorrelation: Double?
    /// Pairs positive in every run, then pairs negative in every run, strongest first.
    public var positiveInEveryRun: [Pair]
    public var negativeInEveryRun: [Pair]
    /// Off-diagonal pairs defined in every run.
    public var comparablePairs: Int

    /// Nil with fewer than two runs.
    public init?(_ data: ModelRuns) {
        guard data.runs.count >= 2 else { return nil }
        let n = data.tasks.count
        let offDiagonal = (0..<n).flatMap { i in (0..<n).filter { $0 != i }.map { (i, $0) } }
        var correlations: [Correlation] = []
        for a in data.runs.indices {
            for b in data.runs.indices where b > a {
                let both = offDiagonal.compactMap { i, j -> (Double, Double)? in
                    guard let x = data.pgf[a][i][j], let y = data.pgf[b][i][j] else { return nil }
                    return (x, y)
                }
                correlations.append(Correlation(first: data.runs[a], second: data.runs[b],
                                                r: Self.pearson(both.map(\.0), both.map(\.1)), cells: both.count))
            }
        }
        self.correlations = correlations
        let defined = correlations.compactMap(\.r)
        meanCorrelation = defined.isEmpty ? nil : defined.reduce(0, +) / Double(defined.count)

        var positive: [Pair] = [], negative: [Pair] = []
        var comparable = 0
        for (i, j) in offDiagonal {
            let values = data.pgf.compactMap { $0[i][j] }
            guard values.count == data.runs.count else { continue }
            comparable += 1
            let pair = Pair(source: data.tasks[i], target: data.tasks[j], mean: values.reduce(0, +) / Double(values.count))
            if values.allSatisfy({ $0 > 0 }) { positive.append(pair) }
            if values.allSatisfy({ $0 < 0 }) { negative.append(pair) }
        }
        positiveInEveryRun = positive.sorted { $0.mean > $1.mean }
        negativeInEveryRun = negative.sorted { $0.mean < $1.mean }
        comparablePairs = comparable
    }

    /// Pearson's r; nil with fewer than three points or when either side is constant (a sum
    /// of squares under 1e-12, rounding noise for PGF values of order 0.01 to 1).
    static func pearson(_ x: [Double], _ y: [Double]) -> Double? {
        guard x.count == y.count, x.count >= 3 else { return nil }
        let n = Double(x.count)
        let (mx, my) = (x.reduce(0, +) / n, y.reduce(0, +) / n)
        var (sxy, sxx, syy) = (0.0, 0.0, 0.0)
        for (a, b) in zip(x, y) {
            sxy += (a - mx) * (b - my)
            sxx += (a - mx) * (a - mx)
            syy += (b - my) * (b - my)
        }
        guard sxx > 1e-12, syy > 1e-12 else { return nil }
        return sxy / (sxx * syy).squareRoot()
    }
}
