internal import Core
/// How one training stage (pretraining or LoRA finetuning) runs.
public struct TrainingStage: Codable, Hashable, Sendable {
    public var steps: Int
    public var batch: Int
    public var learningRate: Double
    public var warmup: Int
    public var weightDecay: Double = 0.01
    public var gradClip: Double = 1
    /// Finetuning only: the adapters' rank and scale.
    public var loraRank: Int = 8
    public var loraAlpha: Double = 16
    /// Pretraining only: "staged" brings the tasks in one at a time, the fastest learnt first,
    /// over the first 70 % of the steps (each stage half the new task, half those before), then
    /// all in turn; "mixed" (the default, nil) takes all in turn throughout.
    public var schedule: String?
    /// Finetuning only: the share of each batch rehearsed from questions the base model was
    /// pretrained on (all 13 tasks, true labels), drawn from that base's own pretraining stream;
    /// nil or 0: none. It keeps a finetune from forgetting the tasks it is not trained on.
    public var rehearsal: Double?
    /// Pretraining only: a task's weight wherever the tasks come in turn (all of a mixed
    /// pretraining; when staged, the half of each stage that goes round the tasks already in,
    /// and the steps after the stages), keyed by abbreviation; a task not named weighs 1. A
    /// task's own stage keeps its half of the batch: weights set each task's share of the practice.
    public var taskWeights: [String: Double]?
    /// Pretraining only, staged: the tasks whose stages come first, in this order, by
    /// abbreviation; the others follow in the curriculum's order (the fastest learnt alone
    /// first, as measured on the first versions of the tasks). Only a staged pretraining has them.
    public var firstStages: [String]?
    /// Finetuning only: steps for the finetunes on these sources, by abbreviation, instead of
    /// `steps` (the paper's tasks have training sets of their own sizes). Each source's finetune
    /// and the selection mixtures for a target get the target's budget; every other job keeps
    /// its bits.
    public var taskSteps: [String: Int]?
    /// Finetuning only: the rehearsal share for the finetunes on these sources, by abbreviation,
    /// instead of `rehearsal`. Like `task_steps`, the selection mixtures for a target get the
    /// target's; every other job keeps its bits.
    public var taskRehearsal: [String: Double]?

    public init(steps: Int, batch: Int, learningRate: Double, warmup: Int, loraRank: Int = 8, loraAlpha: Double = 16) {
        self.steps = steps
        self.batch = batch
        self.learningRate = learningRate
        self.warmup = warmup
        self.loraRank = loraRank
        self.loraAlpha = loraAlpha
    }

    enum CodingKeys: String, CodingKey, CaseIterable {
        case steps, batch, learningRate = "learning_rate", warmup, weightDecay = "weight_decay", gradClip = "grad_clip"
        case loraRank = "lora_rank", loraAlpha = "lora_alpha"
        case schedule, rehearsal, taskWeights = "task_weights", firstStages = "first_stages", taskSteps = "task_steps"
        case taskRehearsal = "task_rehearsal"
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        steps = try c.decode(Int.self, forKey: .steps)
        batch = try c.decode(Int.self, forKey: .batch)
        learningRate = try c.decode(Double.self, forKey: .learningRate)
        warmup = try c.decodeIfPresent(Int.self, forKey: .warmup) ?? 0
        weightDecay = try c.decodeIfPresent(Double.self, forKey: .weightDecay) ?? 0.01
        gradClip = try c.decodeIfPresent(Double.self, forKey: .gradClip) ?? 1
        loraRank = try c.decodeIfPresent(Int.self, forKey: .loraRank) ?? 8
        loraAlpha = try c.decodeIfPresent(Double.self, forKey: .loraAlpha) ?? 16
        schedule = try c.decodeIfPresent(String.self, forKey: .schedule)
        rehearsal = try c.decodeIfPresent(Double.self, forKey: .rehearsal)
        taskWeights = try c.decodeIfPresent([String: Double].self, forKey: .taskWeights)
        firstStages = try c.decodeIfPresent([String].self, forKey: .firstStages)
        taskSteps = try c.decodeIfPresent([String: Int].self, forKey: .taskSteps)
        taskRehearsal = try c.decodeIfPresent([String: Double].self, forKey: .taskRehearsal)
    }

    /// The tasks of `first_stages`, in order (none without the key).
    var firstStageTasks: [PerceptionTask] { (firstStages ?? []).compactMap(PerceptionTask.init(named:)) }

