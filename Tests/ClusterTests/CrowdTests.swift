import Core
import Foundation
import Grid
import Hashing
import Store
import Testing
import Wire
import ZeroMQ

/// A crowd, for `make soak`: `TRANSFERGRID_CROWD` real worker processes connecting at once to
/// one coordinator serving a noop grid, while a peer registered as a worker floods FETCHes of a
/// 4 MiB artifact and never reads the chunks. Every worker registers, the grid completes, and
/// the coordinator's memory stays within the bound (`FetchBudget`: 8 MiB of chunks per peer).
@Suite(.serialized) struct CrowdTests {
    static var crowd: Int { Int(ProcessInfo.processInfo.environment["TRANSFERGRID_CROWD"] ?? "") ?? 0 }

    @Test(.enabled(if: crowd > 0, "make soak sets TRANSFERGRID_CROWD"))
    func hundredsOfWorkersAndAFetchFloodAreServed() throws {
        let cluster = try Cluster("crowd")
        let jobs = 20_000
        try GridSpec.noop(count: jobs).yamlText().write(toFile: cluster.path("noop.yaml"), atomically: true, encoding: .utf8)
        // An artifact in the coordinator's folder for the flood to ask for.
        var random = RandomSource(seed: 7)
        let bytes = (0..<(4 << 20)).map { _ in UInt8(truncatingIfNeeded: random.next()) }
        let digest = SHA256Digest.of(bytes)
        try FileManager.default.createDirectory(atPath: cluster.store + ".artifacts", withIntermediateDirectories: true)
        try Data(bytes).write(to: URL(fileURLWithPath: cluster.store + ".artifacts/" + digest.hex))
        try cluster.start("coordinator", ["coordinator", "--grid", cluster.path("noop.yaml"), "--store", cluster.store, "--bind", cluster.endpoint,
                                          "--liveness-timeout", "30"])
        #expect(cluster.until(seconds: 120) { cluster.log("coordinator").contains("listening on") })
        let pid = try #require(cluster.processes["coordinator"]?.processIdentifier)
        let before = ChurnTests.residentKB(pid) ?? 0

        // The flood: registered, then 20,000 FETCHes of the artifact, 4 MiB each, never read.
        let context = try Context()
        let flood = try context.socket(.dealer)
        try flood.set(.linger, 0)
        try flood.set(.routingID, Array("flood".utf8))
        try flood.set(.sendHighWaterMark, 100_000)
        try flood.connect(cluster.endpoint)
        let codec = WireCodec()
        let caps = Capabilities(cores: 1, memoryBytes: 1 << 30, maxConcurrentJobs: 0, blasThreads: 1, jobKinds: JobKind.allCases,
                                blasCore: "Haswell", models: [.small])
        try flood.send([try codec.encode(.ready(Ready(workerID: "flood", host: "flood", capabilities: caps, incarnation: 1)))])
        usleep(500_000)

        let started = Date()
        for n in 0..<Self.crowd {
            try cluster.start("crowd-\(n)", ["worker", "--connect", cluster.endpoint, "--id", "crowd-\(n)", "--cache-dir", cluster.path("cache-\(n)")])
        }
        let fetch = try codec.encode(.fetch(ArtifactFetch(digest: digest, offset: 0, maxBytes: ArtifactFetch.maxChunkBytes)))
        for _ in 0..<20_000 { try flood.send([fetch], dontWait: true) }
        var peak = before
        var registered = 0
        let done = cluster.until(seconds: 900) {
            peak = max(peak, ChurnTests.residentKB(pid) ?? 0)
            registered = Set(cluster.log("coordinator").split(separator: "\n").filter { $0.contains("ready:") && $0.contains("crowd-") }
                .compactMap { $0.split(separator: " ").first { $0.hasPrefix("worker.id=") } }).count
            return cluster.exitCode("coordinator") != nil
        }
        #expect(done, "the grid did not complete")
        #expect(cluster.exitCode("coordinator") == 0)
        #expect(registered == Self.crowd, "\(registered) of \(Self.crowd) workers registered")
        let store = try Store(path: cluster.store, readOnly: true)
        let (results, _) = try store.resultCounts()
        #expect(results.count == jobs && results.values.allSatisfy { $0 == 1 })
        #expect(peak - before < 512 * 1024, "the coordinator grew by \(peak - before) KB")
        let refusals = cluster.log("coordinator").contains("fetch-flood")
        #expect(refusals, "the flood was not refused")
        let seconds = Date().timeIntervalSince(started)
        print("crowd: \(Self.crowd) worker processes, all registered; \(jobs) noop jobs in \(Int(seconds)) s; coordinator RSS \(before) KB before, peak \(peak) KB "
            + "with 20,000 unread 4 MiB FETCHes from one peer")
    }
}
