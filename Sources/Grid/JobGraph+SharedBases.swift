internal import Core
extension JobGraph {
    /// The pretraining jobs of this grid that `other` runs too: same model, same seed, the same
    /// pretraining settings (the evaluation size, which pretraining never reads, aside). Each
    /// pair makes the same base checkpoint bit for bit, so one grid can take the other's base
    /// instead of pretraining it again (`transfergrid run --bases-from`).
    public func sharedPretraining(with other: JobGraph) -> [(ours: GridJob, theirs: GridJob)] {
        func key(_ job: GridJob) -> PretrainKey {
            var hp = job.hyperparameters
            hp.evalExamples = 0
            return PretrainKey(model: job.model, seed: job.seed, hyperparameters: hp)
        }
        let theirs = Dictionary(other.jobs.filter { $0.kind == .pretrain }.map { (key($0), $0) }, uniquingKeysWith: { first, _ in first })
        return jobs.filter { $0.kind == .pretrain }.compactMap { job in theirs[key(job)].map { (job, $0) } }
    }

    private struct PretrainKey: Hashable {
        let model: ModelName
        let seed: UInt64
        let hyperparameters: Hyperparameters
    }
}
