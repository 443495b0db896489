internal import Transfer

/// The format-control lines both reports show: the control's PGF per target and how many
/// pairs transfer more than the answer format alone.
enum FormatControlSummary {
    static func lines(_ c: FormatControl, tasks: [String], _ abbreviate: (String) -> String) -> [String] {
        let perTarget = zip(tasks, c.perTarget).map { "\(abbreviate($0)) \($1.map { String(Int(($0 * 100).rounded())) } ?? "n/a")" }
        return [
            "Format control (finetuned on all tasks with shuffled labels), PGF x 100 per target: " + perTarget.joined(separator: ", ")
                + "; mean \(Format.fixed(c.mean, 3))",
            "  off-diagonal pairs above the control on their target: \(c.pairsAbove), below: \(c.pairsBelow); "
                + "tasks whose self-transfer beats it: \(c.diagonalAbove) of \(tasks.count)",
        ]
    }
}
