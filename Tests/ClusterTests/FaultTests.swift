import Core
import Foundation
import Grid
import Store
import Testing

/// The faults of real clusters, end to end with real processes on loopback: a coordinator
/// killed during a long job and the job's worker keeping it, a job that fails for good and
/// the grid ending incomplete, a second coordinator on one store.
@Suite(.serialized) struct FaultTests {
    /// Two tasks of `smoke` (9 jobs) with a pretraining of `steps` steps and finetunes of
    /// `finetuneSteps`, long enough to kill a process during them.
    static func longPretrain(steps: Int, finetuneSteps: Int = 20) -> String {
        """
        name: long-pretrain
        models: [small]
        seeds: [0]
        tasks: [AS, RD]
        pretrain: {steps: \(steps), batch: 16, learning_rate: 1e-3, warmup: 10, weight_decay: 1e-2, grad_clip: 1, lora_rank: 8, lora_alpha: 16}
        finetune: {steps: \(finetuneSteps), batch: 16, learning_rate: 2e-3, warmup: 5, weight_decay: 1e-2, grad_clip: 1, lora_rank: 8, lora_alpha: 16}
        evaluation_questions: 64
        """
    }

    func grid(_ cluster: Cluster, steps: Int = 200, finetuneSteps: Int = 20) throws -> String {
        let path = cluster.path("grid.yaml")
        try Self.longPretrain(steps: steps, finetuneSteps: finetuneSteps).write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    func pretrainID(_ cluster: Cluster) throws -> String {
        try #require(JobGraph(spec: GridSpec.load(path: grid(cluster))).jobs.first { $0.kind == .pretrain }).id
    }

    /// The coordinator dies (SIGKILL) while a worker runs a long finetune; a new one starts on
    /// the store. The worker re-registers holding the job, the coordinator re-adopts it (same
    /// attempt), and the worker's execution log shows the finetune started once.
    @Test func aCoordinatorKilledDuringALongFinetuneLeavesItWithItsWorker() throws {
        let cluster = try Cluster("inflight")
        let grid = try grid(cluster, finetuneSteps: 400)
        let finetunes = Set(try JobGraph(spec: GridSpec.load(path: grid)).jobs.filter { $0.kind == .finetune }.map(\.id))
        try cluster.start("coordinator", ["coordinator", "--grid", grid, "--store", cluster.store, "--bind", cluster.endpoint])
        try cluster.worker("w1")
        #expect(cluster.until(seconds: 60) { cluster.executions("w1").contains { finetunes.contains($0) } })
        let finetune = try #require(cluster.executions("w1").first { finetunes.contains($0) })
        usleep(300_000)
        cluster.signal("coordinator", SIGKILL)
        #expect(cluster.wait("coordinator", seconds: 5))
        #expect(try Store(path: cluster.store, readOnly: true).jobs().first { $0.id == finetune }?.state == .leased,
                "the finetune ended before the kill; nothing was tested")
        usleep(500_000)
        try cluster.start("coordinator-2", ["coordinator", "--grid", grid, "--store", cluster.store, "--bind", cluster.endpoint])
        #expect(cluster.wait("coordinator-2", seconds: 180), "resumed coordinator log:\n\(cluster.log("coordinator-2"))")
        #expect(cluster.exitCode("coordinator-2") == 0, "\(cluster.log("coordinator-2"))")
        #expect(cluster.executions("w1").filter { $0 == finetune }.count == 1, "the finetune started again: \(cluster.executions("w1"))")
        #expect(cluster.log("coordinator-2").contains("re-adopted attempt 1"), "\(cluster.log("coordinator-2"))")
        let attempts = try Store(path: cluster.store, readOnly: true).attempts(job: finetune)
        #expect(attempts.map(\.outcome) == ["done"], "\(attempts)")
    }

