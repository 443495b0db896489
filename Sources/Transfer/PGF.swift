/// The Perfection Gap Factor: the share of the gap to a perfect score that finetuning closed.
///
///     PGF = (finetuned - baseline) / (ceiling - baseline)
///
/// One formula for gains and losses, no clipping; at most 1; losses can go far below -1 when
/// the baseline is near the ceiling. A baseline at the ceiling leaves nothing to close: the
/// cell is undefined (nil), never a huge number.
public enum PGF {
    public static let ceiling = 1.0

    public static func value(baseline: Double, finetuned: Double, ceiling: Double = PGF.ceiling) -> Double? {
        let gap = ceiling - baseline
        guard gap > 0 else { return nil }
        return (finetuned - baseline) / gap
    }

    /// PGF from counts: accuracies are n_correct / n_total.
    public static func value(baseline: Counts, finetuned: Counts) -> Double? {
        value(baseline: baseline.accuracy, finetuned: finetuned.accuracy)
    }
}

/// Questions answered right out of questions asked, with per-question correctness when known.
public struct Counts: Hashable, Sendable, Codable {
    public var correct: Int
    public var total: Int
    /// One entry per question, when known (bootstrap intervals resample these).
    public var answers: [Bool]?

    public init(correct: Int, total: Int, answers: [Bool]? = nil) {
        precondition(total > 0 && correct >= 0 && correct <= total, "counts \(correct)/\(total)")
        precondition(answers.map { $0.count == total && $0.filter { $0 }.count == correct } ?? true, "answers disagree with counts")
        self.correct = correct
        self.total = total
        self.answers = answers
    }

    public init(answers: [Bool]) {
        self.init(correct: answers.filter { $0 }.count, total: answers.count, answers: answers)
    }

    public var accuracy: Double { Double(correct) / Double(total) }
}
