internal import Core
internal import Grid

/// Which cells must score one question set: those of one model, base, target and question count.
struct QuestionSetKey: Hashable {
    let model: ModelName
    let base: UInt64
    let target: PerceptionTask?
    let count: UInt32

    init(_ job: GridJob) {
        model = job.model
        base = job.hyperparameters.baseSeed ?? job.seed
        target = job.target
        count = job.hyperparameters.evalExamples
    }
}
