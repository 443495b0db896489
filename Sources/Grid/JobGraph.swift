public import Core
/// The grid's jobs in dependency order. For each model m and seed s:
///
///     pretrain(m, s)                  -> base checkpoint (with `base_seed` b: pretrain(m, b),
///                                        once per model, the base of every seed)
///     evaluate(base, t)               for every target t      (the baseline)
///     finetune(base, i)               for every source i      -> LoRA adapter
///     evaluate(base + adapter_i, t)   for every i, t
///     finetune(base, FMT), evaluate(base + adapter_FMT, t)   with `format_control: true`
///     finetune(base, P-T) after column t, evaluate(base + adapter_P-T, t)   per selection
///                                     target t and policy P (EQ, PW, RND)
public struct JobGraph: Sendable {
    /// The grid, resolved.
    public let grid: ResolvedGrid
    /// The grid's normalized document.
    public var spec: GridSpec { grid.spec }
    public var hash: SHA256Digest { grid.hash }
    /// Every job, each after its dependencies.
    public let jobs: [GridJob]

    public init(spec: GridSpec) throws(GridError) {
        self.init(grid: try ResolvedGrid(spec))
    }

    public init(grid: ResolvedGrid) {
        self.grid = grid
        let prefix = String(grid.hash.hex.prefix(12))
        if let count = grid.noopJobs {
            var hp = Self.hyperparameters(grid.pretrain, evaluationQuestions: 0)
            hp.noopMillis = UInt32(grid.noopMillis)
            jobs = (0..<count).map { n in
                GridJob(id: "\(prefix).noop.\(n)", kind: .noop, model: .small, seed: UInt64(n), source: nil, target: nil,
                        hyperparameters: hp, dependencies: [])
            }
            return
        }
        let tasks = grid.tasks
        var pretrainHP = Self.hyperparameters(grid.pretrain, evaluationQuestions: grid.evaluationQuestions)
        var finetuneHP = Self.hyperparameters(grid.finetune, evaluationQuestions: grid.evaluationQuestions)
        let rehearsalPool = UInt32(grid.pretrain.questionsSeenPerTask)
        if grid.finetune.rehearsal > 0 {
            finetuneHP.rehearsalShare = grid.finetune.rehearsal
            finetuneHP.rehearsalPool = rehearsalPool
        }
        if let shift = grid.benchmarkShift {
            (finetuneHP.shiftContrast, finetuneHP.shiftCast, finetuneHP.shiftNoise) = (shift.contrast, shift.cast, shift.noise)
        }
        finetuneHP.baseSeed = grid.baseSeed
        pretrainHP.taskVersions = grid.taskVersions
        finetuneHP.taskVersions = pretrainHP.taskVersions
        let finetuneStage = grid.finetune, defaultHP = finetuneHP
        /// A source's finetune (and its cells): its `task_steps` budget and `task_rehearsal` share.
        func sourceHP(_ source: PerceptionTask) -> Hyperparameters {
            var hp = defaultHP
            hp.steps = UInt32(finetuneStage.steps(for: source))
            hp.trainExamples = hp.steps * UInt32(finetuneStage.batch)
            let share = finetuneStage.rehearsal(for: source)
            (hp.rehearsalShare, hp.rehearsalPool) = share > 0 ? (share, rehearsalPool) : (0, 0)
            return hp
        }
        var jobs: [GridJob] = []
        // Largest model first: its pretraining is the longest job and everything of its model
        // waits on it, so it should start at once (ready jobs are served oldest first).
        for model in grid.models.sorted(by: >) {
            for seed in grid.seeds {
                func id(_ kind: String, _ rest: String = "") -> String { "\(prefix).\(kind).\(model).s\(seed)\(rest)" }
                let baseSeed = grid.base(of: seed)
                let pretrain = "\(prefix).pretrain.\(model).s\(baseSeed)"
                // A runner's model with a given base has no pretraining: nothing to wait for.
                let given = grid.givenBases[model]
                let base = given == nil ? [pretrain] : []
                if given == nil, grid.baseSeed == nil || seed == grid.seeds[0] {
                    jobs.append(GridJob(id: pretrain, kind: .pretrain, model: model, seed: baseSeed, source: nil, target: nil,
                                        hyperparameters: pretrainHP, dependencies: []))
                }
                for target in tasks {
                    jobs.append(GridJob(id: id("eval", ".base.\(target.abbreviation)"), kind: .evaluate, model: model, seed: seed,
                                        source: nil, target: target, hyperparameters: defaultHP, dependencies: base, givenBase: given))
                }
                for source in tasks {
                    let finetune = id("finetune", ".\(source.abbreviation)")
                    jobs.append(GridJob(id: finetune, kind: .finetune, model: model, seed: seed, source: source, target: nil,
                                        hyperparameters: sourceHP(source), dependencies: base, givenBase: given))
                    for target in tasks {
                        jobs.append(GridJob(id: id("eval", ".\(source.abbreviation).\(target.abbreviation)"), kind: .evaluate,
                                            model: model, seed: seed, source: source, target: target,
                                            hyperparameters: sourceHP(source), dependencies: base + [finetune], givenBase: given))
                    }
                }
                for target in grid.selectionTargets {
                    // Waits for the target's whole column: the baseline and every source's score.
                    let column = [id("eval", ".base.\(target.abbreviation)")]
                        + tasks.map { id("eval", ".\($0.abbreviation).\(target.abbreviation)") }
                    for policy in DataSelection.Policy.allCases {
                        let selection = GridJob.Selection(policy: policy, target: target)
                        let label = "\(policy.label)-\(target.abbreviation)"
                        let finetune = id("finetune", ".\(label)")
                        // The same example budget as the target's direct finetune.
                        jobs.append(GridJob(id: finetune, kind: .finetune, model: model, seed: seed, source: nil, target: nil,
                                            hyperparameters: sourceHP(target), dependencies: base + column, selection: selection, givenBase: given))
                        jobs.append(GridJob(id: id("eval", ".\(label).\(target.abbreviation)"), kind: .evaluate, model: model, seed: seed,
                                            source: nil, target: target, hyperparameters: sourceHP(target), dependencies: base + [finetune],
                                            selection: selection, givenBase: given))
                    }
                }
                if grid.formatControl {
                    // All tasks in turn, every answer a random letter: only the format to learn.
                    let label = GridJob.formatControlLabel
                    let control = id("finetune", ".\(label)")
                    jobs.append(GridJob(id: control, kind: .finetune, model: model, seed: seed, source: nil, target: nil,
                                        hyperparameters: defaultHP, dependencies: base, mixture: tasks, shuffledLabels: true, givenBase: given))
                    for target in tasks {
                        jobs.append(GridJob(id: id("eval", ".\(label).\(target.abbreviation)"), kind: .evaluate, model: model, seed: seed,
                                            source: nil, target: target, hyperparameters: defaultHP, dependencies: base + [control],
                                            mixture: tasks, shuffledLabels: true, givenBase: given))
                    }
                }
            }
        }
        self.jobs = jobs
    }

    static func hyperparameters(_ stage: ResolvedGrid.Stage, evaluationQuestions: Int) -> Hyperparameters {
        var hp = Hyperparameters(steps: UInt32(stage.steps), batchSize: UInt32(stage.batch), learningRate: stage.learningRate,
                                 warmupSteps: UInt32(stage.warmup), weightDecay: stage.weightDecay, gradClip: stage.gradClip,
                                 loraRank: UInt32(stage.loraRank), loraAlpha: stage.loraAlpha, trainExamples: UInt32(stage.steps * stage.batch),
                                 evalExamples: UInt32(evaluationQuestions), blasThreads: 1, stagedTasks: stage.schedule == .staged)
        hp.taskWeights = stage.taskWeightList
        hp.firstStages = stage.firstStages
        return hp
    }

    /// Cells: evaluation jobs.
    public var cellCount: Int { jobs.filter(\.isCell).count }
}
