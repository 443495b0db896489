import Core
import Hashing
import Grid
import Testing
@testable import Scheduling
import Wire

/// The faults of real clusters, in the scheduler: a job that fails for good blocks what needs
/// it, a coordinator restart neither loses nor charges the work in flight, and a worker that
/// comes back under its id gives back at once what it no longer holds.
@Suite struct SchedulerFaultTests {
    let smoke = try! GridSpec.preset("smoke")

    func blockedWrites(_ h: SchedulerHarness) -> [(job: String, reason: String)] {
        h.writes.compactMap { if case let .jobState(job, .blocked, _, reason?, _) = $0 { return (job, reason) }; return nil }
    }

    /// The pretraining fails for good: its 24 dependents are blocked, each naming it, and the
    /// grid ends (incomplete) instead of waiting forever.
    @Test func aJobThatFailsForGoodBlocksEverythingDownstreamAndTheGridEnds() throws {
        var h = try SchedulerHarness(smoke)
        h.ready("w1", slots: 2)
        let pretrain = try #require(h.takeAssignments("w1").first)
        #expect(pretrain.job.kind == .pretrain)
        _ = h.from("w1", .fail(JobFailure(jobID: pretrain.job.id, attempt: 1, reason: "out of memory", retryable: false)))
        #expect(h.scheduler.counts[.failed] == 1 && h.scheduler.counts[.blocked] == 24)
        #expect(h.scheduler.isComplete, "nothing can run: the grid ends")
        let blocked = blockedWrites(h)
        #expect(blocked.count == 24 && Set(blocked.map(\.job)).count == 24)
        #expect(blocked.allSatisfy { $0.reason == "blocked: \(pretrain.job.id) failed" })
        #expect(h.takeAssignments("w1").isEmpty)
    }

    /// A store whose pretraining failed under an older coordinator (its dependents left
    /// pending): the scheduler blocks them at start and tells the store in its first turn; a
    /// store after `--rerun-failed` (the failed job pending again) has them pending.
    @Test func aStoreWithAFailedJobHasItsDependentsBlockedAtStart() throws {
        let graph = try JobGraph(spec: smoke)
        let pretrain = try #require(graph.jobs.first { $0.kind == .pretrain })
        var h = try SchedulerHarness(smoke, stored: [StoredJob(id: pretrain.id, state: .failed, attempts: 3, failure: "x")])
        #expect(h.scheduler.isComplete && h.scheduler.counts[.blocked] == 24)
        h.feed(.tick)
        #expect(blockedWrites(h).count == 24)
        let blockedRows = graph.jobs.filter { $0.id != pretrain.id }.map { StoredJob(id: $0.id, state: .blocked, attempts: 0) }
        var again = try SchedulerHarness(smoke, stored: blockedRows)
        #expect(!again.scheduler.isComplete && again.scheduler.counts[.pending] == 25)
        again.feed(.tick)
        #expect(again.writes.filter { if case .jobState(_, .pending, _, nil, _) = $0 { return true }; return false }.count == 24)
    }

    /// A late result of a job that had failed for good makes it done, and what it blocked runs.
    @Test func aLateResultOfAFailedJobUnblocksItsDependents() throws {
        var h = try SchedulerHarness(smoke)
        h.ready("w1")
        let pretrain = try #require(h.takeAssignments("w1").first)
        _ = h.from("w1", .fail(JobFailure(jobID: pretrain.job.id, attempt: 1, reason: "flaky", retryable: false)))
        #expect(h.scheduler.isComplete)
        h.complete("w1", pretrain)
        #expect(h.scheduler.state(of: pretrain.job.id) == .done && h.scheduler.counts[.blocked] == nil)
        #expect(!h.scheduler.isComplete && !h.takeAssignments("w1").isEmpty)
    }

