public import Core
public import Grid

/// What a calibration changes of the stored grid: each nil keeps the grid's own setting.
public struct CalibrationSettings: Sendable {
    /// Another grid (and where it came from, for errors) whose finetune, evaluation and
    /// benchmark settings to use; its pretrain stage must be the store's, so that its bases are
    /// the store's.
    public var grid: (spec: GridSpec, source: String)?
    public var model: ModelName?
    public var seed: UInt64?
    /// Sources to finetune on; the grid's tasks when empty.
    public var sources: [PerceptionTask] = []
    /// Finetune on rehearsed pretraining questions alone (the control for rehearsal itself).
    public var rehearsalOnly = false
    /// Steps for every source: the grid's per-source budgets give way.
    public var steps: Int?
    public var learningRate: Double?
    /// LoRA rank, with alpha twice the rank.
    public var rank: Int?
    /// Rehearsal share for every source: the grid's per-source shares give way.
    public var rehearsal: Double?
    public var questions: Int?
    public var benchmarkShift: BenchmarkShift?

    public init() {}

    /// The grid `stored` (of the store at `storePath`) with these settings, checked as a grid.
    public func applied(to stored: GridSpec, in storePath: String) throws(CalibrationError) -> GridSpec {
        var spec = stored
        if let grid {
            let other: GridSpec, theirs: GridSpec
            do { (other, theirs) = (try grid.spec.normalized(), try stored.normalized()) } catch { throw CalibrationError(error.message) }
            let sameBases = (try? other.perceptionTaskVersions() == theirs.perceptionTaskVersions()) == true && other.pretrain == theirs.pretrain
            guard sameBases else {
                throw CalibrationError("\(grid.source) pretrains otherwise than the grid in \(storePath), so its bases are not the store's; "
                    + "give it the same pretrain stage and task_versions as the store's grid (\(stored.name)), or run it as a grid of its own")
            }
            spec = other
        }
        if let steps {
            spec.finetune.steps = steps
            spec.finetune.warmup = min(spec.finetune.warmup, steps)
            spec.finetune.taskSteps = nil
        }
        if let learningRate { spec.finetune.learningRate = learningRate }
        if let rank { spec.finetune.loraRank = rank; spec.finetune.loraAlpha = Double(2 * rank) }
        if let rehearsal {
            spec.finetune.rehearsal = rehearsal
            spec.finetune.taskRehearsal = nil
        }
        if let questions { spec.evaluationQuestions = questions }
        if let benchmarkShift { spec.benchmarkShift = benchmarkShift }
        do { try spec.validate() } catch { throw CalibrationError("the settings do not make a valid grid: \(error.message)") }
        return spec
    }
}
