import Core
import Testing
@testable import Scheduling
import Grid
import Wire

/// What the scheduler believes: only the worker an attempt was given to can end it; nobody
/// registers under another's name; the number of workers and of duplicate rows is bounded.
@Suite struct SchedulerTrustTests {
    func refused(_ out: [SchedulerOutput], _ kind: String) -> Bool {
        out.contains { if case .refused(kind, _) = $0 { return true }; return false }
    }

    func writesStore(_ out: [SchedulerOutput]) -> Bool {
        out.contains { if case .store = $0 { return true }; return false }
    }

    @Test func aResultOrFailureCountsOnlyFromTheWorkerGivenThatAttempt() throws {
        var h = try SchedulerHarness(GridSpec.noop(count: 1))
        h.ready("w1")
        h.ready("w2")
        let a = try #require(h.takeAssignments("w1").first)
        // w2 (registered) and a stranger (not) claim w1's attempt, or attempts never given.
        for (sender, message) in [("w2", SchedulerHarness.evaluation(a)), ("stranger", SchedulerHarness.evaluation(a)),
                                  ("w1", .result(JobResult(jobID: a.job.id, attempt: 2, outcome: .evaluation(CorrectnessBits([true])), durationMilliseconds: 1))),
                                  ("w2", .fail(JobFailure(jobID: a.job.id, attempt: 1, reason: "x", retryable: false))),
                                  ("stranger", .result(JobResult(jobID: "no-such-job", attempt: 1, outcome: .evaluation(CorrectnessBits([true])), durationMilliseconds: 1)))] {
            let out = h.from(sender, message)
            #expect(refused(out, "result") || refused(out, "failure"), "\(sender): \(out)")
            #expect(!writesStore(out), "\(sender) changed the store: \(out)")
        }
        #expect(h.scheduler.counts[.leased] == 1)
        let out = h.from("w1", SchedulerHarness.evaluation(a))
        #expect(out.contains { if case .store(.evaluation) = $0 { return true }; return false })
    }

    @Test func aResultSentAgainIsRecordedAsADuplicateOnce() throws {
        var h = try SchedulerHarness(GridSpec.noop(count: 1))
        h.ready("w1")
        let a = try #require(h.takeAssignments("w1").first)
        _ = h.from("w1", SchedulerHarness.evaluation(a))
        let second = h.from("w1", SchedulerHarness.evaluation(a))
        #expect(second.contains { if case .store(.duplicate) = $0 { return true }; return false })
        for _ in 0..<100 {
            let again = h.from("w1", SchedulerHarness.evaluation(a))
            #expect(!writesStore(again))
            #expect(again.contains { if case .send(_, .ack(.result(_, _, true))) = $0 { return true }; return false })
        }
    }

    @Test func noOneRegistersUnderAnotherNameAndWorkersAreCapped() throws {
        var config = SchedulerConfig()
        config.maxWorkers = 3
        var h = try SchedulerHarness(GridSpec.noop(count: 10), config: config)
        let caps = Capabilities(cores: 1, memoryBytes: 1, maxConcurrentJobs: 1, blasThreads: 1, jobKinds: [.noop], blasCore: "Haswell", models: [.small])
        let impostor = h.from("mallory", .ready(Ready(workerID: "w1", host: "h", capabilities: caps)))
        #expect(refused(impostor, "ready") && !writesStore(impostor))
        for n in 0..<3 { h.ready("w\(n)") }
        let fourth = h.from("w3", .ready(Ready(workerID: "w3", host: "h", capabilities: caps)))
        #expect(refused(fourth, "ready"))
        #expect(h.scheduler.workers.count == 3)
        // A registered worker's READY again (a reconnect) is still welcome.
        let again = h.from("w0", .ready(Ready(workerID: "w0", host: "h", capabilities: caps)))
        #expect(!refused(again, "ready"))
    }

    /// A RESULT whose question count is not the one its job asked for is refused, whatever its
    /// kind: an evaluation with fewer or more questions, a noop with any; nothing is written and
    /// the coordinator goes on (a 0-of-0 evaluation used to stop it on a precondition).
    @Test func aResultWithAnotherQuestionCountIsRefused() throws {
        var h = try SchedulerHarness(GridSpec.preset("smoke"))
        h.ready("w1", slots: 1)
        let pretrain = try #require(h.takeAssignments("w1").first)
        h.complete("w1", pretrain)
        let eval = try #require(h.takeAssignments("w1").first { $0.job.kind == .evaluate })
        #expect(eval.job.hyperparameters.evalExamples == 64)
        for total in [0, 63, 65, 4096] {
            let out = h.from("w1", SchedulerHarness.evaluation(eval, correct: 0, of: total))
            #expect(!writesStore(out) && refused(out, "result"), "\(total) of 64 questions was taken")
            #expect(h.scheduler.state(of: eval.job.id) == .leased)
        }
        #expect(writesStore(h.from("w1", SchedulerHarness.evaluation(eval))), "the job's own count is taken")
        #expect(h.scheduler.state(of: eval.job.id) == .done)

        var noop = try SchedulerHarness(GridSpec.noop(count: 2))
        noop.ready("w1", slots: 2)
        let jobs = noop.takeAssignments("w1")
        #expect(jobs.count == 2)
        let four = noop.from("w1", SchedulerHarness.evaluation(jobs[0], correct: 1, of: 4))
        #expect(!writesStore(four) && refused(four, "result"), "a noop scores no question")
        for job in jobs { #expect(writesStore(noop.from("w1", SchedulerHarness.evaluation(job)))) }
        #expect(noop.scheduler.isComplete, "0-of-0 noop results complete the grid without a crash")
    }
}
