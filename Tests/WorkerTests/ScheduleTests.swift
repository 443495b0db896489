import Core
import Testing
@testable import Grid
@testable import Worker
import Wire

@Suite struct ScheduleTests {
    let tasks = PerceptionTask.allCases

    @Test func mixedTakesTheTasksInTurn() {
        var schedule = PretrainSchedule(tasks: tasks, steps: 100, batch: 8, staged: false)
        for step in 0..<100 {
            for i in 0..<8 {
                let n = step * 8 + i
                let (task, index) = schedule.next(step: step, i: i)
                #expect(task == tasks[n % tasks.count] && index == n / tasks.count)
            }
        }
    }

    /// Runs a staged schedule of `steps` x `batch` to the end, checking that no question comes
    /// twice and that each stage's batches hold half the new task and nothing not in yet;
    /// returns how often each task came after the stages.
    func runStaged(_ schedule: inout PretrainSchedule, steps: Int, batch: Int,
                   order: [PerceptionTask] = PretrainSchedule.curriculum) -> [PerceptionTask: Int] {
        let stageSteps = steps * 7 / 10 / tasks.count
        var seen: [PerceptionTask: Set<Int>] = [:]
        var late: [PerceptionTask: Int] = [:]
        for step in 0..<steps {
            var counts: [PerceptionTask: Int] = [:]
            for i in 0..<batch {
                let (task, index) = schedule.next(step: step, i: i)
                #expect(seen[task, default: []].insert(index).inserted, "\(task) question \(index) taken twice")
                counts[task, default: 0] += 1
                if step >= stageSteps * tasks.count { late[task, default: 0] += 1 }
            }
            let stage = step / stageSteps
            if stage < tasks.count {
                // Half the batch is the new task; nothing comes from a task not in yet.
                #expect(counts[order[stage], default: 0] >= batch / 2)
                #expect(counts.keys.allSatisfy { order.firstIndex(of: $0)! <= stage })
            }
        }
        return late
    }

    @Test func stagedBringsTheTasksInOneAtATimeInCurriculumOrder() {
        let order = PretrainSchedule.curriculum
        #expect(order.count == tasks.count && Set(order) == Set(tasks), "the curriculum orders all 13 tasks once")
        #expect(order.first == .multiViewReasoning && order.last == .functionalCorrespondence)
        var schedule = PretrainSchedule(tasks: tasks, steps: 1300, batch: 8, staged: true)
        let late = runStaged(&schedule, steps: 1300, batch: 8)
        #expect(Set(late.keys) == Set(tasks), "after the stages every task comes in turn")
    }

    @Test func firstStagesComeFirstAndTheCurriculumFollows() {
        let first: [PerceptionTask] = [.forensicDetection, .counting]
        let order = PretrainSchedule.order(first: first)
        #expect(order == first + PretrainSchedule.curriculum.filter { !first.contains($0) })
        #expect(PretrainSchedule.order(first: []) == PretrainSchedule.curriculum)
        var schedule = PretrainSchedule(tasks: tasks, steps: 1300, batch: 8, staged: true, first: first)
        // The first stage's pool is FD alone: every question of step 0 is FD's.
        var probe = schedule
        #expect((0..<8).allSatisfy { probe.next(step: 0, i: $0).0 == .forensicDetection })
        let late = runStaged(&schedule, steps: 1300, batch: 8, order: order)
        #expect(Set(late.keys) == Set(tasks), "after the stages every task comes in turn")
        // Mixed pretraining has no stages: first stages change nothing.
        var mixed = PretrainSchedule(tasks: tasks, steps: 10, batch: 8, staged: false, first: first)
        var plain = PretrainSchedule(tasks: tasks, steps: 10, batch: 8, staged: false)
        #expect((0..<80).allSatisfy { mixed.next(step: $0 / 8, i: $0 % 8) == plain.next(step: $0 / 8, i: $0 % 8) })
    }

    @Test func weightedTurnsFollowTheirWeightsWithinOne() {
        var turns = WeightedTurns(weights: [0.25, 3, 1, 1.5])
        var counts = [0, 0, 0, 0]
        for n in 1...2000 {
            counts[turns.next(pool: 4)] += 1
            for k in 0..<4 {
                #expect(abs(Double(counts[k]) - Double(n) * [0.25, 3, 1, 1.5][k] / 5.75) < 1, "turn \(n): \(counts)")
            }
        }
        // A smaller pool: only its tasks, credits afresh.
        let first = (0..<30).map { _ in turns.next(pool: 2) }
        #expect(Set(first) == [0, 1] && abs(Double(first.filter { $0 == 0 }.count) - 30 * 0.25 / 3.25) < 1)
        var again = WeightedTurns(weights: [0.25, 3, 1, 1.5])
        for _ in 0..<2000 { _ = again.next(pool: 4) }
        #expect((0..<30).map { _ in again.next(pool: 2) } == first, "deterministic")
    }

    @Test func weightedStagedPretrainingKeepsEachStagesHalfAndWeighsTheTurns() {
        let steps = 1300, batch = 8
        let weights = tasks.map { $0 == .multiViewReasoning ? 0.25 : $0 == .objectLocalization ? 3.0 : 1.0 }
        var schedule = PretrainSchedule(tasks: tasks, steps: steps, batch: batch, staged: true, weights: weights)
        let late = runStaged(&schedule, steps: steps, batch: batch)
        let stageSteps = steps * 7 / 10 / tasks.count
        let inTurn = Double((steps - stageSteps * tasks.count) * batch)
        for task in tasks {
            let share = inTurn * weights[tasks.firstIndex(of: task)!] / weights.reduce(0, +)
            // The last stage's pool is every task, so its credits run on into these steps: within 2.
            #expect(abs(Double(late[task, default: 0]) - share) < 2, "\(task): \(late[task, default: 0]) of \(share)")
        }
    }

