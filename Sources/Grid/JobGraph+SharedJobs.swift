internal import Core
extension JobGraph {
    /// The jobs of this grid that `other` runs too, bit for bit: the same kind, model, seed,
    /// tasks, mixture and settings, and dependencies that are shared jobs themselves (so the
    /// same inputs). A job's random streams are seeded from these, never from the grid, so
    /// each pair makes the same artifact or the same cell (`transfergrid run --results-from`).
    /// Data-selection jobs are never shared: their mixture follows the grid's threshold.
    /// Pretraining pairs match as in `sharedPretraining` (the evaluation size aside).
    public func sharedJobs(with other: JobGraph) -> [(ours: GridJob, theirs: GridJob)] {
        var theirsByKey: [SharedKey: GridJob] = [:]
        for job in other.jobs where job.selection == nil {
            let key = SharedKey(job, dependencies: job.dependencies)
            if theirsByKey[key] == nil { theirsByKey[key] = job }
        }
        // `jobs` lists every job after its dependencies, so one pass in order sees each
        // dependency's match before the jobs that need it.
        var matched: [String: String] = [:]  // our job id -> theirs
        var pairs: [(ours: GridJob, theirs: GridJob)] = []
        for job in jobs where job.selection == nil {
            let mapped = job.dependencies.compactMap { matched[$0] }
            guard mapped.count == job.dependencies.count, let theirs = theirsByKey[SharedKey(job, dependencies: mapped)] else { continue }
            matched[job.id] = theirs.id
            pairs.append((job, theirs))
        }
        return pairs
    }

    private struct SharedKey: Hashable {
        let kind: JobKind
        let model: ModelName
        let seed: UInt64
        let source: PerceptionTask?
        let target: PerceptionTask?
        let hyperparameters: Hyperparameters
        let mixture: [PerceptionTask]
        let shuffledLabels: Bool
        let dependencies: [String]

        init(_ job: GridJob, dependencies: [String]) {
            var hp = job.hyperparameters
            if job.kind == .pretrain { hp.evalExamples = 0 }
            kind = job.kind
            model = job.model
            seed = job.seed
            source = job.source
            target = job.target
            hyperparameters = hp
            mixture = job.mixture
            shuffledLabels = job.shuffledLabels
            self.dependencies = dependencies
        }
    }
}
