import Core
import Foundation
import Testing
import Grid
import Store
import Wire
import ZeroMQ

/// The runtime end to end: real processes on loopback, the `smoke` grid (25 jobs: a pretrain,
/// 4 finetunes, 20 cells).
@Suite(.serialized) struct ClusterTests {
    static let cells = 20

    /// The scores of an uninterrupted run, for the bit-identity checks (computed once).
    nonisolated(unsafe) static var reference: [String: [UInt8]]?

    func scores(_ store: String) throws -> [String: [UInt8]] {
        Dictionary(uniqueKeysWithValues: try Store(path: store, readOnly: true).evaluations().map { ($0.job, $0.correctness) })
    }

    /// Exactly one committed result per cell, every job done.
    func expectComplete(_ cluster: Cluster, sourceLocation: SourceLocation = #_sourceLocation) throws {
        let store = try Store(path: cluster.store, readOnly: true)
        let status = try store.status()
        #expect(status.counts[.done] == 25, "\(status.counts)", sourceLocation: sourceLocation)
        let (results, _) = try store.resultCounts()
        let graph = try JobGraph(spec: GridSpec.preset("smoke"))
        for job in graph.jobs where job.kind == .evaluate {
            #expect(results[job.id] == 1, "\(job.id) has \(results[job.id] ?? 0) results", sourceLocation: sourceLocation)
        }
        #expect(results.count == Self.cells, sourceLocation: sourceLocation)
    }

    func referenceScores() throws -> [String: [UInt8]] {
        if let reference = Self.reference { return reference }
        let cluster = try Cluster("reference")
        try cluster.coordinator()
        try cluster.worker("solo")
        #expect(cluster.wait("coordinator", seconds: 120), "the reference grid did not finish")
        let scores = try scores(cluster.store)
        Self.reference = scores
        return scores
    }

    @Test func threeWorkersCompleteTheGrid() throws {
        let cluster = try Cluster("three")
        try cluster.coordinator()
        for id in ["w1", "w2", "w3"] { try cluster.worker(id) }
        #expect(cluster.wait("coordinator", seconds: 120), "coordinator log:\n\(cluster.log("coordinator"))")
        #expect(cluster.exitCode("coordinator") == 0)
        for id in ["w1", "w2", "w3"] {
            #expect(cluster.wait(id, seconds: 10), "\(id) did not leave when the grid completed")
            #expect(cluster.exitCode(id) == 0)
        }
        try expectComplete(cluster)
        let executions = ["w1", "w2", "w3"].flatMap(cluster.executions)
        #expect(executions.count == 25, "each job ran once: \(executions.count) executions")
        #expect(try scores(cluster.store) == referenceScores(), "scores differ from a one-worker run")
    }

