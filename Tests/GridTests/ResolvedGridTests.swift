import Core
import Foundation
import Testing
@testable import Grid

/// The grid parsed once: typed models, tasks, task-keyed settings and the schedule enum, equal
/// to what the document says.
@Suite struct ResolvedGridTests {
    @Test func thePresetCalibratedGridResolvesToTypedValues() throws {
        let grid = try ResolvedGrid(GridSpec.preset("study-calibrated"))
        #expect(grid.models == [.medium] && grid.seeds == [0, 1] && grid.baseSeed == 2 && grid.base(of: 0) == 2)
        #expect(grid.tasks == PerceptionTask.allCases)
        #expect(grid.pretrain.schedule == .staged && grid.finetune.schedule == .mixed)
        #expect(grid.pretrain.firstStages == [.forensicDetection])
        #expect(grid.pretrain.taskWeights[.counting] == 0.15 && grid.pretrain.taskWeights[.semanticCorrespondence] == nil)
        #expect(grid.pretrain.taskWeightList.count == 13 && grid.pretrain.taskWeightList[9] == 1, "SC not named: weight 1")
        #expect(grid.finetune.steps(for: .objectLocalization) == 8000 && grid.finetune.steps(for: .counting) == 4000)
        #expect(grid.finetune.rehearsal(for: .jigsaw) == 0.25 && grid.finetune.rehearsal(for: .counting) == 0.5)
        #expect(grid.taskVersions[.forensicDetection] == 3 && grid.benchmarkShift?.contrast == 0.6)
        #expect(grid.hash == (try GridSpec.preset("study-calibrated").hash()))
    }

    /// Defaults resolve to the same values as their explicit spelling, and both to one hash.
    @Test func defaultsAndTheirSpellingResolveAlike() throws {
        var plain = try GridSpec.preset("smoke")
        plain.models = ["Small"]
        var spelled = plain
        spelled.models = ["small"]
        spelled.pretrain.schedule = "mixed"
        spelled.pretrain.taskWeights = ["VS": 1]
        spelled.finetune.taskSteps = ["AS": plain.finetune.steps]
        spelled.formatControl = false
        let a = try ResolvedGrid(plain), b = try ResolvedGrid(spelled)
        #expect(a == b)
        #expect(a.pretrain.taskWeightList.isEmpty && a.finetune.taskSteps.isEmpty && !a.formatControl)
    }

    /// Every preset and every grid file of the journal resolves, and its job graph is the one the
    /// document makes.
    @Test func everyPresetAndGridFileResolves() throws {
        let folder = GridSpecTests.grids
        let files = try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.hasSuffix(".yaml") }
        let specs = try GridSpec.presetNames.map(GridSpec.preset) + files.map { try GridSpec.load(path: folder.appendingPathComponent($0).path) }
        for spec in specs {
            let grid = try ResolvedGrid(spec)
            #expect(grid.models.map(\.rawValue) == (try spec.normalized()).models, "\(spec.name)")
            #expect(JobGraph(grid: grid).jobs.map(\.id) == (try JobGraph(spec: spec)).jobs.map(\.id))
        }
    }

    /// A bad document never resolves: the error names the field.
    @Test func aBadSpecIsRefusedWithTheField() throws {
        var spec = try GridSpec.preset("smoke")
        spec.pretrain.schedule = "shuffled"
        #expect(throws: GridError("pretrain.schedule is \"shuffled\"; use mixed or staged")) { try ResolvedGrid(spec) }
        spec = try GridSpec.preset("smoke")
        spec.models = ["qwen-2.5-vl"]
        #expect(throws: GridError("models: \"qwen-2.5-vl\" is not a model size; use one of tiny, small, medium, large, "
            + "or declare a runner's model under runner_models")) { try ResolvedGrid(spec) }
    }
}
