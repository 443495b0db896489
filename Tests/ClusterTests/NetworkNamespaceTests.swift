import Core
import Foundation
import Testing
import Grid
import Store
import Wire

/// The grid across machines: a coordinator and three workers, each on its own network
/// namespace "host", over TCP; one worker host's link is cut in the middle of a job for longer
/// than the liveness timeout, then restored. Skipped, with the reason shown, where namespaces
/// cannot be made (not root, no iproute2, a container that forbids them).
@Suite(.serialized) struct NetworkNamespaceTests {
    @Test(.enabled(if: NetworkHosts.available, "needs root and iproute2 to make network namespaces (CI runs as root)"))
    func aWorkerHostCutOffMidJobLosesNothing() throws {
        let hosts = try NetworkHosts(count: 4)
        let cluster = try Cluster("netns")
        cluster.address = hosts.address(0)
        try cluster.coordinator(["--liveness-timeout", "2", "--insecure"], host: hosts.host(0))
        let workers = (1...3).map { hosts.host($0) }
        for (n, id) in workers.enumerated() { try cluster.worker(id, host: hosts.host(n + 1)) }
        // The pretrain is the first job; cut off whoever starts it, at once.
        var started: String?
        #expect(cluster.until(seconds: 30) {
            started = workers.first { !cluster.executions($0).isEmpty }
            return started != nil
        }, "no worker started a job:\n\(cluster.log("coordinator"))")
        let victim = try #require(started)
        let victimHost = try #require(workers.firstIndex(of: victim)) + 1
        try hosts.cut(victimHost)
        let pretrain = try #require(JobGraph(spec: GridSpec.preset("smoke")).jobs.first).id
        let cutWhileRunning = (try? Store(path: cluster.store, readOnly: true).jobs().first { $0.id == pretrain }?.state) != .done
        #expect(cutWhileRunning, "the pretrain finished before the cut; nothing was tested")
        // Longer than the liveness timeout: the coordinator must give the job to another host.
        #expect(cluster.until(seconds: 20) { cluster.declaredLost(victim) },
                "the coordinator never declared \(victim) lost:\n\(cluster.log("coordinator"))")
        usleep(1_000_000)
        try hosts.restore(victimHost)
        #expect(cluster.wait("coordinator", seconds: 120), "coordinator log:\n\(cluster.log("coordinator"))")
        #expect(cluster.exitCode("coordinator") == 0)
        let store = try Store(path: cluster.store, readOnly: true)
        #expect(try store.status().counts[.done] == 25)
        let (results, _) = try store.resultCounts()
        for job in try JobGraph(spec: GridSpec.preset("smoke")).jobs where job.kind == .evaluate {
            #expect(results[job.id] == 1, "\(job.id) has \(results[job.id] ?? 0) results")
        }
        let runs = workers.flatMap(cluster.executions).filter { $0 == pretrain }.count
        #expect(runs >= 2, "the pretrain ran \(runs) time(s); the cut host's job should have run again elsewhere")
        let attempts = try store.attempts(job: pretrain)
        #expect(attempts.first?.worker == victim && attempts.count >= 2, "attempts: \(attempts)")
    }
}