    @Test func aWorkerKilledMidJobLosesNothing() throws {
        let cluster = try Cluster("kill-worker")
        try cluster.coordinator()
        for id in ["w1", "w2", "w3"] { try cluster.worker(id) }
        // The pretrain is the first job; kill -9 whoever starts it, at once.
        var victim: String?
        #expect(cluster.until(seconds: 30) {
            victim = ["w1", "w2", "w3"].first { !cluster.executions($0).isEmpty }
            return victim != nil
        })
        let killed = try #require(victim)
        cluster.signal(killed, SIGKILL)
        #expect(cluster.wait("coordinator", seconds: 120), "coordinator log:\n\(cluster.log("coordinator"))")
        try expectComplete(cluster)
        let log = cluster.log("coordinator")
        #expect(cluster.declaredLost(killed), "the coordinator never declared \(killed) lost:\n\(log)")
        let pretrain = try #require(JobGraph(spec: GridSpec.preset("smoke")).jobs.first).id
        let runs = ["w1", "w2", "w3"].flatMap(cluster.executions).filter { $0 == pretrain }.count
        #expect(runs == 2, "the pretrain ran \(runs) times: once on the killed worker, once again")
        #expect(try scores(cluster.store) == referenceScores(), "scores differ from an uninterrupted run")
    }

    @Test func aCoordinatorKilledMidGridResumesWithoutRerunningDoneJobs() throws {
        let cluster = try Cluster("kill-coordinator")
        try cluster.coordinator()
        for id in ["w1", "w2"] { try cluster.worker(id) }
        var doneBefore: [String] = []
        #expect(cluster.until(seconds: 60) {
            let jobs = (try? Store(path: cluster.store, readOnly: true).jobs()) ?? []
            doneBefore = jobs.filter { $0.state == .done }.map(\.id)
            return doneBefore.count >= 8
        })
        cluster.signal("coordinator", SIGKILL)
        #expect(cluster.wait("coordinator", seconds: 5))
        // What the store held when the coordinator died is what counts as done.
        doneBefore = try Store(path: cluster.store, readOnly: true).jobs().filter { $0.state == .done }.map(\.id)
        #expect(doneBefore.count < 25, "the grid finished before the kill; nothing was tested")
        usleep(500_000)
        try cluster.coordinator(name: "coordinator-2")
        #expect(cluster.wait("coordinator-2", seconds: 120), "resumed coordinator log:\n\(cluster.log("coordinator-2"))")
        #expect(cluster.exitCode("coordinator-2") == 0)
        try expectComplete(cluster)
        let executions = ["w1", "w2"].flatMap(cluster.executions)
        for job in doneBefore {
            #expect(executions.filter { $0 == job }.count == 1, "\(job) was done before the kill and ran again")
        }
        #expect(cluster.log("coordinator-2").contains("\(doneBefore.count) done"), "the resumed coordinator did not see the done jobs")
        #expect(try scores(cluster.store) == referenceScores(), "scores differ from an uninterrupted run")
    }

    @Test func aLateResultAfterALostLeaseIsADuplicate() throws {
        let cluster = try Cluster("late")
        try cluster.coordinator(["--liveness-timeout", "1.5", "--stay"])
        try cluster.worker("slow")
        #expect(cluster.until(seconds: 30) { !cluster.executions("slow").isEmpty })
        // Freeze the worker in the middle of the pretrain: no heartbeats, so it is lost.
        cluster.signal("slow", SIGSTOP)
        try cluster.worker("fast")
        let pretrain = try #require(JobGraph(spec: GridSpec.preset("smoke")).jobs.first).id
        #expect(cluster.until(seconds: 60) {
            (try? Store(path: cluster.store, readOnly: true).jobs().first { $0.id == pretrain }?.state) == .done
        }, "the pretrain was not reassigned: \(cluster.log("coordinator"))")
        cluster.signal("slow", SIGCONT)
        #expect(cluster.until(seconds: 60) {
            ((try? Store(path: cluster.store, readOnly: true).resultCounts().duplicates[pretrain]) ?? 0) >= 1
        }, "the late result was not recorded as a duplicate:\n\(cluster.log("coordinator"))")
        #expect(cluster.until(seconds: 60) { (try? Store(path: cluster.store, readOnly: true).status().counts[.done]) == 25 })
        try expectComplete(cluster)
        cluster.signal("coordinator", SIGTERM)
        #expect(cluster.wait("coordinator", seconds: 10))
        #expect(cluster.log("slow").contains("kept as a duplicate"))
    }

    @Test func aWorkerStoppedWithSIGTERMHandsItsJobBack() throws {
        let cluster = try Cluster("sigterm")
        try cluster.coordinator()
        try cluster.worker("leaving")
        #expect(cluster.until(seconds: 30) { !cluster.executions("leaving").isEmpty })
        cluster.signal("leaving", SIGTERM)
        #expect(cluster.wait("leaving", seconds: 5), "the worker did not stop on SIGTERM")
        #expect(cluster.exitCode("leaving") == 130)
        let pretrain = try #require(JobGraph(spec: GridSpec.preset("smoke")).jobs.first).id
        #expect(cluster.until(seconds: 10) {
            (try? Store(path: cluster.store, readOnly: true).attempts(job: pretrain).first?.outcome) == "worker shutting down (not counted)"
        }, "the job was not handed back: \(cluster.log("coordinator"))")
        try cluster.worker("next")
        #expect(cluster.wait("coordinator", seconds: 120))
        try expectComplete(cluster)
        #expect(try scores(cluster.store) == referenceScores())
    }

    @Test func garbageAndForeignVersionsAreIgnoredWhileRealWorkersAreServed() throws {
        let cluster = try Cluster("garbage")
        try cluster.coordinator()
        let context = try Context()
        let attacker = try context.socket(.dealer)
        try attacker.set(.linger, 0)
        try attacker.connect(cluster.endpoint)
        // A valid HEARTBEAT, re-labelled with the next protocol version (field 1, varint).
        var foreign = try WireCodec().encode(.heartbeat(Heartbeat(sentAtUnixMilliseconds: 1)))
        #expect(foreign[0] == 0x08 && foreign[1] == UInt8(WireCodec.protocolVersion))
        foreign[1] = UInt8(WireCodec.protocolVersion + 1)
        var generator = SystemRandomNumberGenerator()
        for n in 0..<3000 {
            switch n % 3 {
            case 0: try attacker.send([(0..<Int.random(in: 1...200, using: &generator)).map { _ in UInt8.random(in: 0...255, using: &generator) }])
            case 1: try attacker.send([foreign])
            default: try attacker.send([[1, 2, 3], [4, 5, 6]])
            }
        }
        try cluster.worker("w1")
        #expect(cluster.wait("coordinator", seconds: 120), "coordinator log:\n\(cluster.log("coordinator"))")
        try expectComplete(cluster)
        let log = cluster.log("coordinator")
        let lines = log.split(separator: "\n").filter { $0.contains("refused") || $0.contains("ignored") }
        #expect(lines.count >= 2 && lines.count <= 40, "\(lines.count) log lines for 3000 bad messages")
        #expect(log.contains("unsupported") || log.contains("version"), "no line names the wrong version")
    }
}
