import Hashing
import Core
import Testing
@testable import Scheduling
import Grid
import Wire

/// The scheduling state machine, without sockets, files or clocks.
@Suite struct SchedulerTests {
    let smoke = try! GridSpec.preset("smoke")

    @Test func runsTheWholeGridInDependencyOrder() throws {
        var h = try SchedulerHarness(smoke)
        h.ready("w1", slots: 2)
        var done: [String] = []
        while !h.scheduler.isComplete {
            let assigned = h.takeAssignments("w1")
            #expect(!assigned.isEmpty, "nothing assigned with \(h.scheduler.counts)")
            if assigned.isEmpty { break }
            #expect(assigned.count <= 2, "more jobs than slots")
            for a in assigned {
                let graph = try JobGraph(spec: smoke)
                let job = try #require(graph.jobs.first { $0.id == a.job.id })
                for dependency in job.dependencies { #expect(done.contains(dependency), "\(a.job.id) ran before \(dependency)") }
                #expect(a.job.inputs.count == job.dependencies.count)
                h.complete("w1", a)
                done.append(a.job.id)
            }
        }
        #expect(done.count == 25)
        #expect(Set(done).count == 25)
        let results = h.writes.filter { if case .evaluation = $0 { return true }; return false }
        #expect(results.count == 20)
        #expect(h.acks("w1").filter { if case .result(_, _, false) = $0 { return true }; return false }.count == 25)
    }

    /// A job goes only to a worker whose READY lists its model; a worker that runs none of the
    /// grid's models is registered but given nothing.
    @Test func aJobGoesOnlyToAWorkerThatRunsItsModel() throws {
        var spec = smoke
        spec.models = ["small", "medium"]
        var h = try SchedulerHarness(spec)
        h.ready("only-large", slots: 4, models: [.large])
        #expect(h.takeAssignments("only-large").isEmpty)
        h.ready("only-medium", slots: 4, models: [.medium])
        let medium = h.takeAssignments("only-medium")
        #expect(medium.map(\.job.kind) == [.pretrain] && medium.allSatisfy { $0.job.model == .medium })
        h.ready("only-small", slots: 4, models: [.small])
        let small = h.takeAssignments("only-small")
        #expect(small.map(\.job.kind) == [.pretrain] && small.allSatisfy { $0.job.model == .small })
        // Their cells follow their own model: the medium worker never gets a small job.
        h.complete("only-medium", medium[0])
        let next = h.takeAssignments("only-medium")
        #expect(!next.isEmpty && next.allSatisfy { $0.job.model == .medium })
        #expect(h.takeAssignments("only-large").isEmpty)
    }

    @Test func aResultIsAcknowledgedInTheSameTurnAsItsCommitAndADuplicateIsRecordedNotCounted() throws {
        var h = try SchedulerHarness(GridSpec.noop(count: 1))
        h.ready("w1")
        let a = try #require(h.takeAssignments("w1").first)
        let out = h.from("w1", SchedulerHarness.evaluation(a))
        let commit = try #require(out.firstIndex { if case .store(.evaluation) = $0 { return true }; return false })
        let ack = try #require(out.firstIndex { if case .send(_, .ack(.result(_, _, false))) = $0 { return true }; return false })
        #expect(commit < ack)
        // The same result again (a resend after a lost ACK): a duplicate.
        let again = h.from("w1", SchedulerHarness.evaluation(a))
        #expect(again.contains { if case .store(.duplicate) = $0 { return true }; return false })
        #expect(again.contains { if case .send(_, .ack(.result(_, _, true))) = $0 { return true }; return false })
        #expect(!again.contains { if case .store(.evaluation) = $0 { return true }; return false })
    }

    @Test func aSilentWorkerIsLostAndItsJobGoesToAnother() throws {
        var h = try SchedulerHarness(GridSpec.noop(count: 1))
        h.ready("w1")
        let first = try #require(h.takeAssignments("w1").first)
        h.ready("w2")
        #expect(h.takeAssignments("w2").isEmpty)
        // w2 keeps talking, w1 goes silent.
        for t in stride(from: UInt64(500), through: 4600, by: 500) {
            h.now = t
            _ = h.from("w2", .heartbeat(Heartbeat(sentAtUnixMilliseconds: t)))
            h.feed(.tick)
        }
        let second = try #require(h.takeAssignments("w2").first, "the job was not reassigned")
        #expect(second.job.id == first.job.id)
        #expect(second.attempt == 2)
        #expect(h.writes.contains(.attemptEnded(job: first.job.id, attempt: 1, outcome: "worker lost (silent 4500 ms)", at: 4.5)))
        // The lost worker's late result: accepted once, as a duplicate after w2's.
        _ = h.from("w2", SchedulerHarness.evaluation(second))
        let late = h.from("w1", SchedulerHarness.evaluation(first))
        #expect(late.contains { if case .store(.duplicate(job: first.job.id, attempt: 1, worker: "w1", _, _, _, _, _)) = $0 { return true }; return false })
        #expect(h.writes.filter { if case .evaluation = $0 { return true }; return false }.count == 1)
    }

    /// A model whose ready jobs no registered worker runs is named in the log once (a grid
    /// would otherwise wait without a word); a worker that runs it takes them.
    @Test func readyJobsOfAModelNoWorkerRunsAreNamedOnce() throws {
        var spec = try GridSpec.preset("smoke")
        spec.models = ["qwen"]
        spec.runnerModels = ["qwen": RunnerModel(base: "Qwen/Qwen2.5-VL-3B-Instruct")]
        var h = try SchedulerHarness(spec)
        h.ready("engine-only", models: [.small])
        func warnings(_ out: [SchedulerOutput]) -> [String] {
            out.compactMap { if case let .log(text, _) = $0, text.contains("of model qwen wait") { text } else { nil } }
        }
        let first = warnings(h.feed(.tick))
        #expect(first.count == 1 && first[0].contains("--runner qwen=COMMAND"), "\(first)")
        #expect(warnings(h.feed(.tick)).isEmpty)
        h.ready("runner", slots: 2, models: [try #require(ModelName("qwen"))])
        #expect(h.takeAssignments("runner").count == 2)
        #expect(warnings(h.feed(.tick)).isEmpty)
    }

    /// A runner's cell that scored another question set than its model's other cells of that
    /// target is not counted: the job fails with both digests named.
    @Test func aCellOnAnotherQuestionSetIsRefused() throws {
        var spec = try GridSpec.preset("smoke")
        spec.models = ["qwen"]
        spec.seeds = [0, 1]
        spec.baseSeed = 0
        spec.runnerModels = ["qwen": RunnerModel(base: "Qwen/Qwen2.5-VL-3B-Instruct")]
        var h = try SchedulerHarness(spec)
        h.ready("runner", slots: 100, models: [try #require(ModelName("qwen"))])
        let baselines = h.takeAssignments("runner").filter { $0.job.kind == .evaluate && $0.job.target == .artStyle }
        #expect(baselines.count == 2, "\(baselines.map(\.job.id))")
        func scored(_ assign: Assign, _ set: String) -> Message {
            .result(JobResult(jobID: assign.job.id, attempt: assign.attempt,
                              outcome: .evaluation(CorrectnessBits((0..<Int(assign.job.hyperparameters.evalExamples)).map { $0 < 3 })),
                              durationMilliseconds: 5, questionsDigest: SHA256Digest.of(set)))
        }
        _ = h.from("runner", scored(baselines[0], "BLINK/Art_Style/val"))
        _ = h.from("runner", scored(baselines[1], "some other benchmark"))
        #expect(h.writes.contains(.evaluation(job: baselines[0].job.id, attempt: 1, worker: "runner",
                                              correctness: CorrectnessBits((0..<64).map { $0 < 3 }), durationMs: 5, at: 0,
                                              questions: SHA256Digest.of("BLINK/Art_Style/val"))), "\(h.writes.suffix(4))")
        let failed = h.writes.compactMap { write -> String? in
            if case let .jobState(job, .failed, _, failure, _) = write, job == baselines[1].job.id { return failure }
            return nil
        }
        #expect(failed.count == 1 && failed[0].contains("cells compare only like with like"), "\(failed)")
        #expect(h.acks("runner").contains(.result(jobID: baselines[1].job.id, attempt: 1, duplicate: false)))
    }

    /// A worker that comes back and reports progress on a runner's attempt that went to another
    /// worker is told the attempt is released (so it stops it and frees its GPU); the holder of
    /// the lease is not.
    @Test func progressOnARunnersAttemptThatWentElsewhereIsAnsweredReleased() throws {
        var spec = try GridSpec.preset("smoke")
        spec.models = ["qwen"]
        spec.tasks = ["AS"]
        spec.runnerModels = ["qwen": RunnerModel(base: "Qwen/Qwen2.5-VL-3B-Instruct")]
        var h = try SchedulerHarness(spec)
        let qwen = try #require(ModelName("qwen"))
        h.ready("w1", models: [qwen])
        let first = try #require(h.takeAssignments("w1").first)
        h.ready("w2", slots: 2, models: [qwen])
        for t in stride(from: UInt64(500), through: 4600, by: 500) {
            h.now = t
            _ = h.from("w2", .heartbeat(Heartbeat(sentAtUnixMilliseconds: t)))
            h.feed(.tick)
        }
        let second = try #require(h.takeAssignments("w2").first { $0.job.id == first.job.id })
        h.ready("w1", models: [qwen], incarnation: 1)
        _ = h.from("w1", .progress(Progress(jobID: first.job.id, attempt: first.attempt, step: 1, totalSteps: 2)))
        #expect(h.acks("w1").contains(.released(jobID: first.job.id, attempt: 1)), "\(h.acks("w1"))")
        _ = h.from("w2", .progress(Progress(jobID: second.job.id, attempt: second.attempt, step: 1, totalSteps: 2)))
        #expect(!h.acks("w2").contains { if case .released = $0 { return true }; return false })
    }

    /// A live worker's last contact reaches the store every `lastSeenInterval` (status's "last
    /// seen"), with the time it was heard, not the time of the write; a silent one's does not.
    @Test func aLiveWorkersLastContactIsRecordedEveryInterval() throws {
        var config = SchedulerConfig()
        config.lastSeenInterval = 10_000
        var h = try SchedulerHarness(GridSpec.noop(count: 1), config: config)
        h.ready("w1")
        h.ready("w2")
        for t in stride(from: UInt64(1000), through: 25_000, by: 1000) {
            h.now = t
            _ = h.from("w1", .heartbeat(Heartbeat(sentAtUnixMilliseconds: t)))
            if t <= 3000 { _ = h.from("w2", .heartbeat(Heartbeat(sentAtUnixMilliseconds: t))) }
            h.now = t + 400
            h.feed(.tick)
        }
        let heard = h.writes.compactMap { write -> String? in
            if case let .workerHeard(id, at) = write { return "\(id) \(at)" }
            return nil
        }
        #expect(heard == ["w1 10.0", "w1 20.0"], "\(heard)")
    }

    @Test func anUnknownPeerIsAskedToRegister() throws {
        var h = try SchedulerHarness(GridSpec.noop(count: 1))
        let out = h.from("stranger", .heartbeat(Heartbeat(sentAtUnixMilliseconds: 1)))
        #expect(out.contains { if case .send(_, .disconnect) = $0 { return true }; return false })
        #expect(h.takeAssignments("stranger").isEmpty)
    }

    @Test func aLeaseExpiresUnlessProgressRenewsIt() throws {
        var config = SchedulerConfig()
        config.lease = 1000
        config.livenessTimeout = 100_000
        var h = try SchedulerHarness(GridSpec.noop(count: 1), config: config)
        h.ready("w1")
        let a = try #require(h.takeAssignments("w1").first)
        h.now = 900
        _ = h.from("w1", .progress(Progress(jobID: a.job.id, attempt: a.attempt, step: 1, totalSteps: 2)))
        h.now = 1800
        h.feed(.tick)
        #expect(h.scheduler.state(of: a.job.id) == .leased, "progress at 900 ms renewed the lease to 1900 ms")
        h.now = 2000
        h.feed(.tick)
        let retry = try #require(h.takeAssignments("w1").first, "expired and reassigned (the only worker)")
        #expect(retry.attempt == 2)
    }

    @Test func failuresRetryUpToTheLimitThenFailWithTheReason() throws {
        var config = SchedulerConfig()
        config.maxAttempts = 2
        var h = try SchedulerHarness(GridSpec.noop(count: 1), config: config)
        h.ready("w1")
        for attempt in 1...2 {
            let a = try #require(h.takeAssignments("w1").first)
            #expect(a.attempt == UInt32(attempt))
            _ = h.from("w1", .fail(JobFailure(jobID: a.job.id, attempt: a.attempt, reason: "disk full", retryable: true)))
        }
        #expect(h.takeAssignments("w1").isEmpty)
        #expect(h.scheduler.isComplete)
        #expect(h.writes.contains { if case let .jobState(_, .failed, 2, reason?, _) = $0 { return reason.contains("disk full") }; return false })
        #expect(h.acks("w1").filter { if case .failure = $0 { return true }; return false }.count == 2)
    }

    @Test func aNonRetryableFailureFailsAtOnce() throws {
        var h = try SchedulerHarness(GridSpec.noop(count: 1))
        h.ready("w1")
        let a = try #require(h.takeAssignments("w1").first)
        _ = h.from("w1", .fail(JobFailure(jobID: a.job.id, attempt: 1, reason: "bad spec", retryable: false)))
        #expect(h.scheduler.state(of: a.job.id) == .failed)
    }

    @Test func aRetryPrefersAnotherWorker() throws {
        var h = try SchedulerHarness(GridSpec.noop(count: 1))
        h.ready("a")
        let first = try #require(h.takeAssignments("a").first)
        h.ready("b")
        _ = h.from("a", .fail(JobFailure(jobID: first.job.id, attempt: 1, reason: "oom", retryable: true)))
        #expect(h.takeAssignments("a").isEmpty)
        #expect(h.takeAssignments("b").first?.job.id == first.job.id)
    }

    @Test func aTrainingResultWaitsForItsArtifact() throws {
        var h = try SchedulerHarness(smoke)
        h.ready("w1")
        let pretrain = try #require(h.takeAssignments("w1").first)
        #expect(pretrain.job.kind == .pretrain)
        let digest = SHA256Digest.of("checkpoint")
        let early = h.from("w1", SchedulerHarness.artifact(pretrain, digest: digest))
        #expect(!early.contains { if case .send(_, .ack) = $0 { return true }; return false }, "acknowledged before the artifact arrived")
        #expect(h.scheduler.state(of: pretrain.job.id) == .leased)
        h.feed(.artifactStored(digest))
        let late = h.from("w1", SchedulerHarness.artifact(pretrain, digest: digest))
        #expect(late.contains { if case .send(_, .ack(.result(_, _, false))) = $0 { return true }; return false })
        let next = try #require(h.takeAssignments("w1").first)
        #expect(next.job.inputs.map(\.digest) == [digest])
    }

    @Test func workersThatHoldTheInputsGetTheJobsThatNeedThem() throws {
        var h = try SchedulerHarness(smoke)
        h.ready("w1")
        let pretrain = try #require(h.takeAssignments("w1").first)
        h.complete("w1", pretrain)
        // w1 now runs one job; finish finetunes until two adapters exist.
        var adapters: [String: SHA256Digest] = [:]
        while adapters.count < 2 {
            let a = try #require(h.takeAssignments("w1").first)
            h.complete("w1", a)
            if a.job.kind == .finetune { adapters[a.job.id] = SHA256Digest.of(a.job.id) }
        }
        // A fresh worker holding the second adapter gets that adapter's evaluations first.
        let (finetune, digest) = try #require(adapters.sorted { $0.key < $1.key }.last)
        h.ready("w2", slots: 3, cached: [digest, SHA256Digest.of(pretrain.job.id)])
        let got = h.takeAssignments("w2")
        #expect(got.count == 3)
        #expect(got.allSatisfy { $0.job.inputs.contains { $0.digest == digest } }, "w2 got \(got.map(\.job.id)), wanted evaluations of \(finetune)")
    }

    /// The worker that trained an adapter holds it: it scores that adapter next, before it
    /// takes another finetune, so a grid's rows arrive as they are trained (and a grid stopped
    /// halfway holds whole rows, not adapters without scores).
    @Test func aWorkerScoresTheAdapterItTrainedBeforeTrainingAnother() throws {
        var h = try SchedulerHarness(smoke)
        let order = try h.runAlone("w1").dropFirst()
        let tasks = try smoke.perceptionTasks().count
        let finetunes = order.indices.filter { order[$0].job.kind == .finetune }
        #expect(finetunes.count == tasks)
        for n in finetunes {
            let next = order[(n + 1)...].prefix(tasks)
            #expect(next.count == tasks && next.allSatisfy { $0.job.kind == .evaluate && $0.job.source == order[n].job.source },
                    "after \(order[n].job.id): \(next.map(\.job.id))")
        }
    }

    /// Longest finetune first: a source with a budget of its own (`finetune.task_steps`) starts
    /// before the others, so the grid does not end on it running alone; the base's baselines
    /// still come first, and every other finetune keeps its order.
    @Test func theCostliestFinetuneStartsFirstAfterTheBaselines() throws {
        var spec = smoke
        spec.finetune.taskSteps = ["CN": 60, "RD": 40]
        var h = try SchedulerHarness(spec)
        let order = try h.runAlone("w1").dropFirst()
        let tasks = try spec.perceptionTasks().count
        #expect(order.prefix(tasks).allSatisfy { $0.job.kind == .evaluate && $0.job.source == nil },
                "the baselines first: \(order.prefix(tasks).map(\.job.id))")
        let finetunes = order.filter { $0.job.kind == .finetune }
        #expect(finetunes.map { $0.job.source?.abbreviation } == ["CN", "RD", "AS", "JG"])
        #expect(finetunes.map(\.job.hyperparameters.steps) == [60, 40, 20, 20])
    }

    @Test func resumeSkipsDoneJobsAndReleasesLeases() throws {
        let graph = try JobGraph(spec: GridSpec.noop(count: 3))
        let stored = [StoredJob(id: graph.jobs[0].id, state: .done, attempts: 1),
                      StoredJob(id: graph.jobs[1].id, state: .leased, attempts: 1),
                      StoredJob(id: graph.jobs[2].id, state: .failed, attempts: 3, failure: "x")]
        var h = try SchedulerHarness(GridSpec.noop(count: 3), stored: stored)
        h.ready("w1", slots: 5)
        let got = h.takeAssignments("w1")
        #expect(got.map(\.job.id) == [graph.jobs[1].id])
        #expect(got.first?.attempt == 2)
    }
}
