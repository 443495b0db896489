import Foundation
import Testing
import Grid
import Store

/// A grid's scores come from one OpenBLAS kernel family: a worker whose OpenBLAS chose another
/// (here forced with OPENBLAS_CORETYPE, as a machine with another CPU would) is refused for good,
/// says what to do, and leaves; the grid completes with the scores of an undisturbed run.
@Suite(.serialized) struct BLASCoreTests {
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