    /// The store held a job as leased when the coordinator stopped; its worker re-registers
    /// and lists it among its held jobs: the job stays with it, same attempt, and its result
    /// counts. Nothing runs it a second time.
    @Test func aRestartedCoordinatorReadoptsTheWorkInFlight() throws {
        let graph = try JobGraph(spec: GridSpec.noop(count: 2))
        let job = graph.jobs[0].id
        let scheduler = Scheduler(graph: graph, stored: [StoredJob(id: job, state: .leased, attempts: 3)], artifacts: [],
                                  issued: [job: [1: "w0", 2: "w0", 3: "w1"]])
        var h = SchedulerHarness(scheduler: scheduler)
        h.ready("w2", slots: 4)
        #expect(h.takeAssignments("w2").map(\.job.id) == [graph.jobs[1].id], "the held job waits for its worker")
        h.ready("w1", held: [HeldJob(jobID: job, attempt: 3)])
        #expect(h.scheduler.leaseHolder(of: job) == "w1")
        h.now = 60_000
        for _ in 0..<3 { h.feed(.heartbeat(from: "w1", running: [job])) }
        h.feed(.tick)
        #expect(h.scheduler.state(of: job) == .leased && h.takeAssignments("w2").isEmpty && h.takeAssignments("w1").isEmpty)
        _ = h.from("w1", .result(JobResult(jobID: job, attempt: 3, outcome: .evaluation(CorrectnessBits([])), durationMilliseconds: 5)))
        #expect(h.scheduler.state(of: job) == .done)
        #expect(!h.writes.contains { if case .attemptStarted(job, _, _, _) = $0 { return true }; return false }, "started once")
    }

    /// A scheduler rebuilt by a restarted coordinator from a store whose one noop job was
    /// leased (attempt 1) to `worker`, with `maxAttempts` 1.
    static func restartedWithOneLeasedJob(givenTo worker: String) throws -> (SchedulerHarness, String, SchedulerConfig) {
        var config = SchedulerConfig()
        config.maxAttempts = 1
        let graph = try JobGraph(spec: GridSpec.noop(count: 1))
        let job = graph.jobs[0].id
        let h = SchedulerHarness(scheduler: Scheduler(graph: graph, stored: [StoredJob(id: job, state: .leased, attempts: 1)],
                                                      artifacts: [], issued: [job: [1: worker]], config: config))
        return (h, job, config)
    }

    /// The worker a previous coordinator gave a job to registers holding nothing (it restarted
    /// too, as `run`'s local workers do): the job goes back at once, not counted, instead of
    /// waiting for the grace period.
    @Test func aJobItsWorkerNoLongerHoldsGoesBackAtItsREADY() throws {
        let (harness, _, _) = try Self.restartedWithOneLeasedJob(givenTo: "local-0")
        var h = harness
        h.now = 100
        h.ready("local-0")
        let again = try #require(h.takeAssignments("local-0").first, "given again at once")
        #expect(again.attempt == 2)
        #expect(h.writes.contains { if case let .attemptEnded(_, 1, outcome, _) = $0 { return outcome.contains("no longer holds it (not counted)") }; return false })
    }

    /// Nobody claims a job the store held as leased: after the grace period it goes back to
    /// pending, and that attempt is not counted toward `maxAttempts`.
    @Test func anAttemptEndedByACoordinatorRestartIsNotCounted() throws {
        let (harness, job, config) = try Self.restartedWithOneLeasedJob(givenTo: "gone")
        var h = harness
        h.now = config.adoptionGrace + 1
        h.feed(.tick)
        h.ready("w1")
        #expect(h.writes.contains { if case let .attemptEnded(job, 1, outcome, _) = $0 { return job == job && outcome.hasSuffix("(not counted)") }; return false })
        let retry = try #require(h.takeAssignments("w1").first, "max attempts 1, yet the restart's attempt left it one")
        #expect(retry.attempt == 2)
        _ = h.from("w1", .fail(JobFailure(jobID: job, attempt: 2, reason: "boom", retryable: true)))
        #expect(h.scheduler.state(of: job) == .failed)
        #expect(h.writes.contains { if case let .jobState(_, .failed, 1, reason?, _) = $0 { return reason == "boom (after 1 attempt)" }; return false })
    }

