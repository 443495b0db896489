import Hashing
import Core
import Testing
@testable import Scheduling
import Grid
import Transfer
import Wire

/// The data-selection stage in the scheduler: a selection finetune waits for its target's
/// column, and its mixture is chosen from that column's scores when it is assigned.
@Suite struct SelectionStageTests {
    var spec: GridSpec {
        var spec = try! GridSpec.preset("smoke")
        spec.selection = SelectionStage(targets: ["RD"], threshold: 0)
        spec.evaluationQuestions = 4
        return spec
    }

    /// Correct answers out of 4 on RD: baseline 2 (0.5); AS -> RD 3 (PGF 0.5), JG -> RD 4 (1.0),
    /// CN -> RD 1 (-0.5); everything else 2.
    func correct(_ id: String) -> Int {
        if id.hasSuffix(".AS.RD") { return 3 }
        if id.hasSuffix(".JG.RD") { return 4 }
        if id.hasSuffix(".CN.RD") { return 1 }
        return 2
    }

    @Test func mixturesComeFromTheTargetColumn() throws {
        var h = try SchedulerHarness(spec)
        h.ready("w1", slots: 2)
        var done: Set<String> = []
        var specs: [String: JobSpec] = [:]
        let graph = try JobGraph(spec: spec)
        while !h.scheduler.isComplete {
            let assigned = h.takeAssignments("w1")
            #expect(!assigned.isEmpty, "nothing assigned with \(h.scheduler.counts)")
            if assigned.isEmpty { break }
            for a in assigned {
                let job = try #require(graph.jobs.first { $0.id == a.job.id })
                for dependency in job.dependencies { #expect(done.contains(dependency), "\(a.job.id) ran before \(dependency)") }
                try a.job.validate()
                specs[a.job.id] = a.job
                if a.job.kind == .evaluate {
                    _ = h.from("w1", SchedulerHarness.evaluation(a, correct: correct(a.job.id), of: 4))
                } else {
                    h.complete("w1", a)
                }
                done.insert(a.job.id)
            }
        }
        func job(_ suffix: String) throws -> JobSpec { try #require(specs.first { $0.key.hasSuffix(suffix) }?.value, "\(suffix)") }
        let equal = try job(".finetune.small.s0.EQ-RD")
        #expect(equal.mixture == [.jigsaw, .artStyle] && equal.mixtureWeights.isEmpty)
        let weighted = try job(".finetune.small.s0.PW-RD")
        #expect(weighted.mixture == [.jigsaw, .artStyle] && weighted.mixtureWeights == [1.0, 0.5])
        let random = try job(".finetune.small.s0.RND-RD")
        #expect(random.mixture.count == 2 && !random.mixture.contains(.relativeDepth) && Set(random.mixture).count == 2)
        // Each score of a selection adapter names the same mixture as its finetune.
        #expect(try job(".eval.small.s0.EQ-RD.RD").mixture == equal.mixture)
        #expect(try job(".eval.small.s0.PW-RD.RD").mixtureWeights == weighted.mixtureWeights)
        #expect(try job(".eval.small.s0.RND-RD.RD").mixture == random.mixture)
    }

    @Test func aResumedSchedulerChoosesTheSameMixtureFromStoredScores() throws {
        let graph = try JobGraph(spec: spec)
        // Everything but the selection stage done, scores as above, as a restarted coordinator
        // would load them from the store.
        let artifacts = Set(graph.jobs.filter { $0.kind != .evaluate && $0.selection == nil }.map { SHA256Digest.of($0.id) })
        let rows = graph.jobs.map { job -> StoredJob in
            let done = job.selection == nil
            let digest = job.kind == .evaluate ? nil : SHA256Digest.of(job.id)
            return StoredJob(id: job.id, state: done ? .done : .pending, attempts: done ? 1 : 0, output: done ? digest.map {
                                 ArtifactRef(role: job.kind == .pretrain ? .baseCheckpoint : .loraAdapter, digest: $0, sizeBytes: 10)
                             } : nil)
        }
        let scores = Dictionary(uniqueKeysWithValues: graph.jobs.filter { $0.kind == .evaluate && $0.selection == nil }.map {
            ($0.id, Counts(correct: correct($0.id), total: 4))
        })
        var h = SchedulerHarness(scheduler: Scheduler(graph: graph, stored: rows, artifacts: artifacts, scores: scores))
        h.ready("w1", slots: 3)
        let assigned = h.takeAssignments("w1")
        let equal = try #require(assigned.first { $0.job.id.hasSuffix(".EQ-RD") })
        #expect(equal.job.mixture == [.jigsaw, .artStyle])
    }
}
