public import Core

extension ResolvedGrid {
    /// A training stage (pretraining or LoRA finetuning), resolved: task-keyed settings and the
    /// schedule as an enum. Only the keys of its kind are set (`TrainingStage.validate`).
    public struct Stage: Sendable, Hashable {
        /// How pretraining brings the tasks in.
        public enum Schedule: String, Sendable, Hashable, CaseIterable {
            /// All tasks in turn throughout.
            case mixed
            /// The tasks one at a time, the fastest learnt first, over the first 70 % of the
            /// steps (each stage half the new task, half those before), then all in turn.
            case staged
        }

        public let steps: Int
        public let batch: Int
        public let learningRate: Double
        public let warmup: Int
        public let weightDecay: Double
        public let gradClip: Double
        public let loraRank: Int
        public let loraAlpha: Double
        public let schedule: Schedule
        /// Finetuning: the rehearsed share of each batch (0: none).
        public let rehearsal: Double
        /// Pretraining: a task's weight wherever the tasks come in turn; a task not named weighs 1.
        public let taskWeights: [PerceptionTask: Double]
        /// Pretraining, staged: the tasks whose stages come first, in order.
        public let firstStages: [PerceptionTask]
        /// Finetuning: steps for the finetunes on these sources instead of `steps`.
        public let taskSteps: [PerceptionTask: Int]
        /// Finetuning: the rehearsal share for the finetunes on these sources instead of `rehearsal`.
        public let taskRehearsal: [PerceptionTask: Double]

        /// A stage of a normalized, checked spec (`GridSpec.normalized`): names that are not
        /// tasks, and schedules other than mixed and staged, have been refused there.
        public init(_ stage: TrainingStage) {
            steps = stage.steps
            batch = stage.batch
            learningRate = stage.learningRate
            warmup = stage.warmup
            weightDecay = stage.weightDecay
            gradClip = stage.gradClip
            loraRank = stage.loraRank
            loraAlpha = stage.loraAlpha
            schedule = stage.schedule.flatMap(Schedule.init(rawValue:)) ?? .mixed
            rehearsal = stage.rehearsal ?? 0
            taskWeights = Self.byTask(stage.taskWeights)
            firstStages = (stage.firstStages ?? []).compactMap(PerceptionTask.init(named:))
            taskSteps = Self.byTask(stage.taskSteps)
            taskRehearsal = Self.byTask(stage.taskRehearsal)
        }

        private static func byTask<V>(_ named: [String: V]?) -> [PerceptionTask: V] {
            var byTask: [PerceptionTask: V] = [:]
            for (name, value) in named ?? [:] { if let task = PerceptionTask(named: name) { byTask[task] = value } }
            return byTask
        }

        /// The steps of a finetune on `source`.
        public func steps(for source: PerceptionTask) -> Int { taskSteps[source] ?? steps }

        /// The rehearsal share of a finetune on `source`.
        public func rehearsal(for source: PerceptionTask) -> Double { taskRehearsal[source] ?? rehearsal }

        /// One weight per task in `PerceptionTask.allCases` order (1 where none is named); empty
        /// without weights: the wire's `task_weights`.
        public var taskWeightList: [Double] {
            taskWeights.isEmpty ? [] : PerceptionTask.allCases.map { taskWeights[$0] ?? 1 }
        }

        /// How many of each task's first pretraining questions this stage certainly shows the model,
        /// whichever schedule: the part of the steps in which all 13 tasks come in turn (all of them
        /// when mixed, the last 30 % when staged; `PretrainSchedule` in the worker) times the batch,
        /// over 13. Each task's questions are taken in index order, so indices below this were seen.
        /// With task weights, the lightest task's share of those questions, less one for the
        /// weighted turns' rounding.
        public var questionsSeenPerTask: Int {
            let tasks = PerceptionTask.allCases.count  // pretraining always takes all 13
            let stageSteps = max(1, steps * 7 / 10 / tasks)
            let inTurnSteps = schedule == .staged ? max(0, steps - stageSteps * tasks) : steps
            let weights = taskWeightList
            guard let lightest = weights.min() else { return inTurnSteps * batch / tasks }
            return max(0, Int(Double(inTurnSteps * batch) * lightest / weights.reduce(0, +)) - 1)
        }
    }
}
