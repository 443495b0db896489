public import Core
/// What a grid runs: which models, seeds and tasks, and how each stage trains and evaluates.
/// Its `hash` names the grid: a store holds the results of exactly one spec.
public struct GridSpec: Codable, Hashable, Sendable {
    /// A label: the preset's name or the user's, `A-Z a-z 0-9 . _ -`.
    public var name: String
    /// Models by name (`ModelName`): the engine's sizes, or models declared in `runnerModels`.
    public var models: [String]
    public var seeds: [UInt64]
    /// One base per model, pretrained with this seed, which every seed of `seeds` finetunes and
    /// is scored on with the same benchmark questions: the paper's runs, four finetunes of one
    /// released model. Absent: each seed pretrains a base of its own.
    public var baseSeed: UInt64?
    /// Task abbreviations (VS, AS, ...), in the study's order when resolved; all 13 when absent.
    public var tasks: [String]?
    public var pretrain: TrainingStage
    public var finetune: TrainingStage
    /// Held-out questions per evaluation.
    public var evaluationQuestions: Int
    /// Benchmark grids only: this many `noop` jobs and nothing else.
    public var noopJobs: Int?
    /// Benchmark grids only: how long each noop job lasts on its worker, in milliseconds
    /// (absent: it returns at once). Long noop grids keep jobs in flight while workers churn.
    public var noopMillis: Int?
    /// Also finetune each base on all tasks with shuffled labels (the format control) and
    /// score it on every target: what finetuning gains from the answer format alone.
    public var formatControl: Bool?
    /// PGF-guided data selection for some targets, once their columns are measured.
    public var selection: SelectionStage?
    /// The benchmark's camera: finetune and evaluation questions are seen through it,
    /// pretraining and rehearsed ones are not (`BenchmarkShift`).
    public var benchmarkShift: BenchmarkShift?
    /// A newer version of some tasks' question generators, by abbreviation (`{FD: 3}`), for
    /// every stage; tasks left out keep version 1 (`TaskVersions`).
    public var taskVersions: [String: Int]?
    /// The models of `models` that workers' runners run (not the engine), by name.
    public var runnerModels: [String: RunnerModel]?

    public init(name: String, models: [String], seeds: [UInt64], tasks: [String]? = nil, pretrain: TrainingStage,
                finetune: TrainingStage, evaluationQuestions: Int, noopJobs: Int? = nil, formatControl: Bool? = nil) {
        self.name = name
        self.models = models
        self.seeds = seeds
        self.tasks = tasks
        self.pretrain = pretrain
        self.finetune = finetune
        self.evaluationQuestions = evaluationQuestions
        self.noopJobs = noopJobs
        self.formatControl = formatControl
    }

    enum CodingKeys: String, CodingKey, CaseIterable {
        case name, models, seeds, baseSeed = "base_seed", tasks, pretrain, finetune, evaluationQuestions = "evaluation_questions", noopJobs = "noop_jobs", noopMillis = "noop_millis"
        case formatControl = "format_control"
        case selection
        case benchmarkShift = "benchmark_shift"
        case taskVersions = "task_versions"
        case runnerModels = "runner_models"
    }

    /// The models, checked: each an engine size or a model of `runner_models`, none twice.
    public func modelNames() throws(GridError) -> [ModelName] {
        var names: [ModelName] = []
        let runners = runnerModels ?? [:]
        for text in models {
            if runners[text] != nil, let problem = ModelName.problem(with: text) {
                throw GridError("runner_models: \(problem)")
            }
            guard let name = ModelName(text), name.engineSize != nil || runners[text] != nil else {
                throw GridError("models: \"\(text)\" is not a model size; use one of \(ModelSize.names), "
                    + "or declare a runner's model under runner_models")
            }
            guard !names.contains(name) else { throw GridError("models: \(text) is listed twice") }
            names.append(name)
        }
        return names
    }

