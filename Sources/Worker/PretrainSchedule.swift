internal import Core

/// Which task each pretraining question comes from. Mixed: all tasks in turn. Staged: over the
/// first 70 % of the steps the tasks come in one at a time, in curriculum order, each for an
/// equal stage in which every other question is the new task and the rest go round the tasks
/// already in; then all tasks in turn. (Mixed from the start, the small model left most tasks
/// near chance after 15,000 steps; staged, AS went from 80 to 98 % and MR from 62 to 88 %.
/// Staged in the study's order, which starts with VS and AS, once those two were made harder
/// the small model left 9 of 13 tasks within 5 points of chance after 15,000 steps; in
/// curriculum order, none.)
/// With task weights (`pretrain.task_weights`), wherever the tasks come in turn they come by
/// weight instead (`WeightedTurns`); a task's own stage keeps its half of the batch.
/// Each task's questions are taken in index order, so none repeats.
struct PretrainSchedule {
    let tasks: [PerceptionTask]
    let batch: Int
    let stageSteps: Int?
    var taken: [Int]
    /// Nil with equal weights: the turns are then plain arithmetic on the question's number.
    private var turns: WeightedTurns?

    /// The staged order: the tasks the small model learns fastest alone first (docs/tasks.md),
    /// so that the first stages give it a foothold in the images.
    static let curriculum: [PerceptionTask] = [
        .multiViewReasoning, .relativeDepth, .spatialRelation, .objectLocalization, .counting, .jigsaw, .visualSimilarity,
        .artStyle, .relativeReflectance, .visualCorrespondence, .semanticCorrespondence, .forensicDetection, .functionalCorrespondence,
    ]

    /// The staged order with `first` (the grid's `first_stages`) ahead, in its order, and the
    /// rest of the curriculum after it.
    static func order(first: [PerceptionTask]) -> [PerceptionTask] {
        first + curriculum.filter { !first.contains($0) }
    }

    /// - Parameter weights: one per task of `tasks`, in that order; empty for equal turns.
    /// - Parameter first: when staged, the tasks whose stages come first (`order(first:)`).
    init(tasks: [PerceptionTask], steps: Int, batch: Int, staged: Bool, weights: [Double] = [], first: [PerceptionTask] = []) {
        precondition(weights.isEmpty || weights.count == tasks.count, "one weight per task, or none")
        let ordered = staged ? Self.order(first: first).filter(tasks.contains) : tasks
        self.tasks = ordered
        self.batch = batch
        stageSteps = staged ? max(1, steps * 7 / 10 / tasks.count) : nil
        taken = [Int](repeating: 0, count: tasks.count)
        if !weights.isEmpty {
            turns = WeightedTurns(weights: ordered.map { weights[tasks.firstIndex(of: $0)!] })
        }
    }

    /// The task and index of question `i` of step `step`; call in order.
    mutating func next(step: Int, i: Int) -> (PerceptionTask, Int) {
        let n = step * batch + i
        let k: Int
        if let stageSteps, step / stageSteps < tasks.count {
            let stage = step / stageSteps
            k = i % 2 == 0 ? stage : turns?.next(pool: stage + 1) ?? (n / 2) % (stage + 1)
        } else {
            k = turns?.next(pool: tasks.count) ?? n % tasks.count
        }
        defer { taken[k] += 1 }
        return (tasks[k], taken[k])
    }
}
