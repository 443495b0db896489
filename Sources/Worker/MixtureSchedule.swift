internal import Core

/// Which task each training question of a finetune comes from: in turn without weights (a
/// single source is the plain finetune), drawn by weight otherwise; each task's questions are
/// taken in index order, so none repeats. Deterministic in its seed.
struct MixtureSchedule {
    let tasks: [PerceptionTask]
    let cumulative: [Double]
    var random: RandomSource
    var taken: [Int]
    var turn = 0

    init(tasks: [PerceptionTask], weights: [Double], seed: UInt64) {
        precondition(!tasks.isEmpty && (weights.isEmpty || weights.count == tasks.count), "a mixture needs tasks, and a weight for each")
        self.tasks = tasks
        let total = weights.reduce(0, +)
        var running = 0.0
        cumulative = weights.map { running += $0 / total; return running }
        random = RandomSource(seed: seed)
        taken = [Int](repeating: 0, count: tasks.count)
    }

    /// The next question's task and its index in that task's training split.
    mutating func next() -> (PerceptionTask, Int) {
        let k: Int
        if cumulative.isEmpty {
            k = turn % tasks.count
            turn += 1
        } else {
            let u = Double(random.next() >> 11) / Double(1 << 53)
            k = cumulative.firstIndex { u < $0 } ?? tasks.count - 1
        }
        defer { taken[k] += 1 }
        return (tasks[k], taken[k])
    }
}
