import Foundation
import Grid
import Store
import Testing

extension RunnerTests {
    /// A worker stopped (SIGSTOP) in the middle of a runner's finetune is declared lost and the
    /// job goes to another worker; when the first one wakes up, its progress is answered
    /// RELEASED and it kills its runner's process group (the child too), so the finetune's GPU
    /// is free again. The grid ends with one result per cell.
    @Test func aReleasedAttemptKillsItsRunnersProcessGroup() throws {
        let cluster = try Cluster("runner-released")
        try Self.grid("released", models: ["slow"], runners: ["slow": RunnerModel(base: "Toy/Released-1B")], tasks: ["AS"])
            .write(toFile: cluster.path("grid.yaml"), atomically: true, encoding: .utf8)
        try cluster.start("coordinator", ["coordinator", "--grid", cluster.path("grid.yaml"), "--store", cluster.store, "--bind", cluster.endpoint,
                                          "--liveness-timeout", "2"])
        let script = try Self.runner(cluster)
        let runner = ["--no-engine", "--runner", "slow=python3 \(script) slow"]
        try cluster.worker("sleeper", runner)
        #expect(cluster.until(seconds: 60) { cluster.executions("sleeper").contains { $0.contains(".finetune.") } })
        Thread.sleep(forTimeInterval: 1.5)
        cluster.signal("sleeper", SIGSTOP)
        try cluster.worker("taker", runner)
        #expect(cluster.until(seconds: 60) { cluster.executions("taker").contains { $0.contains(".finetune.") } }, "\(cluster.log("coordinator").suffix(2000))")
        cluster.signal("sleeper", SIGCONT)
        #expect(cluster.until(seconds: 30) { cluster.log("sleeper").contains("released by the coordinator") }, "\(cluster.log("sleeper").suffix(2000))")
        let pidFiles = try FileManager.default.subpathsOfDirectory(atPath: cluster.path("cache-sleeper/jobs")).filter { $0.hasSuffix("child.pid") }
        #expect(pidFiles.count == 1)
        for file in pidFiles {
            let pid = try #require(Int32(String(contentsOfFile: cluster.path("cache-sleeper/jobs/\(file)"), encoding: .utf8)))
            #expect(cluster.until(seconds: 10) { !Self.running(pid) }, "the released runner's child \(pid) kept running")
        }
        #expect(cluster.wait("coordinator", seconds: 120), "\(cluster.log("coordinator").suffix(2000))")
        let (results, _) = try Store(path: cluster.store, readOnly: true).resultCounts()
        #expect(results.count == 2 && results.values.allSatisfy { $0 == 1 }, "\(results)")
    }
}