    /// With `--max-attempts 1`, the pretraining's worker is killed: the job fails, its
    /// dependents are blocked naming it, the coordinator ends with a non-zero exit and says
    /// why, `status` shows the blocked jobs, and `--rerun-failed` runs them all.
    @Test func aJobThatFailsForGoodEndsTheGridIncompleteAndRerunFailedBringsItBack() throws {
        let cluster = try Cluster("blocked")
        let grid = try grid(cluster)
        let pretrain = try pretrainID(cluster)
        let coordinator = ["coordinator", "--grid", grid, "--store", cluster.store, "--bind", cluster.endpoint, "--liveness-timeout", "1.5"]
        try cluster.start("coordinator", coordinator + ["--max-attempts", "1"])
        try cluster.worker("doomed")
        #expect(cluster.until(seconds: 30) { cluster.executions("doomed").contains(pretrain) })
        cluster.signal("doomed", SIGKILL)
        #expect(cluster.wait("coordinator", seconds: 30), "the coordinator did not end: \(cluster.log("coordinator"))")
        #expect(cluster.exitCode("coordinator") != 0)
        #expect(cluster.log("coordinator").contains("the grid ended incomplete"), "\(cluster.log("coordinator"))")
        try cluster.start("status", ["status", "--store", cluster.store])
        #expect(cluster.wait("status", seconds: 30))
        let status = cluster.log("status")
        #expect(status.contains("blocked 8") && status.contains("8 job(s) blocked: \(pretrain) failed"), "\(status)")
        #expect(status.contains("ended incomplete: 1 failed, 8 blocked"), "\(status)")
        try cluster.start("coordinator-2", coordinator + ["--rerun-failed"])
        try cluster.worker("next")
        #expect(cluster.wait("coordinator-2", seconds: 180), "\(cluster.log("coordinator-2"))")
        #expect(cluster.exitCode("coordinator-2") == 0, "\(cluster.log("coordinator-2"))")
        #expect(try Store(path: cluster.store, readOnly: true).status().counts[.done] == 9)
    }

    /// A second coordinator on a store that one serves is refused at once (the store's lock),
    /// and the first goes on to complete the grid.
    @Test func aSecondCoordinatorOnTheSameStoreIsRefused() throws {
        let cluster = try Cluster("second")
        let grid = try grid(cluster)
        try cluster.start("coordinator", ["coordinator", "--grid", grid, "--store", cluster.store, "--bind", cluster.endpoint])
        #expect(cluster.until(seconds: 30) { cluster.log("coordinator").contains("listening on") })
        try cluster.start("second", ["coordinator", "--grid", grid, "--store", cluster.store, "--bind", "tcp://127.0.0.1:\(Cluster.freePort())"])
        #expect(cluster.wait("second", seconds: 10), "the second coordinator was not refused")
        #expect(cluster.exitCode("second") != 0)
        #expect(cluster.log("second").contains("another coordinator serves \(cluster.store) (pid"), "\(cluster.log("second"))")
        try cluster.worker("w1")
        #expect(cluster.wait("coordinator", seconds: 180), "\(cluster.log("coordinator"))")
        #expect(cluster.exitCode("coordinator") == 0)
        #expect(try Store(path: cluster.store, readOnly: true).status().counts[.done] == 9)
    }

