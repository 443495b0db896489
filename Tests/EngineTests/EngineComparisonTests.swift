@testable import Engine
import Testing

/// `bench engine`'s table, measured on a tiny model without the PyTorch peer, and the peer's
/// rate set beside the engine's when there is one.
@Suite struct EngineComparisonTests {
    @Test func theTableHasARowPerModeWithTheShareOfThePeak() throws {
        let config = TinyModel.config
        let peer = TorchPeer(torch: "test", threads: 1, results: ["tiny": ["eval": 1e12]])
        let lines = try EngineComparison.table(models: [(name: "tiny", config: config)], batch: 2, seconds: 0.01,
                                               peakGflops: 1e6, peer: peer)
        #expect(lines.count == 2 + 3, "header, rule, eval, train (full), train (LoRA)")
        #expect(lines[0].hasPrefix("size") && lines[0].hasSuffix("engine/torch"))
        #expect(lines[1].allSatisfy { $0 == "-" || $0 == " " })
        let eval = try #require(lines.first { $0.contains("eval") })
        #expect(eval.hasPrefix("tiny") && eval.contains("\(config.parameterCount)") && eval.contains("0 %"))
        #expect(eval.contains("1000000000000.0") && eval.hasSuffix("0.00x"), "the peer's rate and the ratio")
        #expect(lines.filter { $0.contains("train") }.allSatisfy { $0.hasSuffix("-") }, "no peer rate: a dash")
        #expect(Set(lines.map(\.count)).count == 1, "aligned columns")
    }
}