    func validate(_ name: String) throws(GridError) {
        guard (1...1_000_000).contains(steps) else { throw GridError("\(name).steps is \(steps); use 1 to 1000000") }
        guard (1...4096).contains(batch) else { throw GridError("\(name).batch is \(batch); use 1 to 4096") }
        guard learningRate > 0, learningRate < 1 else { throw GridError("\(name).learning_rate is \(learningRate); use a value in (0, 1)") }
        guard warmup >= 0, warmup <= steps else { throw GridError("\(name).warmup is \(warmup); use 0 to steps (\(steps))") }
        guard weightDecay >= 0, weightDecay < 1 else { throw GridError("\(name).weight_decay is \(weightDecay); use a value in [0, 1)") }
        guard gradClip > 0 else { throw GridError("\(name).grad_clip is \(gradClip); use a positive value") }
        guard (1...256).contains(loraRank) else { throw GridError("\(name).lora_rank is \(loraRank); use 1 to 256") }
        guard loraAlpha > 0 else { throw GridError("\(name).lora_alpha is \(loraAlpha); use a positive value") }
        if let schedule {
            guard name == "pretrain" else { throw GridError("\(name).schedule is for pretrain only; remove it") }
            guard ["mixed", "staged"].contains(schedule) else { throw GridError("pretrain.schedule is \"\(schedule)\"; use mixed or staged") }
        }
        if let taskWeights {
            guard name == "pretrain" else { throw GridError("\(name).task_weights is for pretrain only; remove it") }
            for (task, weight) in taskWeights {
                guard PerceptionTask(named: task) != nil else {
                    throw GridError("pretrain.task_weights: \"\(task)\" is not a task; use abbreviations such as MR, RD, OL")
                }
                guard weight.isFinite, weight > 0, weight <= 1000 else {
                    throw GridError("pretrain.task_weights.\(task) is \(weight); use a weight in (0, 1000] (1: an equal turn)")
                }
            }
            guard Set(taskWeights.keys.compactMap(PerceptionTask.init(named:))).count == taskWeights.count else {
                throw GridError("pretrain.task_weights names a task twice: \(taskWeights.keys.sorted())")
            }
        }
        if let firstStages {
            guard name == "pretrain" else { throw GridError("\(name).first_stages is for pretrain only; remove it") }
            guard schedule == "staged" else {
                throw GridError("pretrain.first_stages orders the stages of a staged pretraining; add schedule: staged or remove it")
            }
            for task in firstStages where PerceptionTask(named: task) == nil {
                throw GridError("pretrain.first_stages: \"\(task)\" is not a task; use abbreviations such as FD, MR")
            }
            guard Set(firstStageTasks).count == firstStages.count else {
                throw GridError("pretrain.first_stages names a task twice: \(firstStages)")
            }
        }
        if let taskSteps {
            guard name == "finetune" else { throw GridError("\(name).task_steps is for finetune only; remove it") }
            for (task, count) in taskSteps {
                guard PerceptionTask(named: task) != nil else {
                    throw GridError("finetune.task_steps: \"\(task)\" is not a task; use abbreviations such as OL, AS")
                }
                guard (1...1_000_000).contains(count) else { throw GridError("finetune.task_steps.\(task) is \(count); use 1 to 1000000") }
                guard warmup <= count else {
                    throw GridError("finetune.task_steps.\(task) is \(count), fewer than finetune.warmup (\(warmup)); use at least the warmup")
                }
            }
            guard Set(taskSteps.keys.compactMap(PerceptionTask.init(named:))).count == taskSteps.count else {
                throw GridError("finetune.task_steps names a task twice: \(taskSteps.keys.sorted())")
            }
        }
        if let taskRehearsal {
            guard name == "finetune" else { throw GridError("\(name).task_rehearsal is for finetune only; remove it") }
            for (task, share) in taskRehearsal {
                guard PerceptionTask(named: task) != nil else {
                    throw GridError("finetune.task_rehearsal: \"\(task)\" is not a task; use abbreviations such as OL, AS")
                }
                guard share >= 0, share < 1 else {
                    throw GridError("finetune.task_rehearsal.\(task) is \(share); use a share in [0, 1) (0.25: a quarter of each batch)")
                }
            }
            guard Set(taskRehearsal.keys.compactMap(PerceptionTask.init(named:))).count == taskRehearsal.count else {
                throw GridError("finetune.task_rehearsal names a task twice: \(taskRehearsal.keys.sorted())")
            }
        }
        if let rehearsal {
            guard name == "finetune" else { throw GridError("\(name).rehearsal is for finetune only; remove it") }
            guard rehearsal >= 0, rehearsal < 1 else {
                throw GridError("finetune.rehearsal is \(rehearsal); use a share in [0, 1) (0.25: a quarter of each batch)")
            }
        }
    }
}
