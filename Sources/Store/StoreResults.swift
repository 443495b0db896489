public import Grid
public import Transfer
internal import Core
/// The store's committed evaluations as the analysis's input.
public enum StoreResults {
    /// Per model (in the grid's order) and seed, the PGF of every (source, target) cell against
    /// that seed's own baseline, with task names as the released data spells them. Cells not
    /// evaluated yet (a grid still running) are nil; a model's baseline counts come along once
    /// all its baselines are in (the baselines goal of a running grid), its finetuned counts and
    /// per-question answers (for bootstrap intervals) once all its cells are. Models without a
    /// single defined cell are left out.
    public static func modelRuns(grid: ResolvedGrid, evaluations: [StoredEvaluation]) -> [ModelRuns] {
        let tasks = grid.tasks
        let position = Dictionary(uniqueKeysWithValues: tasks.enumerated().map { ($1.abbreviation, $0) })
        let n = tasks.count
        var out: [ModelRuns] = []
        for model in grid.models {
            var baseline = [[Counts?]](repeating: [Counts?](repeating: nil, count: n), count: grid.seeds.count)
            var finetuned = [[[Counts?]]](repeating: [[Counts?]](repeating: [Counts?](repeating: nil, count: n), count: n),
                                          count: grid.seeds.count)
            var control = [[Counts?]](repeating: [Counts?](repeating: nil, count: n), count: grid.seeds.count)
            // Selection stage scores by "<policy>-<target>/<run>" (task abbreviations have no '-').
            var selected: [String: Counts] = [:]
            for evaluation in evaluations where evaluation.model == model.description {
                guard let r = grid.seeds.firstIndex(of: evaluation.seed), let j = position[evaluation.target] else { continue }
                let counts = Self.counts(evaluation)
                if evaluation.source == GridJob.formatControlLabel {
                    control[r][j] = counts
                } else if let source = evaluation.source, source.contains("-") {
                    selected["\(source)/\(r)"] = counts
                } else if let source = evaluation.source {
                    guard let i = position[source] else { continue }
                    finetuned[r][i][j] = counts
                } else {
                    baseline[r][j] = counts
                }
            }
            let pgf = grid.seeds.indices.map { r in
                (0..<n).map { i in
                    (0..<n).map { j -> Double? in
                        guard let base = baseline[r][j], let tuned = finetuned[r][i][j] else { return nil }
                        return PGF.value(baseline: base, finetuned: tuned)
                    }
                }
            }
            guard pgf.contains(where: { $0.contains { $0.contains { $0 != nil } } }) else { continue }
            let runs = ModelRuns(model: model.description, tasks: tasks.map(\.name), runs: grid.seeds.map { "\($0)" }, pgf: pgf)
            let complete = (baseline.allSatisfy { $0.allSatisfy { $0 != nil } }
                            && finetuned.allSatisfy { $0.allSatisfy { $0.allSatisfy { $0 != nil } } })
            var result = runs
            if complete {
                result = ModelRuns(model: runs.model, tasks: runs.tasks, runs: runs.runs,
                                   baseline: baseline.map { $0.compactMap { $0 } },
                                   finetuned: finetuned.map { $0.map { $0.compactMap { $0 } } })
            } else if baseline.allSatisfy({ $0.allSatisfy { $0 != nil } }) {
                result.baseline = baseline.map { $0.compactMap { $0 } }
            }
            result.chance = tasks.map(\.chance)
            result.sharedBase = grid.baseSeed.map(String.init)
            if grid.formatControl {
                result.control = grid.seeds.indices.map { r in
                    (0..<n).map { j -> Double? in
                        guard let base = baseline[r][j], let tuned = control[r][j] else { return nil }
                        return PGF.value(baseline: base, finetuned: tuned)
                    }
                }
            }
            if !grid.selectionTargets.isEmpty {
                result.selection = selection(grid: grid, pgf: pgf, baseline: baseline, finetuned: finetuned, scored: selected)
            }
            out.append(result)
        }
        return out
    }

    /// The selection stage's rows: each policy's score on its target, next to the target's
    /// baseline and direct finetune, with the mixture each policy used in each run (the same
    /// pure choice the coordinator made, from the same scores).
    static func selection(grid: ResolvedGrid, pgf: [[[Double?]]], baseline: [[Counts?]],
                          finetuned: [[[Counts?]]], scored: [String: Counts]) -> [SelectionTarget] {
        let tasks = grid.tasks, threshold = grid.selectionThreshold
        return grid.selectionTargets.compactMap { target -> SelectionTarget? in
            guard let j = tasks.firstIndex(of: target) else { return nil }
            let policies = DataSelection.Policy.allCases
            let runs = grid.seeds.indices
            let sources = policies.map { policy in
                runs.map { r -> [String] in
                    // Only once the whole column is in: before that the coordinator has not chosen.
                    guard baseline[r][j] != nil, tasks.indices.allSatisfy({ finetuned[r][$0][j] != nil }) else { return [] }
                    let column = Dictionary(uniqueKeysWithValues: tasks.enumerated().map { ($1, pgf[r][$0][j]) })
                    return DataSelection.mixture(policy, target: target, pgf: column, tasks: tasks, threshold: threshold,
                                                 seed: grid.seeds[r]).tasks.map(\.name)
                }
            }
            return SelectionTarget(
                target: target.name, policies: policies.map(\.label),
                accuracy: policies.map { policy in runs.map { scored["\(policy.label)-\(target.abbreviation)/\($0)"]?.accuracy } },
                baseline: runs.map { baseline[$0][j]?.accuracy }, direct: runs.map { finetuned[$0][j][j]?.accuracy }, sources: sources)
        }
    }

    /// Counts with per-question answers from the stored bits (LSB first).
    static func counts(_ evaluation: StoredEvaluation) -> Counts {
        let bits = evaluation.correctness
        let answers = (0..<evaluation.total).map { q in q / 8 < bits.count && bits[q / 8] >> (q % 8) & 1 == 1 }
        guard answers.filter({ $0 }).count == evaluation.correct else {
            return Counts(correct: evaluation.correct, total: evaluation.total)
        }
        return Counts(answers: answers)
    }
}