    /// The selection stage's targets, in the study's order (empty without one).
    public func selectionTargets() throws(GridError) -> [PerceptionTask] {
        guard let selection else { return [] }
        return selection.targets.compactMap(PerceptionTask.init(named:)).sorted()
    }

    /// The tasks, checked, in the study's order.
    public func perceptionTasks() throws(GridError) -> [PerceptionTask] {
        guard let tasks else { return PerceptionTask.allCases }
        var selected: [PerceptionTask] = []
        for name in tasks {
            guard let task = PerceptionTask(named: name) else {
                throw GridError("tasks: \"\(name)\" is not a task; use the abbreviations "
                    + PerceptionTask.allCases.map(\.abbreviation).joined(separator: ", "))
            }
            guard !selected.contains(task) else { throw GridError("tasks: \(name) is listed twice") }
            selected.append(task)
        }
        return selected.sorted()
    }

    /// `task_versions`, checked: every task named, each version one this build makes.
    public func perceptionTaskVersions() throws(GridError) -> TaskVersions {
        try Self.taskVersions(taskVersions ?? [:], key: "task_versions")
    }

    /// Versions by task abbreviation or name, checked; `key` names them in errors.
    public static func taskVersions(_ named: [String: Int], key: String) throws(GridError) -> TaskVersions {
        var versions: [PerceptionTask: Int] = [:]
        for (name, version) in named.sorted(by: { $0.key < $1.key }) {
            guard let task = PerceptionTask(named: name) else {
                throw GridError("\(key): \"\(name)\" is not a task; use the abbreviations "
                    + PerceptionTask.allCases.map(\.abbreviation).joined(separator: ", "))
            }
            guard versions[task] == nil else { throw GridError("\(key) names \(task.abbreviation) twice") }
            guard (1...task.latestVersion).contains(version) else {
                throw GridError("\(key): \(task.abbreviation) \(version); this build makes \(task.abbreviation) versions 1 to \(task.latestVersion)")
            }
            versions[task] = version
        }
        return TaskVersions(versions)
    }

    /// Checks every field; the error names the field and the accepted values.
    public func validate() throws(GridError) {
        guard !name.isEmpty, name.utf8.count <= 64, name.utf8.allSatisfy({ b in
            (b >= 48 && b <= 57) || (b >= 65 && b <= 90) || (b >= 97 && b <= 122) || b == 46 || b == 95 || b == 45
        }) else { throw GridError("name \"\(name)\" must be 1 to 64 characters of A-Z a-z 0-9 . _ -") }
        if let noopJobs {
            guard (1...10_000_000).contains(noopJobs) else { throw GridError("noop_jobs is \(noopJobs); use 1 to 10000000") }
        }
        if let noopMillis {
            guard noopJobs != nil else { throw GridError("noop_millis is for noop grids only; add noop_jobs or remove it") }
            guard (0...600_000).contains(noopMillis) else { throw GridError("noop_millis is \(noopMillis); use 0 to 600000 (ten minutes)") }
        }
        guard !models.isEmpty else { throw GridError("models is empty; list at least one of \(ModelSize.names)") }
        _ = try modelNames()
        for (name, runner) in (runnerModels ?? [:]).sorted(by: { $0.key < $1.key }) {
            guard models.contains(name) else { throw GridError("runner_models: \(name) is not one of models (\(models.joined(separator: ", "))); add it there or remove it") }
            if ModelName(name)?.engineSize != nil {
                throw GridError("runner_models: \(name) is an engine size, which the engine runs; give the runner's model a name of its own")
            }
            if let base = runner.base, let problem = RunnerModel.problem(withBase: base) {
                throw GridError("runner_models.\(name).base \(problem)")
            }
        }
        guard !seeds.isEmpty else { throw GridError("seeds is empty; list at least one seed, such as [0]") }
        guard Set(seeds).count == seeds.count else { throw GridError("seeds lists a seed twice: \(seeds)") }
        guard try !perceptionTasks().isEmpty else { throw GridError("tasks is empty; omit it for all 13 or list some") }
        try pretrain.validate("pretrain")
        try finetune.validate("finetune")
        if let selection {
            guard !selection.targets.isEmpty else { throw GridError("selection.targets is empty; list the tasks to select data for, or drop selection") }
            let tasks = try perceptionTasks()
            for name in selection.targets {
                guard let task = PerceptionTask(named: name), tasks.contains(task) else {
                    throw GridError("selection.targets: \"\(name)\" is not one of the grid's tasks (\(tasks.map(\.abbreviation).joined(separator: ", ")))")
                }
            }
            guard Set(selection.targets.compactMap(PerceptionTask.init(named:))).count == selection.targets.count else {
                throw GridError("selection.targets lists a task twice: \(selection.targets)")
            }
            guard selection.threshold.isFinite, abs(selection.threshold) < 100 else {
                throw GridError("selection.threshold is \(selection.threshold); use a PGF such as 0 or 0.05")
            }
            guard tasks.count >= 2 else { throw GridError("selection needs at least two tasks in the grid") }
        }
        try benchmarkShift?.check()
        _ = try perceptionTaskVersions()
        guard (1...100_000).contains(evaluationQuestions) else {
            throw GridError("evaluation_questions is \(evaluationQuestions); use 1 to 100000")
        }
    }

