import Core
import Foundation
import Testing
import Grid
import Store
import Wire
import ZeroMQ

/// CURVE and ZAP end to end, with real processes: keys made by `transfergrid keys`, an
/// authorized worker, a stranger, a revoked worker, plaintext clients, a non-loopback bind.
@Suite(.serialized) struct SecurityTests {
    /// Runs `transfergrid ARGS` to the end; its output and exit status.
    @discardableResult
    func transfergrid(_ arguments: [String], in cluster: Cluster) throws -> (output: String, status: Int32) {
        let process = Process()
        process.executableURL = Cluster.binary
        process.arguments = arguments
        process.currentDirectoryURL = cluster.directory
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (String(decoding: data, as: UTF8.self), process.terminationStatus)
    }

    /// Coordinator keys in `coordinator-keys`, one authorized worker's keys in `worker-keys`.
    func makeKeys(_ cluster: Cluster) throws {
        #expect(try transfergrid(["keys", "init", "--dir", "coordinator-keys"], in: cluster).status == 0)
        #expect(try transfergrid(["keys", "new-worker", "--dir", "worker-keys"], in: cluster).status == 0)
        try FileManager.default.copyItem(atPath: cluster.path("coordinator-keys/coordinator.pub"), toPath: cluster.path("worker-keys/coordinator.pub"))
        let authorized = try transfergrid(["keys", "authorize", "worker-keys/worker.pub", "--name", "trusted", "--dir", "coordinator-keys"], in: cluster)
        #expect(authorized.status == 0, "\(authorized.output)")
    }

    func registeredWorkers(_ cluster: Cluster) -> [String] {
        ((try? Store(path: cluster.store, readOnly: true).status().workers) ?? []).map(\.id)
    }

    @Test func anAuthorizedWorkerCompletesTheGridOverCurve() throws {
        let cluster = try Cluster("curve")
        try makeKeys(cluster)
        let mode = try FileManager.default.attributesOfItem(atPath: cluster.path("coordinator-keys/coordinator.key"))[.posixPermissions] as? NSNumber
        #expect(mode?.intValue == 0o600)
        try cluster.coordinator(["--keys", cluster.path("coordinator-keys")])
        try cluster.worker("trusted-1", ["--keys", cluster.path("worker-keys")])
        #expect(cluster.wait("coordinator", seconds: 120), "coordinator log:\n\(cluster.log("coordinator"))")
        #expect(cluster.exitCode("coordinator") == 0)
        #expect(cluster.log("coordinator").contains("worker key trusted admitted"))
        let status = try Store(path: cluster.store, readOnly: true).status()
        #expect(status.counts[.done] == 25)
    }

