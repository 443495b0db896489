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
}