    @Test func weightedMixturesFollowTheirWeights() {
        var schedule = MixtureSchedule(tasks: [.jigsaw, .counting], weights: [3, 1], seed: 1)
        var counts: [PerceptionTask: Int] = [:]
        var indices: [PerceptionTask: [Int]] = [:]
        for _ in 0..<4000 {
            let (task, index) = schedule.next()
            counts[task, default: 0] += 1
            indices[task, default: []].append(index)
        }
        #expect(abs(Double(counts[.jigsaw]!) / 4000 - 0.75) < 0.03)
        #expect(indices[.jigsaw] == Array(0..<counts[.jigsaw]!), "each task's questions in index order, none twice")
        var again = MixtureSchedule(tasks: [.jigsaw, .counting], weights: [3, 1], seed: 1)
        var first = MixtureSchedule(tasks: [.jigsaw, .counting], weights: [3, 1], seed: 1)
        #expect((0..<100).map { _ in again.next().0 } == (0..<100).map { _ in first.next().0 })
    }

    @Test func aSharedBasesRunsShareItsBenchmarkAndPretrainingStreamButNotTheirOwnDraws() throws {
        var spec = try GridSpec.preset("smoke")
        spec.seeds = [0, 1]
        func wire(_ graph: JobGraph, seed: UInt64, kind: JobKind) -> JobSpec {
            let job = graph.jobs.first { $0.seed == seed && $0.kind == kind && $0.source?.abbreviation == "JG" }!
            return job.spec(gridHash: graph.hash, preset: spec.name, inputs: [])
        }
        let own = try JobGraph(spec: spec)
        spec.baseSeed = 1
        let shared = try JobGraph(spec: spec)
        for kind in [JobKind.finetune, .evaluate] {
            let (a, b) = (wire(shared, seed: 0, kind: kind), wire(shared, seed: 1, kind: kind))
            for purpose in ["eval-questions", "pretrain-data"] {
                #expect(JobRunner.baseSeed(a, purpose) == JobRunner.baseSeed(b, purpose), "\(kind) \(purpose)")
                // The base's streams are the ones its own grid (seed 1) uses.
                #expect(JobRunner.baseSeed(a, purpose) == JobRunner.baseSeed(wire(own, seed: 1, kind: kind), purpose))
                #expect(JobRunner.baseSeed(wire(own, seed: 0, kind: kind), purpose) == JobRunner.seed(wire(own, seed: 0, kind: kind), purpose))
            }
            #expect(JobRunner.seed(a, "finetune-data", "JG") != JobRunner.seed(b, "finetune-data", "JG"))
            #expect(JobRunner.seed(a, "lora", "small", "JG") != JobRunner.seed(b, "lora", "small", "JG"))
        }
    }

    @Test func rehearsalDrawsOnlyPretrainingQuestionsTheBaseSaw() {
        // The grid's pool bound against the schedule the worker runs, in both modes and at
        // sizes where the stages' integer division leaves steps over.
        let weights = ["MR": 0.1, "RD": 0.2, "OL": 4, "FD": 3]
        for (steps, batch, staged, weighted) in [(40, 16, false, false), (40, 16, true, false), (12, 8, true, false), (1337, 32, true, false),
                                                 (15000, 32, true, false), (40, 16, false, true), (1337, 32, true, true), (6000, 32, true, true)] {
            var stage = TrainingStage(steps: steps, batch: batch, learningRate: 1e-3, warmup: 0)
            stage.schedule = staged ? "staged" : nil
            stage.taskWeights = weighted ? weights : nil
            let resolved = ResolvedGrid.Stage(stage)
            var schedule = PretrainSchedule(tasks: tasks, steps: steps, batch: batch, staged: staged, weights: resolved.taskWeightList)
            for step in 0..<steps { for i in 0..<batch { _ = schedule.next(step: step, i: i) } }
            #expect(schedule.taken.allSatisfy { $0 >= resolved.questionsSeenPerTask },
                    "\(steps) x \(batch) \(staged ? "staged" : "mixed"): pool \(resolved.questionsSeenPerTask), taken \(schedule.taken)")
            #expect(weighted || resolved.questionsSeenPerTask >= (steps * batch * 3 / 10 - batch * 13) / 13 || steps < 100,
                    "the bound is not needlessly loose")
        }
        var rehearsal = Rehearsal(share: 0.25, pool: 100, batch: 32, seed: 7)
        #expect(rehearsal.perBatch == 8)
        var again = Rehearsal(share: 0.25, pool: 100, batch: 32, seed: 7)
        let draws = (0..<2000).map { _ in rehearsal.next() }
        #expect(draws.map(\.0) == (0..<2000).map { _ in again.next().0 }, "deterministic in its seed")
        #expect(draws.allSatisfy { (0..<100).contains($0.1) })
        #expect(Set(draws.map(\.0)) == Set(tasks), "every task rehearsed")
        #expect(Rehearsal(share: 0, pool: 0, batch: 32, seed: 1).perBatch == 0)
    }
}