    /// The base checkpoint is damaged at rest in the coordinator's artifact folder while the
    /// coordinator is down: the next coordinator sets it aside, runs the pretraining again (the
    /// same bits: the same digest), keeps every cell committed before, and ends with the scores
    /// of an undisturbed run.
    @Test func anArtifactDamagedAtRestIsRemadeAndNoCommittedCellIsLost() throws {
        let clean = try Cluster("rot-clean")
        let cleanGrid = try grid(clean)
        try clean.start("coordinator", ["coordinator", "--grid", cleanGrid, "--store", clean.store, "--bind", clean.endpoint])
        try clean.worker("solo")
        #expect(clean.wait("coordinator", seconds: 180))
        let reference = try Store(path: clean.store, readOnly: true).evaluations().map { [$0.job: $0.correctness] }

        let cluster = try Cluster("rot")
        let grid = try grid(cluster)
        let pretrain = try pretrainID(cluster)
        let coordinator = ["coordinator", "--grid", grid, "--store", cluster.store, "--bind", cluster.endpoint]
        try cluster.start("coordinator", coordinator)
        try cluster.worker("w1")
        #expect(cluster.until(seconds: 60) { ((try? Store(path: cluster.store, readOnly: true).status().counts[.done]) ?? 0) >= 2 })
        cluster.signal("coordinator", SIGTERM)
        #expect(cluster.wait("coordinator", seconds: 10))
        cluster.signal("w1", SIGKILL)
        let store = try Store(path: cluster.store, readOnly: true)
        let doneBefore = try store.jobs().filter { $0.state == .done && $0.id != pretrain }.map(\.id)
        let base = try #require(store.jobs().first { $0.id == pretrain }?.output)
        let file = store.artifactPath(base.digest)
        var bytes = try #require(FileManager.default.contents(atPath: file))
        bytes[bytes.count / 2] ^= 0x01
        try bytes.write(to: URL(fileURLWithPath: file))

        try cluster.start("coordinator-2", coordinator)
        try cluster.worker("w2")
        #expect(cluster.wait("coordinator-2", seconds: 180), "\(cluster.log("coordinator-2"))")
        #expect(cluster.log("coordinator-2").contains("no longer hashes to its name: set aside"), "\(cluster.log("coordinator-2"))")
        #expect(FileManager.default.fileExists(atPath: file + ".damaged"))
        #expect(cluster.executions("w1").filter { $0 == pretrain }.count == 1 && cluster.executions("w2").filter { $0 == pretrain }.count == 1)
        for job in doneBefore { #expect(!cluster.executions("w2").contains(job), "\(job) was committed before and ran again") }
        let after = try Store(path: cluster.store, readOnly: true)
        #expect(try after.jobs().first { $0.id == pretrain }?.output?.digest == base.digest, "the pretraining made the same bits again")
        #expect(try after.evaluations().map { [$0.job: $0.correctness] } == reference, "scores differ from an undisturbed run")
    }

    /// `backup` of a running grid's store: a coordinator started on the copy resumes it
    /// without running again any job done in the copy (no training twice), and completes it.
    @Test func aBackupOfARunningGridResumesWithoutRunningTrainingAgain() throws {
        let cluster = try Cluster("backup")
        let grid = try grid(cluster)
        try cluster.start("coordinator", ["coordinator", "--grid", grid, "--store", cluster.store, "--bind", cluster.endpoint])
        try cluster.worker("w1")
        #expect(cluster.until(seconds: 60) {
            ((try? Store(path: cluster.store, readOnly: true).status().byKind["finetune"]?.done) ?? 0) >= 1
        })
        try cluster.start("backup", ["backup", "--store", cluster.store, "--to", cluster.path("copy")])
        #expect(cluster.wait("backup", seconds: 60) && cluster.exitCode("backup") == 0, "\(cluster.log("backup"))")
        #expect(cluster.log("backup").contains("backed up \(cluster.store) to \(cluster.path("copy"))/grid.db"), "\(cluster.log("backup"))")
        cluster.signal("coordinator", SIGKILL)
        cluster.signal("w1", SIGKILL)
        let copy = cluster.path("copy/grid.db")
        let done = try Store(path: copy, readOnly: true).jobs().filter { $0.state == .done }.map(\.id)
        #expect(done.contains(try pretrainID(cluster)))
        let port = Cluster.freePort()
        try cluster.start("restored", ["coordinator", "--grid", grid, "--store", copy, "--bind", "tcp://127.0.0.1:\(port)"])
        try cluster.start("w2", ["worker", "--connect", "tcp://127.0.0.1:\(port)", "--id", "w2", "--cache-dir", cluster.path("cache-w2"),
                                 "--execution-log", cluster.path("exec-w2.log")])
        #expect(cluster.wait("restored", seconds: 180), "\(cluster.log("restored"))")
        #expect(cluster.exitCode("restored") == 0, "\(cluster.log("restored"))")
        for job in done { #expect(!cluster.executions("w2").contains(job), "\(job) was done in the backup and ran again") }
        #expect(try Store(path: copy, readOnly: true).status().counts[.done] == 9)
    }

    /// A worker killed and started again under the same id at once (well within the liveness
    /// timeout): its new process holds none of the old one's jobs, so the job goes back when
    /// the new process registers, not when the 30 s lease expires.
    @Test func aWorkerRestartedUnderItsIdGivesItsOldJobBackAtOnce() throws {
        let cluster = try Cluster("same-id")
        let grid = try grid(cluster, steps: 400)
        let pretrain = try pretrainID(cluster)
        try cluster.start("coordinator", ["coordinator", "--grid", grid, "--store", cluster.store, "--bind", cluster.endpoint,
                                          "--liveness-timeout", "60"])
        try cluster.worker("w1")
        #expect(cluster.until(seconds: 30) { cluster.executions("w1").contains(pretrain) })
        cluster.signal("w1", SIGKILL)
        #expect(cluster.wait("w1", seconds: 5))
        let killed = Date()
        try cluster.worker("w1", name: "w1-again")
        #expect(cluster.until(seconds: 20) { cluster.executions("w1").filter { $0 == pretrain }.count == 2 },
                "the job did not come back: \(cluster.log("coordinator").suffix(1500))")
        let delay = Date().timeIntervalSince(killed)
        #expect(delay < 10, "the job came back after \(delay) s: at its lease's expiry, not at the new registration")
        #expect(try Store(path: cluster.store, readOnly: true).attempts(job: pretrain).first?.outcome?.contains("restarted without it") == true)
        #expect(cluster.wait("coordinator", seconds: 180))
        #expect(cluster.exitCode("coordinator") == 0)
    }
}
