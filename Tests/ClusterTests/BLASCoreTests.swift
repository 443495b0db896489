import Foundation
import Testing
import Grid
import Store

/// A grid's scores come from one OpenBLAS kernel family: a worker whose OpenBLAS chose another
/// (here forced with OPENBLAS_CORETYPE, as a machine with another CPU would) is refused for good,
/// says what to do, and leaves; the grid completes with the scores of an undisturbed run.
@Suite(.serialized) struct BLASCoreTests {
    /// `transfergrid version`'s OpenBLAS line, run with `environment`.
    func versionLine(_ cluster: Cluster, _ name: String, environment: [String: String]) throws -> String {
        try cluster.start(name, ["version"], environment: environment)
        #expect(cluster.wait(name, seconds: 20))
        return cluster.log(name).split(separator: "\n").first { $0.hasPrefix("OpenBLAS ") }.map(String.init) ?? ""
    }

    /// Unless the user chose a family, every process computes with Haswell kernels on an AVX2 +
    /// FMA machine (the binary executes itself again with OPENBLAS_CORETYPE=Haswell).
    @Test func theBinaryPinsThePortableFamilyUnlessOneIsChosen() throws {
        let cluster = try Cluster("blas-pin")
        let flags = (try? String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8))?
            .split(separator: "\n").first { $0.hasPrefix("flags") }.map { Set($0.split(separator: " ")) } ?? []
        // Processes started by the tests inherit the test's environment: clear any choice there.
        let unset = ["OPENBLAS_CORETYPE": "", "TRANSFERGRID_NATIVE_BLAS_CORE": ""]
        let pinned = try versionLine(cluster, "default", environment: unset)
        if flags.contains("avx2") && flags.contains("fma") {
            #expect(pinned.contains("core: Haswell"), "\(pinned)")
        } else {
            #expect(!pinned.contains("for portable scores"), "\(pinned)")
        }
        let chosen = try versionLine(cluster, "chosen", environment: ["OPENBLAS_CORETYPE": "Sandybridge", "TRANSFERGRID_NATIVE_BLAS_CORE": ""])
        #expect(chosen.contains("core: Sandybridge") && !chosen.contains("for portable scores"), "\(chosen)")
    }
    @Test func aWorkerOnAnotherKernelFamilyIsRefusedAndTheScoresStayTheSame() throws {
        let cluster = try Cluster("blas-core")
        try cluster.coordinator()
        try cluster.worker("w1")
        var native: String?
        #expect(cluster.until(seconds: 20) {
            native = try? Store(path: cluster.store, readOnly: true).blasCore()
            return native != nil
        }, "the grid was not pinned to a kernel family:\n\(cluster.log("coordinator"))")
        let core = try #require(native)
        let other = core == "Haswell" ? "Sandybridge" : "Haswell"
        try cluster.worker("w2", environment: ["OPENBLAS_CORETYPE": other])
        #expect(cluster.wait("w2", seconds: 20), "the worker on \(other) kernels did not leave")
        #expect(cluster.exitCode("w2").map { $0 != 0 } == true, "the refused worker exited with 0")
        #expect(cluster.log("w2").contains("OPENBLAS_CORETYPE=\(core)"), "the refusal does not say what to do:\n\(cluster.log("w2"))")
        #expect(cluster.wait("coordinator", seconds: 120), "coordinator log:\n\(cluster.log("coordinator"))")
        try ClusterTests().expectComplete(cluster)
        let store = try Store(path: cluster.store, readOnly: true)
        #expect(try store.status().workers.map(\.id) == ["w1"], "the refused worker was registered")
        #expect(cluster.executions("w2").isEmpty, "the refused worker ran jobs")
        #expect(try ClusterTests().scores(cluster.store) == ClusterTests().referenceScores(), "scores differ from an undisturbed run")
    }
}