    /// A worker restarted under the same id within the liveness timeout (another incarnation):
    /// its READY holds none of its old jobs, which go back at once (not at lease expiry) and
    /// free its slot. The same process registering again keeps a job its READY does not list
    /// (the ASSIGN crossed the READY), and a restarted one keeps what it lists.
    @Test func aWorkerBackUnderItsIdGivesBackWhatItNoLongerHolds() throws {
        var h = try SchedulerHarness(GridSpec.noop(count: 1))
        h.ready("w1", incarnation: 1)
        let first = try #require(h.takeAssignments("w1").first)
        h.ready("w1", incarnation: 1)
        #expect(h.scheduler.leaseHolder(of: first.job.id) == "w1" && h.takeAssignments("w1").isEmpty, "the same process keeps its job")
        h.now = 500
        h.ready("w1", incarnation: 2)
        let second = try #require(h.takeAssignments("w1").first, "the job came back at once and the slot is free")
        #expect(second.job.id == first.job.id && second.attempt == 2)
        #expect(h.writes.contains { if case let .attemptEnded(_, 1, outcome, _) = $0 { return outcome.contains("restarted without it") }; return false })
        h.ready("w1", held: [HeldJob(jobID: second.job.id, attempt: 2)], incarnation: 3)
        #expect(h.scheduler.leaseHolder(of: second.job.id) == "w1" && h.takeAssignments("w1").isEmpty)
    }

    /// A failure the worker marks not counted (it is stopping, its disk is full) gives the
    /// attempt back: the job runs again even at `maxAttempts` 1.
    @Test func aFailureMarkedNotCountedDoesNotUseAnAttempt() throws {
        var config = SchedulerConfig()
        config.maxAttempts = 1
        var h = try SchedulerHarness(GridSpec.noop(count: 1), config: config)
        h.ready("w1")
        let a = try #require(h.takeAssignments("w1").first)
        _ = h.from("w1", .fail(JobFailure(jobID: a.job.id, attempt: 1, reason: "no space left in /cache", retryable: true, notCounted: true)))
        #expect(h.scheduler.state(of: a.job.id) == .pending || h.scheduler.state(of: a.job.id) == .leased)
        #expect(try #require(h.takeAssignments("w1").first).attempt == 2)
    }

    /// The base checkpoint is found damaged at rest after some cells are committed: the
    /// pretraining runs again, the jobs that need the base wait for it (none is given out with
    /// a missing input), and the committed cells stay.
    @Test func aDamagedArtifactRunsItsJobAgainAndKeepsTheCommittedCells() throws {
        var h = try SchedulerHarness(smoke)
        h.ready("w1")
        let pretrain = try #require(h.takeAssignments("w1").first)
        h.complete("w1", pretrain)
        let baseline = try #require(h.takeAssignments("w1").first)
        h.complete("w1", baseline)
        let doneBefore = h.scheduler.counts[.done]
        let next = try #require(h.takeAssignments("w1").first, "a third job is running")
        h.feed(.artifactDamaged(SHA256Digest.of(pretrain.job.id)))
        #expect(h.scheduler.state(of: pretrain.job.id) == .pending && h.scheduler.state(of: baseline.job.id) == .done)
        h.complete("w1", next)
        let rerun = try #require(h.takeAssignments("w1").first)
        #expect(rerun.job.id == pretrain.job.id && rerun.attempt == 2, "the pretraining runs again before anything needing it")
        h.complete("w1", rerun)
        #expect(h.scheduler.counts[.done] == (doneBefore ?? 0) + 1, "the baseline, the job that was running, the pretraining again")
        while let a = h.takeAssignments("w1").first { h.complete("w1", a) }
        #expect(h.scheduler.isComplete && h.scheduler.counts[.done] == 25)
    }

    /// A worker whose disk is full announces 0 slots: it is given nothing, its running jobs stay
    /// with it, and a READY with slots again brings it jobs.
    @Test func aWorkerWithNoSlotIsGivenNothingUntilItHasSlotsAgain() throws {
        var h = try SchedulerHarness(GridSpec.noop(count: 3))
        h.ready("w1", slots: 1)
        let running = try #require(h.takeAssignments("w1").first)
        h.ready("w1", slots: 0, held: [HeldJob(jobID: running.job.id, attempt: running.attempt)])
        h.feed(.tick)
        #expect(h.scheduler.leaseHolder(of: running.job.id) == "w1")
        #expect(h.takeAssignments("w1").isEmpty)
        h.ready("w1", slots: 2, held: [HeldJob(jobID: running.job.id, attempt: running.attempt)])
        #expect(h.takeAssignments("w1").count == 1, "one free slot beside the running job")
    }
}


extension SchedulerEvent {
    static func heartbeat(from worker: String, running: [String]) -> SchedulerEvent {
        .message(from: Array(worker.utf8), .heartbeat(Heartbeat(sentAtUnixMilliseconds: 0, runningJobIDs: running)))
    }
}
