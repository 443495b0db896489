internal import Transfer

/// The study-goal lines both reports show: each calibration goal, what the runs measured, and
/// whether it is met.
enum StudyGoalsSummary {
    static let title = "Study goals (seed means):"

    static func lines(_ g: StudyGoals, _ abbreviate: (String) -> String) -> [String] {
        func verdict(_ met: Bool) -> String { met ? "met" : "missed" }
        func percent(_ x: Double) -> String { Format.fixed(100 * x, 1) }
        var baselines = "  baselines from chance + \(Int(StudyGoals.marginAboveChance * 100)) points to \(Int(StudyGoals.ceiling * 100)) %: "
        if let inRange = g.baselinesInRange, let perRun = g.baselinesInRangePerRun {
            let outside = (g.baselinesOutOfRange ?? []).map { "\(abbreviate($0.task)) \(percent($0.value)) (chance \(percent($0.chance ?? 0)))" }
            baselines += "\(inRange) of \(g.tasks)" + (perRun.count > 1 ? " (each run: " + perRun.map(String.init).joined(separator: ", ") + ")" : "")
                + (outside.isEmpty ? "" : "; outside: " + outside.joined(separator: ", ")) + ": "
        }
        baselines += g.baselinesMet.map(verdict) ?? "not measured (no accuracy counts)"
        let below = g.selfTransferBelowFloor.sorted { $0.value > $1.value }.map { "\(abbreviate($0.task)) \(Format.fixed($0.value, 2))" }
        return [
            baselines,
            "  self-transfer PGF >= \(Format.fixed(StudyGoals.selfTransferFloor, 1)) on \(g.selfTransferTasksNeeded) of \(g.tasks) tasks: "
                + "\(g.selfTransferAtFloor)" + (below.isEmpty ? "" : "; below: " + below.joined(separator: ", ")) + ": \(verdict(g.selfTransferMet))",
            "  off-diagonal pairs >= \(Int(StudyGoals.pairShare * 100)) % positive and >= \(Int(StudyGoals.pairShare * 100)) % negative: "
                + "\(percent(g.positiveShare)) % / \(percent(g.negativeShare)) %: \(verdict(g.pairsMet))",
            "  seed correlation of off-diagonal PGF >= \(Format.fixed(StudyGoals.seedCorrelationFloor, 1)): "
                + (g.seedCorrelation.map { "\(Format.fixed($0, 2)): " + verdict($0 >= StudyGoals.seedCorrelationFloor) }
                    ?? "not measured (it needs two runs with cells in common)"),
        ]
    }
}
