import Foundation
import Grid
import Store
import Testing

/// Bad links: packet loss (an nftables random drop), a slow link (tc tbf) between network
/// namespace hosts, and delay, jitter and reordering of whole messages through a proxy. Each
/// grid completes with one counted result per cell and the bits of a clean run.
@Suite(.serialized) struct BadLinkTests {
    func expectCleanEnd(_ cluster: Cluster, sourceLocation: SourceLocation = #_sourceLocation) throws {
        let store = try Store(path: cluster.store, readOnly: true)
        #expect(try store.status().counts[.done] == 25, sourceLocation: sourceLocation)
        let (results, _) = try store.resultCounts()
        #expect(results.count == 20 && results.values.allSatisfy { $0 == 1 }, "\(results)", sourceLocation: sourceLocation)
        let cells = Dictionary(uniqueKeysWithValues: try store.evaluations().map { ($0.job, $0.correctness) })
        #expect(cells == (try ClusterTests().referenceScores()), "cells differ from a clean run", sourceLocation: sourceLocation)
    }

    static var nftables: Bool { NetworkHosts.available && FileManager.default.isExecutableFile(atPath: "/usr/sbin/nft") }

    @Test(.enabled(if: nftables, "needs root, iproute2 and nftables (make deps installs it; CI runs as root)"))
    func lossAndASlowLinkChangeNothing() throws {
        let hosts = try NetworkHosts(count: 3)
        try hosts.loss(1, percent: 10)
        try hosts.rate(2, "1mbit")
        let cluster = try Cluster("badlink")
        cluster.address = hosts.address(0)
        try cluster.coordinator(["--insecure"], host: hosts.host(0))
        try cluster.worker("lossy", host: hosts.host(1))
        try cluster.worker("slow", host: hosts.host(2))
        #expect(cluster.wait("coordinator", seconds: 300), "\(cluster.log("coordinator").suffix(2000))")
        #expect(cluster.exitCode("coordinator") == 0)
        #expect(!cluster.executions("lossy").isEmpty && !cluster.executions("slow").isEmpty, "both links carried jobs")
        try expectCleanEnd(cluster)
    }

    @Test func delayJitterAndReorderingChangeNothing() throws {
        let cluster = try Cluster("disorder")
        try cluster.coordinator()
        let overtakes = RelayCounter()
        let proxies = try (0..<2).map { n in
            try Relay(coordinator: cluster.endpoint, worker: "far-\(n)", turnMilliseconds: 2,
                      link: DisorderlyLink(delay: 40, jitter: 30, reorder: 0.25, seed: UInt64(n + 1), overtakes: overtakes))
        }
        defer { proxies.forEach { $0.stop() } }
        for (n, proxy) in proxies.enumerated() {
            try cluster.start("far-\(n)", ["worker", "--connect", proxy.endpoint, "--id", "far-\(n)", "--cache-dir", cluster.path("cache-\(n)"),
                                          "--execution-log", cluster.path("exec-far-\(n).log")])
        }
        #expect(cluster.wait("coordinator", seconds: 300), "\(cluster.log("coordinator").suffix(2000))")
        #expect(cluster.exitCode("coordinator") == 0)
        #expect(overtakes.count > 0, "nothing was reordered")
        try expectCleanEnd(cluster)
        print("disorder: \(overtakes.count) messages overtook the one before them")
    }
}
