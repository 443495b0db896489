import Core
import Testing
import Grid

/// The time a grid has left: each kind and model at the pace its done jobs set, per example or
/// question, so a long finetune weighs what it takes and not one job's worth.
@Suite struct RemainingTimeTests {
    /// smoke: 1 pretrain (40 x 16 examples), 4 baselines and 16 cells (64 questions each),
    /// 4 finetunes (20 x 16 examples).
    let jobs: [GridJob]
    let pretrain: GridJob, baselines: [GridJob], finetunes: [GridJob], cells: [GridJob]

    init() throws {
        jobs = try JobGraph(spec: GridSpec.preset("smoke")).jobs
        pretrain = try #require(jobs.first { $0.kind == .pretrain })
        baselines = jobs.filter { $0.kind == .evaluate && $0.source == nil }
        finetunes = jobs.filter { $0.kind == .finetune }
        cells = jobs.filter { $0.kind == .evaluate && $0.source != nil }
    }

    @Test func theWorkOfAJobIsItsExamplesOrQuestions() {
        #expect(pretrain.work == 640)
        #expect(finetunes.allSatisfy { $0.work == 320 } && finetunes.count == 4)
        #expect((baselines + cells).allSatisfy { $0.work == 64 } && baselines.count == 4 && cells.count == 16)
    }

    @Test func jobsLeftTakeThePaceOfTheDoneOnesSharedAmongTheSlots() {
        // Done: the pretrain at 0.01 s per example, the baselines at 0.01 s per question, one
        // finetune at 0.02 s per example and its four cells.
        let first = finetunes[0]
        let firstCells = cells.filter { $0.source == first.source }
        var took = [pretrain.id: 6.4, first.id: 6.4]
        for job in baselines + firstCells { took[job.id] = 0.64 }
        let finished = Set(took.keys)
        let time = RemainingTime(jobs: jobs, took: took)
        #expect(time.secondsPerUnit[.init(kind: .finetune, model: .small)] == 0.02)
        #expect(time.secondsPerUnit[.init(kind: .evaluate, model: .small)] == 0.01)
        // Left: 3 finetunes of 6.4 s, 12 cells of 0.64 s; one finetune has run 2.4 s.
        let elapsed = [finetunes[1].id: 2.4]
        let alone = time.estimate(jobs: jobs, finished: finished, elapsed: elapsed, slots: 1)
        #expect(abs((alone ?? 0) - (3 * 6.4 + 12 * 0.64 - 2.4)) < 1e-9, "\(String(describing: alone))")
        let two = time.estimate(jobs: jobs, finished: finished, elapsed: elapsed, slots: 2)
        #expect(abs((two ?? 0) - (3 * 6.4 + 12 * 0.64 - 2.4) / 2) < 1e-9)
        // Many slots: never less than the longest job left.
        #expect(time.estimate(jobs: jobs, finished: finished, elapsed: elapsed, slots: 64) == 6.4)
        #expect(time.estimate(jobs: jobs, finished: Set(jobs.map(\.id)), elapsed: [:], slots: 2) == 0)
    }

    @Test func unknownWhileAKindLeftHasNoDoneJob() {
        var took = [pretrain.id: 6.4]
        for job in baselines { took[job.id] = 0.64 }
        let time = RemainingTime(jobs: jobs, took: took)
        #expect(time.estimate(jobs: jobs, finished: Set(took.keys), elapsed: [:], slots: 2) == nil, "no finetune has finished")
        // Once every finetune is done, only evaluations are left, at the baselines' pace.
        let finished = Set(took.keys).union(finetunes.map(\.id))
        #expect(time.estimate(jobs: jobs, finished: finished, elapsed: [:], slots: 1).map { abs($0 - 16 * 0.64) < 1e-9 } == true)
    }
}
