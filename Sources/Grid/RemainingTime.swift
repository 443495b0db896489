public import Core
/// The wall time a grid has left, from what its done jobs took. Each kind of job on each model
/// takes a measured time per unit of work (`GridJob.work`: a training job's examples, an
/// evaluation's questions); the jobs left need that much, less what their running attempts have
/// had, shared among the workers' slots. Counting jobs would not do: one 8,000-step finetune is
/// worth a hundred evaluations. Pure: the caller gives the times and the clock.
public struct RemainingTime: Sendable {
    public struct Key: Hashable, Sendable {
        public let kind: JobKind
        public let model: ModelName

        public init(kind: JobKind, model: ModelName) {
            self.kind = kind
            self.model = model
        }
    }

    /// Seconds per unit of work, for each kind and model with a done job that has a time.
    public let secondsPerUnit: [Key: Double]

    /// - Parameter took: how long done jobs took, by job id (`JobTimes.took`).
    public init(jobs: [GridJob], took: [String: Double]) {
        var seconds: [Key: Double] = [:], work: [Key: Double] = [:]
        for job in jobs {
            guard let time = took[job.id], job.work > 0 else { continue }
            let key = Key(kind: job.kind, model: job.model)
            seconds[key, default: 0] += time
            work[key, default: 0] += job.work
        }
        secondsPerUnit = Dictionary(uniqueKeysWithValues: seconds.map { key, time in (key, time / work[key, default: 1]) })
    }

    /// Seconds until the jobs not in `finished` are done, with `slots` jobs at a time: their
    /// work over the slots, and never less than the longest of them. `elapsed` is how long each
    /// running job has run. Nil while a job left is of a kind and model that none done yet
    /// tells the pace of.
    public func estimate(jobs: [GridJob], finished: Set<String>, elapsed: [String: Double], slots: Int) -> Double? {
        var total = 0.0, longest = 0.0
        for job in jobs where !finished.contains(job.id) {
            guard let rate = secondsPerUnit[Key(kind: job.kind, model: job.model)] else { return nil }
            let left = max(0, job.work * rate - (elapsed[job.id] ?? 0))
            total += left
            longest = max(longest, left)
        }
        return max(total / Double(max(slots, 1)), longest)
    }
}

extension GridJob {
    /// How much work the job is, in units comparable between jobs of one kind on one model:
    /// a training job's examples (steps x batch), an evaluation's questions, 1 for a noop.
    public var work: Double {
        switch kind {
        case .pretrain, .finetune: Double(hyperparameters.steps) * Double(hyperparameters.batchSize)
        case .evaluate: Double(hyperparameters.evalExamples)
        case .noop: 1
        }
    }
}
