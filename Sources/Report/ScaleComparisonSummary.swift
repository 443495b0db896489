internal import Transfer

/// The scale comparison both reports show: per model, in order of size, the quantities the
/// paper compares (`ScaleSummary`) with their intervals over questions and seeds; the paper's
/// three models from its released data; and one sentence on whether positive transfer grows
/// with size here.
enum ScaleComparisonSummary {
    static let title = "Scale comparison (seed means; [95 % over questions], (range over seeds)):"

    static func lines(_ study: StudyAnalysis) -> [String] {
        var lines = study.models.compactMap { m in m.scale.map { "  " + row(m.model, $0, m.scaleOverQuestions, m.scaleOverSeeds) } }
        lines.append("  the paper (released data): " + ScaleSummary.paper.map { "\($0.model) " + brief($0.summary) }.joined(separator: "; "))
        lines.append("  " + sentence(study.models.compactMap { m in m.scale.map { (m.model, $0) } }))
        return lines
    }

    static func row(_ model: String, _ s: ScaleSummary, _ questions: ScaleSummary.Intervals?, _ seeds: ScaleSummary.Intervals?) -> String {
        func part(_ name: String, _ value: Double, _ q: Interval?, _ r: Interval?, _ format: (Double) -> String) -> String {
            name + " " + format(value) + (q.map { " [\(format($0.low)), \(format($0.high))]" } ?? "")
                + (r.map { " (\(format($0.low)) to \(format($0.high)))" } ?? "")
        }
        let percent = { (x: Double) in Format.fixed(100 * x, 0) + " %" }, pgf = { (x: Double) in Format.fixed(x, 3) }, count = { (x: Double) in Format.fixed(x, 0) }
        return "\(model): " + [
            part("positive pairs", s.positiveShare, questions?.positiveShare, seeds?.positiveShare, percent),
            part("mean off-diagonal PGF", s.meanOffDiagonal, questions?.meanOffDiagonal, seeds?.meanOffDiagonal, pgf),
            part("avg T+", s.averageTPositive, questions?.averageTPositive, seeds?.averageTPositive, pgf),
            part("avg T-", s.averageTNegative, questions?.averageTNegative, seeds?.averageTNegative, pgf),
            part("largest clique +", s.largestPositiveClique, questions?.largestPositiveClique, seeds?.largestPositiveClique, count),
            part("-", s.largestNegativeClique, questions?.largestNegativeClique, seeds?.largestNegativeClique, count),
        ].joined(separator: ", ")
    }

    static func brief(_ s: ScaleSummary) -> String {
        "\(Format.fixed(100 * s.positiveShare, 0)) % positive, mean \(Format.fixed(s.meanOffDiagonal, 3)), T+ \(Format.fixed(s.averageTPositive, 3)), "
            + "T- \(Format.fixed(s.averageTNegative, 3)), cliques \(Int(s.largestPositiveClique))/\(Int(s.largestNegativeClique))"
    }

    /// Whether positive transfer grows with size: the share of positive pairs and the average
    /// T+ both rising from each size to the next.
    static func sentence(_ sizes: [(model: String, summary: ScaleSummary)]) -> String {
        guard sizes.count >= 2 else { return "One model size only: a scale comparison needs two or more." }
        let shares = sizes.map(\.summary.positiveShare), tPlus = sizes.map(\.summary.averageTPositive)
        let rising = { (xs: [Double]) in zip(xs, xs.dropFirst()).allSatisfy { $0 < $1 } }
        let grows = rising(shares) && rising(tPlus)
        let here = "positive pairs " + shares.map { Format.fixed(100 * $0, 0) + " %" }.joined(separator: " -> ")
            + ", average T+ " + tPlus.map { Format.fixed($0, 3) }.joined(separator: " -> ") + " (" + sizes.map(\.model).joined(separator: ", ") + ")"
        let paper = "the paper: " + ScaleSummary.paper.map { Format.fixed(100 * $0.summary.positiveShare, 0) + " %" }.joined(separator: " -> ")
            + ", " + ScaleSummary.paper.map { Format.fixed($0.summary.averageTPositive, 3) }.joined(separator: " -> ") + " (3B, 7B, 32B)"
        return (grows ? "Positive transfer grows with size here, as in the paper: " : "Positive transfer does not grow with size here, as it does in the paper: ")
            + here + "; " + paper + "."
    }
}
