internal import Transfer

/// The seed-agreement lines both reports show: the correlation between runs' off-diagonal PGF
/// and the pairs that keep their sign in every run.
enum SeedAgreementSummary {
    static func lines(_ a: SeedAgreement, _ abbreviate: (String) -> String, listed: Int = 8) -> [String] {
        let each = a.correlations.map { "\($0.first)~\($0.second) \(Format.fixed($0.r, 2)) (\($0.cells) cells)" }.joined(separator: ", ")
        func pairs(_ list: [SeedAgreement.Pair]) -> String {
            let shown = list.prefix(listed).map { "\(abbreviate($0.source))->\(abbreviate($0.target)) \(Format.fixed($0.mean, 2))" }
            return "\(list.count)" + (shown.isEmpty ? "" : ": " + shown.joined(separator: ", ") + (list.count > listed ? ", ..." : ""))
        }
        return [
            "Seed agreement: mean correlation of off-diagonal PGF between runs \(Format.fixed(a.meanCorrelation, 2)) (\(each))",
            "  same sign in every run, of \(a.comparablePairs) pairs: positive \(pairs(a.positiveInEveryRun)); negative \(pairs(a.negativeInEveryRun))",
        ]
    }
}
