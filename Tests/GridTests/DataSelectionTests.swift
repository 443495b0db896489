import Core
import Testing
@testable import Grid

@Suite struct DataSelectionTests {
    let tasks: [PerceptionTask] = [.artStyle, .relativeDepth, .jigsaw, .counting]

    func mixture(_ policy: DataSelection.Policy, _ pgf: [PerceptionTask: Double?], threshold: Double = 0.1, seed: UInt64 = 0) -> DataSelection.Mixture {
        DataSelection.mixture(policy, target: .relativeDepth, pgf: pgf, tasks: tasks, threshold: threshold, seed: seed)
    }

    @Test func sourcesAboveTheThresholdStrongestFirstNeverTheTarget() {
        let pgf: [PerceptionTask: Double?] = [.artStyle: 0.2, .relativeDepth: 0.9, .jigsaw: 0.5, .counting: 0.05]
        #expect(mixture(.equal, pgf) == .init(tasks: [.jigsaw, .artStyle], weights: []))
        #expect(mixture(.proportional, pgf) == .init(tasks: [.jigsaw, .artStyle], weights: [0.5, 0.2]))
    }

    @Test func withNoneAboveTheStrongestDefinedSourceTakesTheBudget() {
        let pgf: [PerceptionTask: Double?] = [.artStyle: -0.2, .jigsaw: nil, .counting: -0.1]
        #expect(mixture(.equal, pgf) == .init(tasks: [.counting], weights: []))
        // One source: the same job as EQ, also for PW.
        #expect(mixture(.proportional, pgf) == mixture(.equal, pgf))
        #expect(mixture(.random, pgf).tasks.count == 1)
    }

    @Test func withNoDefinedSourceTheTargetItself() {
        #expect(mixture(.equal, [.artStyle: nil]) == .init(tasks: [.relativeDepth], weights: []))
    }

    @Test func randomDrawsAsManyOtherTasksDeterministically() {
        let pgf: [PerceptionTask: Double?] = [.artStyle: 0.2, .jigsaw: 0.5, .counting: 0.3]
        let a = mixture(.random, pgf, seed: 7)
        #expect(a.tasks.count == 3 && Set(a.tasks).count == 3 && !a.tasks.contains(.relativeDepth) && a.weights.isEmpty)
        #expect(mixture(.random, pgf, seed: 7) == a)
        let draws = Set((0..<20).map { mixture(.random, [.artStyle: 0.2], seed: UInt64($0)).tasks })
        #expect(draws.count == 3, "one of the three other tasks, each drawn by some seed: \(draws)")
    }

    @Test func theStageIsValidatedAndItsJobsWaitForTheColumn() throws {
        var spec = try GridSpec.preset("smoke")
        spec.selection = SelectionStage(targets: ["CN", "RD"], threshold: 0.05)
        let graph = try JobGraph(spec: spec)
        let plain = try JobGraph(spec: GridSpec.preset("smoke"))
        // Per target: three finetunes and three scores.
        #expect(graph.jobs.count == plain.jobs.count + 2 * 6)
        let ids = Set(graph.jobs.map(\.id))
        for job in graph.jobs where job.selection != nil {
            for dependency in job.dependencies { #expect(ids.contains(dependency)) }
            if job.kind == .finetune {
                let target = try #require(job.selection?.target)
                // The pretrain, the target's baseline and the target's score after each source.
                #expect(job.dependencies.count == 1 + 1 + 4)
                #expect(job.dependencies.dropFirst().allSatisfy { $0.hasSuffix(".\(target.abbreviation)") })
                #expect(job.sourceLabel == "\(job.selection!.policy.label)-\(target.abbreviation)")
            } else {
                #expect(job.target == job.selection?.target)
            }
        }
        // The order of targets does not change the grid.
        spec.selection = SelectionStage(targets: ["RD", "CN"], threshold: 0.05)
        #expect(try JobGraph(spec: spec).hash == graph.hash)
        spec.selection = SelectionStage(targets: ["OL"])
        #expect(throws: GridError.self) { try spec.validate() }
        spec.selection = SelectionStage(targets: [])
        #expect(throws: GridError.self) { try spec.validate() }
        #expect(throws: GridError.self) {
            try GridSpec.yaml(GridSpec.preset("smoke").yamlText() + "selection:\n  targets: [RD]\n  treshold: 0.1\n", source: "s.yaml")
        }
        let parsed = try GridSpec.yaml(GridSpec.preset("smoke").yamlText() + "selection:\n  targets: [RD]\n", source: "s.yaml")
        #expect(parsed.selection == SelectionStage(targets: ["RD"], threshold: 0))
    }
}
