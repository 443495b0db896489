internal import Core

/// The rehearsed part of a finetune's batches: questions the base model was pretrained on, so
/// that finetuning on one task does not wipe out the others. The first `perBatch` questions of
/// every batch are rehearsed, each from one of the 13 tasks at random and one of that task's
/// first `pool` pretraining questions (all of which pretraining showed). Deterministic in its seed.
struct Rehearsal {
    let perBatch: Int
    let pool: Int
    var random: RandomSource

    init(share: Double, pool: UInt32, batch: Int, seed: UInt64) {
        precondition((0...1).contains(share) && (share == 0 || pool >= 1), "rehearsal needs a share in [0, 1] and a pool")
        perBatch = Int((share * Double(batch)).rounded())
        self.pool = Int(pool)
        random = RandomSource(seed: seed)
    }

    /// The task and pretraining index of the next rehearsed question.
    mutating func next() -> (PerceptionTask, Int) {
        let tasks = PerceptionTask.allCases
        let task = tasks[Int(random.next() % UInt64(tasks.count))]
        return (task, Int(random.next() % UInt64(pool)))
    }
}
