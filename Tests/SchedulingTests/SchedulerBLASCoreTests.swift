import Core
import Testing
@testable import Scheduling
import Grid
import Wire

/// OpenBLAS's kernel families round differently (a 200-step LoRA finetune of one base reaches
/// 55 % on Cooperlake kernels and 97 to 100 % on Haswell and SkylakeX ones, `LearningTests`), so
/// a grid's scores are computed with one family: the first worker's, recorded in the store.
@Suite struct SchedulerBLASCoreTests {
    func disconnects(_ h: SchedulerHarness, _ worker: String) -> [Disconnect] {
        h.sent.compactMap { entry in
            guard entry.to == worker, case let .disconnect(bye) = entry.message else { return nil }
            return bye
        }
    }

    @Test func theFirstWorkerPinsTheGridAndAnotherFamilyIsRefusedForGood() throws {
        var h = try SchedulerHarness(GridSpec.noop(count: 6))
        let first = h.ready("w0", blasCore: "Cooperlake")
        #expect(first.contains { if case .store(.blasCorePinned("Cooperlake")) = $0 { return true }; return false })
        #expect(h.scheduler.blasCore == "Cooperlake")
        #expect(!h.takeAssignments("w0").isEmpty)

        let other = h.ready("w1", blasCore: "Haswell")
        let refusal = other.compactMap { output -> String? in
            if case let .refused("blas-core", line) = output { return line }
            return nil
        }.first
        #expect(refusal?.contains("OPENBLAS_CORETYPE=Cooperlake") == true, "\(other)")
        #expect(!other.contains { if case .store = $0 { return true }; return false }, "a refused worker was recorded")
        #expect(disconnects(h, "w1").map(\.final) == [true])
        #expect(h.scheduler.workers["w1"] == nil)
        #expect(h.takeAssignments("w1").isEmpty)

        // The same family is welcome, and the pin is written once.
        let same = h.ready("w2", blasCore: "Cooperlake")
        #expect(!same.contains { if case .store(.blasCorePinned) = $0 { return true }; return false })
        #expect(h.scheduler.workers["w2"] != nil)
        #expect(!h.takeAssignments("w2").isEmpty)
    }

    @Test func aResumedGridKeepsItsFamily() throws {
        let graph = try JobGraph(spec: GridSpec.noop(count: 3))
        var h = SchedulerHarness(scheduler: Scheduler(graph: graph, stored: [], artifacts: [], blasCore: "SkylakeX"))
        let out = h.ready("w0", blasCore: "Haswell")
        #expect(out.contains { if case .refused("blas-core", _) = $0 { return true }; return false })
        #expect(disconnects(h, "w0").map(\.final) == [true])
        h.ready("w1", blasCore: "SkylakeX")
        #expect(h.scheduler.workers.keys.sorted() == ["w1"])
    }

    @Test func aReadyMustNameItsFamily() {
        let caps = Capabilities(cores: 1, memoryBytes: 1, maxConcurrentJobs: 1, blasThreads: 1, jobKinds: [.noop], blasCore: "", models: [.small])
        #expect(throws: WireError.self) { try caps.validate() }
    }
}
