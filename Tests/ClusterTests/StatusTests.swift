import Core
import Foundation
import Grid
import Store
import Testing
import Wire

/// `transfergrid status` on a store written as a coordinator writes it: the ETA from the pace of
/// the jobs done (unknown until a finetune is done), the workers' last contact.
@Suite struct StatusTests {
    @Test func theETAWeighsTheJobsLeftByTheirWork() throws {
        let cluster = try Cluster("status")
        let graph = try JobGraph(spec: GridSpec.preset("smoke"))
        let store = try Store(path: cluster.path("s.db"))
        try store.install(graph)
        let now = Date().timeIntervalSince1970
        let pretrain = try #require(graph.jobs.first { $0.kind == .pretrain })
        let baselines = graph.jobs.filter { $0.kind == .evaluate && $0.source == nil }
        let finetunes = graph.jobs.filter { $0.kind == .finetune }
        func done(_ job: GridJob, seconds: Double, at end: Double) -> [StoreWrite] {
            [.attemptStarted(job: job.id, attempt: 1, worker: "w1", at: end - seconds), .attemptEnded(job: job.id, attempt: 1, outcome: "done", at: end),
             .jobState(job: job.id, state: .done, attempts: 1, failure: nil, at: end)]
        }
        // w1 is heard from; w2, recorded alive, has been silent for ten minutes (its slots do not count).
        try store.apply([.workerSeen(id: "w1", host: "h", cores: 2, maxJobs: 2, softwareVersion: "v", blasCore: "Haswell", state: .alive, at: now - 600),
                         .workerHeard(id: "w1", at: now - 30),
                         .workerSeen(id: "w2", host: "h", cores: 4, maxJobs: 4, softwareVersion: "v", blasCore: "Haswell", state: .alive, at: now - 600)]
                        + done(pretrain, seconds: 6.4, at: now - 100) + baselines.flatMap { done($0, seconds: 0.64, at: now - 90) })
        try cluster.start("before", ["status", "--store", "s.db"])
        #expect(cluster.wait("before", seconds: 30) && cluster.exitCode("before") == 0, "\(cluster.log("before"))")
        #expect(cluster.log("before").contains("ETA -- (known once a job of each kind and model left has finished)"), "\(cluster.log("before"))")
        #expect(cluster.log("before").contains("  30 s ago  Haswell") || cluster.log("before").contains("  31 s ago  Haswell"), "\(cluster.log("before"))")
        #expect(cluster.log("before").contains("silent       0     0  10 min 0 s ago  Haswell") || cluster.log("before").contains("silent       0     0  10 min 1 s ago  Haswell"),
                "\(cluster.log("before"))")

        // One finetune done at 0.02 s per example and its four cells at 0.01 s per question: left,
        // 3 finetunes of 6.4 s and 12 cells of 0.64 s, two at a time.
        let first = finetunes[0]
        let cells = graph.jobs.filter { $0.kind == .evaluate && $0.source == first.source }
        try store.apply(done(first, seconds: 6.4, at: now - 50) + cells.flatMap { done($0, seconds: 0.64, at: now - 40) })
        try cluster.start("after", ["status", "--store", "s.db"])
        #expect(cluster.wait("after", seconds: 30) && cluster.exitCode("after") == 0, "\(cluster.log("after"))")
        let seconds = Int(((3 * 6.4 + 12 * 0.64) / 2).rounded())
        #expect(cluster.log("after").contains("ETA \(seconds) s (from the pace of the jobs done, 2 job(s) at a time)"), "\(cluster.log("after"))")
    }
}
