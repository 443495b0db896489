import Hashing
import Core
import Foundation
import Testing
import Grid
@testable import Store

@Suite struct StoreTests {
    func temporaryPath() -> String {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("store-\(UUID().uuidString)")
        return dir.appendingPathComponent("grid.db").path
    }

    @Test func installsOnceAndRefusesAnotherGridWithoutTouchingIt() throws {
        let path = temporaryPath()
        let store = try Store(path: path)
        let graph = try JobGraph(spec: GridSpec.preset("smoke"))
        #expect(try store.install(graph))
        #expect(try !store.install(graph))
        #expect(try store.jobs().count == 25)
        var other = try GridSpec.preset("smoke")
        other.evaluationQuestions = 7
        let otherGraph = try JobGraph(spec: other)
        do {
            try store.install(otherGraph)
            Issue.record("a different grid was accepted")
        } catch {
            #expect(error.code == .gridMismatch)
            #expect(error.message.contains("--replace-grid"))
        }
        #expect(try store.grid()?.hash == graph.hash.hex)
        #expect(try store.jobs().count == 25)
        let aside = try Store.setAside(path)
        #expect(FileManager.default.fileExists(atPath: aside))
        #expect(!FileManager.default.fileExists(atPath: path))
    }

    @Test func appliesWritesAtomicallyAndReportsStatus() throws {
        let store = try Store(path: temporaryPath())
        let graph = try JobGraph(spec: GridSpec.preset("smoke"))
        try store.install(graph)
        let eval = try #require(graph.jobs.first { $0.kind == .evaluate })
        let bits = CorrectnessBits([true, false, true])
        try store.apply([
            .workerSeen(id: "w1", host: "h", cores: 2, maxJobs: 1, softwareVersion: "0.1.0", blasCore: "Haswell", state: .alive, at: 1),
            .attemptStarted(job: eval.id, attempt: 1, worker: "w1", at: 1),
            .evaluation(job: eval.id, attempt: 1, worker: "w1", correctness: bits, durationMs: 3, at: 2),
            .attemptEnded(job: eval.id, attempt: 1, outcome: "done", at: 2),
            .jobState(job: eval.id, state: .done, attempts: 1, failure: nil, at: 2),
            .workerJobDone(id: "w1"),
            .workerHeard(id: "w1", at: 7),
            .workerHeard(id: "w1", at: 5),
        ])
        let status = try store.status()
        #expect(status.counts[.done] == 1)
        #expect(status.counts[.pending] == 24)
        #expect(status.workers.first?.jobsDone == 1)
        #expect(status.workers.first?.lastSeen == 7, "last seen is the latest contact, whatever the order of the writes")
        #expect(status.workers.first?.slots == 1 && status.liveSlots(at: 7 + StoreStatus.silenceLimit) == 1)
        #expect(status.liveSlots(at: 8 + StoreStatus.silenceLimit) == 0, "a worker not heard from for longer is silent")
        let evaluations = try store.evaluations()
        #expect(evaluations.count == 1)
        #expect(evaluations.first?.correct == 2)
        #expect(evaluations.first?.correctness == bits.packed)
        // A failing write rolls the whole turn back: a second result for the same job violates
        // the results table's key.
        #expect(throws: StoreError.self) {
            try store.apply([
                .jobState(job: eval.id, state: .failed, attempts: 9, failure: "x", at: 3),
                .evaluation(job: eval.id, attempt: 2, worker: "w1", correctness: bits, durationMs: 3, at: 3),
            ])
        }
        #expect(try store.status().counts[.done] == 1, "the rolled-back turn changed a job")
    }

    /// The makings of the time left: done attempts' durations (a failed attempt's not), running
    /// attempts' starts, and the finished jobs.
    @Test func jobTimesAreTheDoneAttemptsAndTheRunningOnes() throws {
        let store = try Store(path: temporaryPath())
        let graph = try JobGraph(spec: GridSpec.preset("smoke"))
        try store.install(graph)
        let (a, b, c) = (graph.jobs[0].id, graph.jobs[1].id, graph.jobs[2].id)
        try store.apply([
            .attemptStarted(job: a, attempt: 1, worker: "w1", at: 10),
            .attemptEnded(job: a, attempt: 1, outcome: "worker lost (silent 4500 ms)", at: 30),
            .attemptStarted(job: a, attempt: 2, worker: "w2", at: 31),
            .attemptEnded(job: a, attempt: 2, outcome: "done", at: 36.5),
            .jobState(job: a, state: .done, attempts: 2, failure: nil, at: 36.5),
            .attemptStarted(job: b, attempt: 1, worker: "w2", at: 40),
            .jobState(job: c, state: .failed, attempts: 3, failure: "boom", at: 41),
        ])
        #expect(try store.jobTimes() == JobTimes(took: [a: 5.5], runningSince: [b: 40], finished: [a, c]))
    }

    /// A job taken from another store has no attempt here: its time is the one it took there
    /// (`--results-from`), in the same transaction as the job; a job run here keeps its own.
    /// Status's completion times and rate are of the jobs done here.
    @Test func aTakenJobsTimeIsTheOneItTookElsewhere() throws {
        let store = try Store(path: temporaryPath())
        let graph = try JobGraph(spec: GridSpec.preset("smoke"))
        try store.install(graph)
        let cell = graph.jobs.first { $0.kind == .evaluate }!.id, other = graph.jobs.last!.id
        let bits = try CorrectnessBits(packed: [0b101], count: 3)
        try store.adopt(job: cell, evaluation: StoredEvaluation(job: cell, model: "small", seed: 0, source: nil, target: "AS", correct: 2,
                                                               total: 3, correctness: bits.packed, worker: "w9", attempt: 1), took: 4.25)
        try store.apply([
            .attemptStarted(job: other, attempt: 1, worker: "w1", at: 10),
            .attemptEnded(job: other, attempt: 1, outcome: "done", at: 12),
            .jobState(job: other, state: .done, attempts: 1, failure: nil, at: 12),
            .tookElsewhere(job: other, seconds: 99),
        ])
        #expect(try store.jobTimes().took == [cell: 4.25, other: 2])
        // Nor does the taken job count in status's rate: it was done elsewhere, not at the moment it was taken.
        #expect(try store.status().firstDone == 12 && store.status().lastDone == 12)
    }

    @Test func recordsTheGridsBLASCoreOnceAndEachWorkers() throws {
        let path = temporaryPath()
        let store = try Store(path: path)
        try store.install(try JobGraph(spec: GridSpec.preset("smoke")))
        #expect(try store.blasCore() == nil)
        #expect(try store.status().blasCore == nil)
        try store.apply([
            .workerSeen(id: "w1", host: "h", cores: 2, maxJobs: 1, softwareVersion: "v", blasCore: "Cooperlake", state: .alive, at: 1),
            .blasCorePinned("Cooperlake"),
        ])
        try store.apply([.blasCorePinned("Haswell")])
        #expect(try store.blasCore() == "Cooperlake", "the pin was overwritten")
        // A lost worker's row keeps its family.
        try store.apply([.workerSeen(id: "w1", host: "h", cores: 0, maxJobs: 1, softwareVersion: "", blasCore: "", state: .lost, at: 2)])
        let reopened = try Store(path: path, readOnly: true)
        #expect(try reopened.blasCore() == "Cooperlake")
        #expect(try reopened.status().blasCore == "Cooperlake")
        #expect(try reopened.status().workers.map(\.blasCore) == ["Cooperlake"])
    }

    /// `--rerun-failed`: failed jobs get a fresh attempt budget and the jobs they blocked go back
    /// to pending with them; a leased job stays leased (its worker may claim it).
    @Test func resetsFailuresAndTheJobsTheyBlocked() throws {
        let store = try Store(path: temporaryPath())
        let graph = try JobGraph(spec: GridSpec.noop(count: 3))
        try store.install(graph)
        try store.apply([
            .attemptStarted(job: graph.jobs[0].id, attempt: 1, worker: "w", at: 1),
            .jobState(job: graph.jobs[0].id, state: .leased, attempts: 1, failure: nil, at: 1),
            .jobState(job: graph.jobs[1].id, state: .failed, attempts: 3, failure: "boom", at: 1),
            .jobState(job: graph.jobs[2].id, state: .blocked, attempts: 0, failure: "blocked: \(graph.jobs[1].id) failed", at: 1),
        ])
        let status = try store.status()
        #expect(status.failures.first?.reason == "boom")
        #expect(status.blocked.map(\.jobs) == [1] && status.blocked.first?.reason == "blocked: \(graph.jobs[1].id) failed")
        #expect(try store.resetFailed() == 1)
        #expect(try store.jobs().map(\.state) == [.leased, .pending, .pending])
        #expect(try store.jobs()[1].attempts == 0)
    }

    /// One coordinator per store: a second `open(for:)` is refused at once, naming the holder;
    /// readers are not held back; once the first is gone the store opens again.
    @Test func aSecondCoordinatorOnAStoreIsRefusedAtOnce() throws {
        let path = temporaryPath()
        let graph = try JobGraph(spec: GridSpec.noop(count: 2))
        var first: Store? = try Store.open(for: graph, path: path, replaceGrid: false, rerunFailed: false).store
        do {
            _ = try Store.open(for: graph, path: path, replaceGrid: false, rerunFailed: true)
            Issue.record("a second coordinator opened the store")
        } catch {
            #expect(error.code == .locked)
            #expect(error.message.contains("another coordinator serves \(path) (pid \(getpid()) on"), "\(error.message)")
        }
        #expect(try Store(path: path, readOnly: true).status().total == 2)
        #expect(first?.lock != nil)
        first = nil
        #expect(try Store.open(for: graph, path: path, replaceGrid: false, rerunFailed: false).store.lock != nil)
    }

    /// `backup`: the copy holds the same jobs and every referenced artifact (checked); a second
    /// backup into the same folder copies nothing again; a damaged artifact is refused, naming
    /// the file, and the earlier backup stays whole.
    @Test func aBackupIsConsistentIncrementalAndRefusesADamagedArtifact() throws {
        let path = temporaryPath()
        let graph = try JobGraph(spec: GridSpec.preset("smoke"))
        let store = try Store.open(for: graph, path: path, replaceGrid: false, rerunFailed: false).store
        let pretrain = try #require(graph.jobs.first { $0.kind == .pretrain })
        let bytes = Array("a base checkpoint".utf8)
        let file = path + ".base"
        try Data(bytes).write(to: URL(fileURLWithPath: file))
        let ref = ArtifactRef(role: .baseCheckpoint, digest: SHA256Digest.of(bytes), sizeBytes: UInt64(bytes.count))
        try store.adopt(job: pretrain.id, artifact: ref, finalLoss: 0.5, from: file)
        let folder = path + ".backup"
        let first = try store.backup(to: folder)
        #expect(first.jobsDone == 1 && first.artifacts == 1 && first.copied == 1 && first.copiedBytes == UInt64(bytes.count))
        let copy = try Store(path: first.path, readOnly: true)
        #expect(try copy.jobs().map(\.state) == store.jobs().map(\.state))
        #expect(FileManager.default.contents(atPath: copy.artifactPath(ref.digest)) == Data(bytes))
        #expect(try store.backup(to: folder).copied == 0, "the artifact is there already")
        try Data("a bit flipped".utf8).write(to: URL(fileURLWithPath: store.artifactPath(ref.digest)))
        try FileManager.default.removeItem(atPath: copy.artifactPath(ref.digest))
        do {
            _ = try store.backup(to: folder)
            Issue.record("a damaged artifact was backed up")
        } catch {
            #expect(error.code == .corrupt && error.message.contains(store.artifactPath(ref.digest)), "\(error.message)")
        }
        #expect(try Store(path: first.path, readOnly: true).jobs().count == graph.jobs.count, "the earlier backup is whole")
    }

    /// Workers come and go by the thousand on a long grid: the store keeps every live worker
    /// and only the latest lost ones.
    @Test func theWorkerTableKeepsTheLiveWorkersAndTheLatestLostOnes() throws {
        let store = try Store(path: temporaryPath())
        try store.install(JobGraph(spec: GridSpec.noop(count: 1)))
        try store.apply([.workerSeen(id: "steady", host: "h", cores: 2, maxJobs: 1, softwareVersion: "v", blasCore: "Haswell", state: .alive, at: 0)])
        for n in 0..<(Store.lostWorkersKept + 50) {
            try store.apply([.workerSeen(id: "w\(n)", host: "h", cores: 2, maxJobs: 1, softwareVersion: "v", blasCore: "Haswell", state: .alive, at: Double(n)),
                             .workerSeen(id: "w\(n)", host: "h", cores: 0, maxJobs: 1, softwareVersion: "", blasCore: "", state: .lost, at: Double(n) + 0.5)])
        }
        let workers = try store.status().workers
        #expect(workers.count == Store.lostWorkersKept + 1)
        #expect(workers.contains { $0.id == "steady" } && workers.contains { $0.id == "w149" } && !workers.contains { $0.id == "w0" })
    }

    @Test func aMissingStoreIsAClearErrorForReaders() {
        do {
            _ = try Store(path: "/nonexistent/x.db", readOnly: true)
            Issue.record("opened a missing store")
        } catch {
            #expect(error.message.contains("there is no store"))
        }
    }
}
