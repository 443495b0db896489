internal import Hashing
public import Core
/// PGF-guided data selection, the study's practical use of the grid: for a target task,
/// finetune on a mixture of the source tasks whose PGF toward it exceeds a threshold, with the
/// same example budget as finetuning on the target itself, and compare with a random mixture.
public enum DataSelection {
    /// How a selection finetune mixes its sources.
    public enum Policy: String, CaseIterable, Sendable, Hashable {
        /// The selected sources in equal shares.
        case equal = "EQ"
        /// The selected sources in proportion to their PGF toward the target.
        case proportional = "PW"
        /// As many sources as were selected, drawn at random among the other tasks: the control.
        case random = "RND"

        public var label: String { rawValue }

        public var title: String {
            switch self {
            case .equal: "selected, equal shares"
            case .proportional: "selected, shares by PGF"
            case .random: "random tasks, as many"
            }
        }
    }

    /// A finetune's training data: tasks and their shares (empty: equal).
    public struct Mixture: Equatable, Sendable {
        public var tasks: [PerceptionTask]
        public var weights: [Double]
    }

    /// The mixture for `target` from the PGF of each other source toward it (nil: undefined).
    /// Sources above `threshold`, strongest first; when none is, the single strongest defined
    /// source, so the stage always trains on something; when no source is defined (the target's
    /// baseline at the ceiling), the target itself. The random policy draws as many distinct
    /// tasks other than the target, seeded by `seed`.
    public static func mixture(_ policy: Policy, target: PerceptionTask, pgf: [PerceptionTask: Double?], tasks: [PerceptionTask],
                               threshold: Double, seed: UInt64) -> Mixture {
        let defined = tasks.filter { $0 != target }.compactMap { task in pgf[task].flatMap { $0 }.map { (task, $0) } }
            .sorted { $0.1 != $1.1 ? $0.1 > $1.1 : $0.0 < $1.0 }
        var selected = defined.filter { $0.1 > threshold }
        if selected.isEmpty, let best = defined.first { selected = [best] }
        guard !selected.isEmpty else { return Mixture(tasks: [target], weights: []) }
        switch policy {
        case .equal:
            return Mixture(tasks: selected.map(\.0), weights: [])
        case .proportional:
            // One source (also a fallback with PGF <= 0) takes the whole budget: the same job as EQ.
            let weights = selected.map(\.1)
            return Mixture(tasks: selected.map(\.0), weights: selected.count > 1 ? weights : [])
        case .random:
            // A seeded shuffle: the other tasks ranked by a hash of (seed, target, task).
            let rank = { (task: PerceptionTask) in SHA256Digest.of("transfergrid/selection/\(seed)/\(target.abbreviation)/\(task.abbreviation)").hex }
            let drawn = tasks.filter { $0 != target }.sorted { rank($0) < rank($1) }.prefix(selected.count)
            return Mixture(tasks: Array(drawn), weights: [])
        }
    }
}
