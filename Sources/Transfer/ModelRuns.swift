/// Everything measured for one model: for each run (seed), the PGF of every (source, target)
/// cell, and when the input had accuracy counts, the counts behind them.
public struct ModelRuns: Sendable {
    public var model: String
    /// Task names, in display order.
    public var tasks: [String]
    /// Run labels (seeds), in input order.
    public var runs: [String]
    /// pgf[run][source][target]; nil where undefined (baseline at the ceiling) or missing.
    public var pgf: [[[Double?]]]
    /// When known: baseline[run][target] and finetuned[run][source][target] counts.
    public var baseline: [[Counts]]?
    public var finetuned: [[[Counts]]]?
    /// When the grid ran the format control: control[run][target], the PGF of a finetune on
    /// all tasks with shuffled labels (nil where undefined or not evaluated yet).
    public var control: [[Double?]]?
    /// When the grid ran the data-selection stage: one entry per selection target.
    public var selection: [SelectionTarget]?
    /// When the tasks are known: per task, the accuracy of a uniform guess (1 / options), for
    /// the study goals' baseline range.
    public var chance: [Double]?
    /// When every run finetuned one base and was scored on the same questions (a grid's
    /// `base_seed`): that base's seed. The runs then differ only in their finetunes, and the
    /// bootstrap resamples each target's questions once for all runs.
    public var sharedBase: String?

    public init(model: String, tasks: [String], runs: [String], pgf: [[[Double?]]],
                baseline: [[Counts]]? = nil, finetuned: [[[Counts]]]? = nil) {
        self.model = model
        self.tasks = tasks
        self.runs = runs
        self.pgf = pgf
        self.baseline = baseline
        self.finetuned = finetuned
    }

    /// Builds the runs from accuracy counts: PGF per run against that run's own baseline.
    public init(model: String, tasks: [String], runs: [String], baseline: [[Counts]], finetuned: [[[Counts]]]) {
        let pgf = runs.indices.map { r in
            tasks.indices.map { i in tasks.indices.map { j in PGF.value(baseline: baseline[r][j], finetuned: finetuned[r][i][j]) } }
        }
        self.init(model: model, tasks: tasks, runs: runs, pgf: pgf, baseline: baseline, finetuned: finetuned)
    }

    /// The seed-mean matrix: each cell averaged over the runs where it is defined.
    public var meanPGF: [[Double?]] { Self.mean(pgf) }

    /// Per task, the baseline accuracy averaged over the runs; nil without baseline counts.
    public var meanBaseline: [Double]? {
        guard let baseline, !baseline.isEmpty else { return nil }
        return tasks.indices.map { t in baseline.map { $0[t].accuracy }.reduce(0, +) / Double(baseline.count) }
    }

    static func mean(_ pgf: [[[Double?]]]) -> [[Double?]] {
        guard let first = pgf.first else { return [] }
        return first.indices.map { i in
            first[i].indices.map { j in
                let values = pgf.compactMap { $0[i][j] }
                return values.isEmpty ? nil : values.reduce(0, +) / Double(values.count)
            }
        }
    }

    /// Cells undefined in at least one run: (run, source, target).
    public var undefinedCells: [(run: String, source: String, target: String)] {
        var out: [(String, String, String)] = []
        for (r, matrix) in pgf.enumerated() {
            for (i, row) in matrix.enumerated() {
                for (j, value) in row.enumerated() where value == nil { out.append((runs[r], tasks[i], tasks[j])) }
            }
        }
        return out
    }
}
