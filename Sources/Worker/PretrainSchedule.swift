internal import Wire

/// Which task each pretraining question comes from. Mixed: all tasks in turn. Staged: over the
/// first 70 % of the steps the tasks come in one at a time, in the study's order, each for an
/// equal stage in which every other question is the new task and the rest go round the tasks
/// already in; then all tasks in turn. (Mixed from the start, the small model left most tasks
/// near chance after 15,000 steps; staged, AS went from 80 to 98 % and MR from 62 to 88 %.)
/// Each task's questions are taken in index order, so none repeats.
struct PretrainSchedule {
    let tasks: [PerceptionTask]
    let batch: Int
    let stageSteps: Int?
    var taken: [Int]

    init(tasks: [PerceptionTask], steps: Int, batch: Int, staged: Bool) {
        self.tasks = tasks
        self.batch = batch
        stageSteps = staged ? max(1, steps * 7 / 10 / tasks.count) : nil
        taken = [Int](repeating: 0, count: tasks.count)
    }

    /// The task and index of question `i` of step `step`; call in order.
    mutating func next(step: Int, i: Int) -> (PerceptionTask, Int) {
        let n = step * batch + i
        let k: Int
        if let stageSteps, step / stageSteps < tasks.count {
            let stage = step / stageSteps
            k = i % 2 == 0 ? stage : (n / 2) % (stage + 1)
        } else {
            k = n % tasks.count
        }
        defer { taken[k] += 1 }
        return (tasks[k], taken[k])
    }
}