    /// The spec with its defaults made explicit (tasks listed, in order), so equal grids hash equal.
    public func normalized() throws(GridError) -> GridSpec {
        try validate()
        var spec = self
        spec.tasks = try perceptionTasks().map(\.abbreviation)
        spec.models = try modelNames().map(\.rawValue)
        // Defaults name the same grid as no key.
        if spec.pretrain.schedule == "mixed" { spec.pretrain.schedule = nil }
        // Task weights by abbreviation; weight 1 is an equal turn, and no weights at all is the default.
        if let weights = spec.pretrain.taskWeights {
            let explicit = weights.compactMap { key, value in PerceptionTask(named: key).map { ($0.abbreviation, value) } }
                .filter { $0.1 != 1 }
            spec.pretrain.taskWeights = explicit.isEmpty ? nil : Dictionary(uniqueKeysWithValues: explicit)
        }
        // By abbreviation; a source's budget equal to `steps` is the default.
        if let taskSteps = spec.finetune.taskSteps {
            let explicit = taskSteps.compactMap { key, value in PerceptionTask(named: key).map { ($0.abbreviation, value) } }
                .filter { $0.1 != spec.finetune.steps }
            spec.finetune.taskSteps = explicit.isEmpty ? nil : Dictionary(uniqueKeysWithValues: explicit)
        }
        // By abbreviation; a source's share equal to `rehearsal` (0 without it) is the default.
        if let shares = spec.finetune.taskRehearsal {
            let explicit = shares.compactMap { key, value in PerceptionTask(named: key).map { ($0.abbreviation, value) } }
                .filter { $0.1 != (spec.finetune.rehearsal ?? 0) }
            spec.finetune.taskRehearsal = explicit.isEmpty ? nil : Dictionary(uniqueKeysWithValues: explicit)
        }
        // By abbreviation; no first stages is the default.
        let first = spec.pretrain.firstStageTasks.map(\.abbreviation)
        spec.pretrain.firstStages = first.isEmpty ? nil : first
        // Off is the default: `format_control: false` names the same grid as no key.
        if spec.formatControl == false { spec.formatControl = nil }
        if spec.benchmarkShift?.isNone == true { spec.benchmarkShift = nil }
        // Version 1 is the default: `task_versions: {FD: 1}` names the same grid as no key.
        let versions = try perceptionTaskVersions()
        let changed = PerceptionTask.allCases.filter { versions[$0] != 1 }
        spec.taskVersions = changed.isEmpty ? nil : Dictionary(uniqueKeysWithValues: changed.map { ($0.abbreviation, versions[$0]) })
        if var selection = spec.selection {
            selection.targets = selection.targets.compactMap(PerceptionTask.init(named:)).sorted().map(\.abbreviation)
            spec.selection = selection
        }
        return spec
    }
}
