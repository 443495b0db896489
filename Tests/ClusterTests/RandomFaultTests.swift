import Core
import Foundation
import Grid
import Store
import Testing

/// Faults together: for a fixed time, SIGKILLs of the coordinator and of workers at seeded
/// random moments, each restarted with the same command; then the grid must end, complete, with
/// one committed result per cell, every cell bit for bit an undisturbed run's. `make test` runs
/// 20 s of it; `make soak` runs longer ones (`TRANSFERGRID_CHAOS_SECONDS`, `TRANSFERGRID_CHAOS_SEED`).
@Suite(.serialized) struct RandomFaultTests {
    /// `smoke` with a seed per 10 s of faults (two at least: 2 pretrainings, 8 finetunes, 40
    /// cells), so that the grid outlasts the faults.
    static var seedCount: Int { max(2, Int(seconds / 10)) }
    static var grid: String {
        """
        name: chaos
        models: [small]
        seeds: [\((0..<seedCount).map(String.init).joined(separator: ", "))]
        tasks: [AS, RD, JG, CN]
        pretrain: {steps: 120, batch: 16, learning_rate: 1e-3, warmup: 10, weight_decay: 1e-2, grad_clip: 1, lora_rank: 8, lora_alpha: 16}
        finetune: {steps: 40, batch: 16, learning_rate: 2e-3, warmup: 5, weight_decay: 1e-2, grad_clip: 1, lora_rank: 8, lora_alpha: 16}
        evaluation_questions: 64
        """
    }
    /// Attempts per job: a seeded run kills each job's worker a few times at most.
    static let maxAttempts = 20

    static var seconds: Double { Double(ProcessInfo.processInfo.environment["TRANSFERGRID_CHAOS_SECONDS"] ?? "") ?? 20 }
    static var seed: UInt64 { UInt64(ProcessInfo.processInfo.environment["TRANSFERGRID_CHAOS_SEED"] ?? "") ?? 1 }

    func cells(_ store: String) throws -> [String: [UInt8]] {
        Dictionary(uniqueKeysWithValues: try Store(path: store, readOnly: true).evaluations().map { ($0.job, $0.correctness) })
    }

    @Test func randomKillsOfEveryProcessLoseNothingAndChangeNoBit() throws {
        let clean = try Cluster("chaos-clean")
        try Self.grid.write(toFile: clean.path("grid.yaml"), atomically: true, encoding: .utf8)
        try clean.start("coordinator", ["coordinator", "--grid", clean.path("grid.yaml"), "--store", clean.store, "--bind", clean.endpoint])
        try clean.worker("solo")
        #expect(clean.wait("coordinator", seconds: 300))
        let reference = try cells(clean.store)
        #expect(reference.count == 20 * Self.seedCount)

        let cluster = try Cluster("chaos")
        try Self.grid.write(toFile: cluster.path("grid.yaml"), atomically: true, encoding: .utf8)
        let coordinator = ["coordinator", "--grid", cluster.path("grid.yaml"), "--store", cluster.store, "--bind", cluster.endpoint,
                           "--liveness-timeout", "1.5", "--max-attempts", "\(Self.maxAttempts)"]
        let workers = ["w1", "w2", "w3"]
        var starts: [String: Int] = [:]
        func start(_ name: String) throws {
            starts[name, default: 0] += 1
            if name == "coordinator" {
                try cluster.start("coordinator", coordinator)
            } else {
                try cluster.start(name, ["worker", "--connect", cluster.endpoint, "--id", name, "--cache-dir", cluster.path("cache-\(name)"),
                                         "--execution-log", cluster.path("exec-\(name).log")])
            }
        }
        for name in ["coordinator"] + workers { try start(name) }
        var random = RandomSource(seed: Self.seed)
        let end = Date().addingTimeInterval(Self.seconds)
        var kills: [String] = []
        while Date() < end, cluster.exitCode("coordinator") != 0 {
            usleep(UInt32(200_000 + random.next() % 1_800_000))
            let victim = random.next() % 4 == 0 ? "coordinator" : workers[Int(random.next() % 3)]
            cluster.signal(victim, SIGKILL)
            _ = cluster.wait(victim, seconds: 5)
            kills.append(victim)
            usleep(UInt32(random.next() % 1_000_000))
            try start(victim)
        }
        let faults = Date().timeIntervalSince(end) + Self.seconds
        // Calm: every process up, until the grid ends.
        for name in ["coordinator"] + workers where cluster.processes[name]?.isRunning != true { try start(name) }
        #expect(cluster.wait("coordinator", seconds: 300), "the grid did not end after \(kills.count) kills: \(cluster.log("coordinator").suffix(2000))")
        for name in workers { cluster.signal(name, SIGTERM) }
        #expect(cluster.exitCode("coordinator") == 0, "\(cluster.log("coordinator").suffix(2000))")
        let store = try Store(path: cluster.store, readOnly: true)
        #expect(try store.status().counts[.done] == 25 * Self.seedCount)
        let (results, _) = try store.resultCounts()
        #expect(results.count == 20 * Self.seedCount && results.values.allSatisfy { $0 == 1 }, "\(results)")
        #expect(try cells(cluster.store) == reference, "cells differ from an undisturbed run")
        print("chaos: seed \(Self.seed), faults for \(Int(faults)) s (\(Int(Self.seconds)) s asked), \(25 * Self.seedCount) jobs, max attempts \(Self.maxAttempts): \(kills.count) kills "
            + "(coordinator \(kills.filter { $0 == "coordinator" }.count), workers \(kills.filter { $0 != "coordinator" }.count)); "
            + "\(try store.resultCounts().duplicates.values.reduce(0, +)) duplicate result(s) recorded, none counted")
    }
}