    @Test func aStrangerAndAPlaintextClientGetNothingThrough() throws {
        let cluster = try Cluster("stranger")
        try makeKeys(cluster)
        #expect(try transfergrid(["keys", "new-worker", "--dir", "stranger-keys"], in: cluster).status == 0)
        try FileManager.default.copyItem(atPath: cluster.path("coordinator-keys/coordinator.pub"), toPath: cluster.path("stranger-keys/coordinator.pub"))
        try cluster.coordinator(["--keys", cluster.path("coordinator-keys"), "--stay"])
        try cluster.worker("stranger", ["--keys", cluster.path("stranger-keys")])
        try cluster.worker("plain")
        // A plaintext DEALER from here, sending a valid READY.
        let context = try Context()
        let raw = try context.socket(.dealer)
        try raw.set(.linger, 0)
        try raw.set(.routingID, Array("raw-plaintext".utf8))
        try raw.connect(cluster.endpoint)
        let ready = try WireCodec().encode(.ready(Ready(workerID: "raw-plaintext", host: "test", capabilities: Capabilities(
            cores: 1, memoryBytes: 1 << 30, maxConcurrentJobs: 1, blasThreads: 1, jobKinds: [.pretrain, .finetune, .evaluate], blasCore: "Haswell", models: [.small]))))
        for _ in 0..<20 { try? raw.send([ready], dontWait: true) }
        #expect(cluster.until(seconds: 20) { cluster.log("coordinator").contains("is not authorized") },
                "the stranger's handshake was not refused:\n\(cluster.log("coordinator"))")
        #expect(cluster.until(seconds: 20) { cluster.log("coordinator").contains("failed its handshake") },
                "no plaintext handshake failure logged:\n\(cluster.log("coordinator"))")
        #expect(cluster.until(seconds: 10) { cluster.log("stranger").contains("refused this worker's key") })
        #expect(cluster.until(seconds: 10) { cluster.log("plain").contains("may require CURVE") })
        usleep(1_000_000)
        #expect(registeredWorkers(cluster).isEmpty, "registered: \(registeredWorkers(cluster))")
        let status = try Store(path: cluster.store, readOnly: true).status()
        #expect(status.counts[.done] ?? 0 == 0 && status.counts[.leased] ?? 0 == 0)
        #expect(cluster.executions("stranger").isEmpty && cluster.executions("plain").isEmpty)
        cluster.signal("coordinator", SIGTERM)
        #expect(cluster.wait("coordinator", seconds: 10))
    }

    @Test func aRevokedKeyIsRefusedOnItsNextConnection() throws {
        let cluster = try Cluster("revoke")
        try makeKeys(cluster)
        try cluster.coordinator(["--keys", cluster.path("coordinator-keys"), "--stay", "--liveness-timeout", "2"])
        try cluster.worker("trusted-1", ["--keys", cluster.path("worker-keys")])
        #expect(cluster.until(seconds: 30) { registeredWorkers(cluster).contains("trusted-1") })
        let revoked = try transfergrid(["keys", "revoke", "trusted", "--dir", "coordinator-keys"], in: cluster)
        #expect(revoked.status == 0, "\(revoked.output)")
        cluster.signal("trusted-1", SIGKILL)
        #expect(cluster.wait("trusted-1", seconds: 5))
        let doneBefore = try Store(path: cluster.store, readOnly: true).status().counts[.done] ?? 0
        try cluster.worker("trusted-1", ["--keys", cluster.path("worker-keys")], name: "trusted-1-again")
        #expect(cluster.until(seconds: 20) { cluster.log("coordinator").contains("is not authorized") },
                "the revoked key got in again:\n\(cluster.log("coordinator"))")
        #expect(cluster.until(seconds: 10) { cluster.log("trusted-1-again").contains("refused this worker's key") })
        usleep(3_000_000)
        #expect(try Store(path: cluster.store, readOnly: true).status().counts[.done] ?? 0 == doneBefore, "jobs were done after the revocation")
        cluster.signal("coordinator", SIGTERM)
        #expect(cluster.wait("coordinator", seconds: 10))
    }

    @Test func aNonLoopbackBindNeedsKeysOrInsecure() throws {
        let cluster = try Cluster("insecure")
        let refused = try transfergrid(["coordinator", "--preset", "smoke", "--store", cluster.store, "--bind", "tcp://0.0.0.0:\(cluster.port)"], in: cluster)
        #expect(refused.status != 0)
        #expect(refused.output.contains("refusing to listen on tcp://0.0.0.0:\(cluster.port) without CURVE"), "\(refused.output)")
        #expect(!FileManager.default.fileExists(atPath: cluster.store), "the refused coordinator created its store")
        try cluster.start("coordinator", ["coordinator", "--preset", "smoke", "--store", cluster.store,
                                          "--bind", "tcp://0.0.0.0:\(cluster.port)", "--insecure"])
        try cluster.worker("w1")
        #expect(cluster.wait("coordinator", seconds: 120))
        #expect(cluster.exitCode("coordinator") == 0)
        #expect(cluster.log("coordinator").contains("--insecure: listening on tcp://0.0.0.0:\(cluster.port) without encryption"))
    }
}

/// Artifacts are checked against their digest before use: a chunk changed on the way is caught,
/// and the artifact fetched again.
@Suite(.serialized) struct ArtifactIntegrityTests {
    @Test func aTamperedArtifactIsRejectedAndFetchedAgain() throws {
        let cluster = try Cluster("tamper")
        try cluster.coordinator(["--stay"])
        // One worker makes the base checkpoint, then leaves: every later job needs it fetched.
        try cluster.worker("maker")
        let pretrain = try #require(JobGraph(spec: GridSpec.preset("smoke")).jobs.first).id
        #expect(cluster.until(seconds: 60) {
            (try? Store(path: cluster.store, readOnly: true).jobs().first { $0.id == pretrain }?.state) == .done
        })
        cluster.signal("maker", SIGTERM)
        #expect(cluster.wait("maker", seconds: 10))
        let tampered = RelayCounter()
        let proxy = try Relay(coordinator: cluster.endpoint, worker: "fetcher", turnMilliseconds: 20, link: TamperingLink(tamper: 1, flipped: tampered))
        defer { proxy.stop() }
        try cluster.start("fetcher", ["worker", "--connect", proxy.endpoint, "--id", "fetcher", "--cache-dir", cluster.path("cache-fetcher"),
                                      "--execution-log", cluster.path("exec-fetcher.log")])
        #expect(cluster.until(seconds: 120) { (try? Store(path: cluster.store, readOnly: true).status().counts[.done]) == 25 },
                "the grid did not complete through the proxy:\n\(cluster.log("fetcher"))")
        #expect(tampered.count == 1)
        #expect(cluster.log("fetcher").contains("failed its digest check: fetching it again"), "\(cluster.log("fetcher"))")
        let (results, _) = try Store(path: cluster.store, readOnly: true).resultCounts()
        #expect(results.count == ClusterTests.cells)
        #expect(try ClusterTests().scores(cluster.store) == ClusterTests().referenceScores(), "scores differ from a one-worker run")
        cluster.signal("coordinator", SIGTERM)
        #expect(cluster.wait("coordinator", seconds: 10))
    }
}
