import Core
import Testing
import Wire
@testable import Grid

@Suite struct JobGraphTests {
    @Test func quickPresetIsTheFullGrid() throws {
        let graph = try JobGraph(spec: GridSpec.preset("quick"))
        // Per model: 1 pretrain, 13 baselines, 13 finetunes, 169 evaluations.
        #expect(graph.jobs.count == 3 * (1 + 13 + 13 + 169))
        #expect(graph.cellCount == 3 * (13 + 169))
        #expect(Set(graph.jobs.map(\.id)).count == graph.jobs.count)
    }

    @Test func dependenciesComeFirstAndNameTheRightJobs() throws {
        let graph = try JobGraph(spec: GridSpec.preset("smoke"))
        var seen: Set<String> = []
        let byID = Dictionary(uniqueKeysWithValues: graph.jobs.map { ($0.id, $0) })
        for job in graph.jobs {
            for dependency in job.dependencies { #expect(seen.contains(dependency), "\(job.id) before \(dependency)") }
            seen.insert(job.id)
            switch job.kind {
            case .pretrain: #expect(job.dependencies.isEmpty)
            case .finetune: #expect(job.dependencies.map { byID[$0]?.kind } == [.pretrain])
            case .evaluate:
                #expect(job.dependencies.map { byID[$0]?.kind } == (job.source == nil ? [.pretrain] : [.pretrain, .finetune]))
                if let source = job.source, let finetune = job.dependencies.last { #expect(byID[finetune]?.source == source) }
            case .noop: Issue.record("noop in a real grid")
            }
            #expect(job.id.hasPrefix(String(graph.hash.hex.prefix(12))))
        }
    }

    @Test func idsAreStableAcrossBuildsAndChangeWithTheSpec() throws {
        let a = try JobGraph(spec: GridSpec.preset("smoke")).jobs.map(\.id)
        let b = try JobGraph(spec: GridSpec.preset("smoke")).jobs.map(\.id)
        #expect(a == b)
        var spec = try GridSpec.preset("smoke")
        spec.evaluationQuestions += 1
        let c = try JobGraph(spec: spec).jobs.map(\.id)
        #expect(Set(a).isDisjoint(with: c))
    }

    @Test func formatControlAddsAShuffledFinetuneScoredOnEveryTarget() throws {
        var spec = try GridSpec.preset("smoke")
        let plain = try JobGraph(spec: spec)
        spec.formatControl = false
        #expect(try JobGraph(spec: spec).hash == plain.hash, "off is the default: the same grid")
        spec.formatControl = true
        let graph = try JobGraph(spec: spec)
        #expect(graph.hash != plain.hash)
        let tasks = try spec.perceptionTasks()
        let extra = graph.jobs.filter { $0.shuffledLabels }
        #expect(extra.count == 1 + tasks.count)
        #expect(graph.jobs.count == plain.jobs.count + 1 + tasks.count)
        let control = try #require(extra.first { $0.kind == .finetune })
        #expect(control.source == nil && control.mixture == tasks && control.sourceLabel == "FMT")
        #expect(control.id.hasSuffix(".finetune.small.s0.FMT"))
        for score in extra where score.kind == .evaluate {
            #expect(score.dependencies.last == control.id && score.source == nil && score.sourceLabel == "FMT")
            let wire = score.spec(gridHash: graph.hash, preset: "smoke", inputs: [
                ArtifactRef(role: .baseCheckpoint, digest: graph.hash, sizeBytes: 1), ArtifactRef(role: .loraAdapter, digest: graph.hash, sizeBytes: 1),
            ])
            try wire.validate()
            #expect(wire.shuffledLabels && wire.mixture == tasks)
        }
        #expect(Set(graph.jobs.filter(\.isCell).compactMap(\.target)) == Set(tasks))
        #expect(plain.jobs.allSatisfy { $0.mixture.isEmpty && !$0.shuffledLabels })
    }

    @Test func aSharedBaseIsPretrainedOnceAndFinetunedByEverySeed() throws {
        var spec = try GridSpec.preset("smoke")
        spec.seeds = [0, 1, 2]
        let own = try JobGraph(spec: spec)
        spec.baseSeed = 7
        let shared = try JobGraph(spec: spec)
        #expect(shared.hash != own.hash)
        let pretrains = shared.jobs.filter { $0.kind == .pretrain }
        #expect(pretrains.count == 1 && pretrains[0].seed == 7 && pretrains[0].id.hasSuffix(".pretrain.small.s7"))
        #expect(own.jobs.filter { $0.kind == .pretrain }.map(\.seed) == [0, 1, 2])
        // Every other job of every seed stands on that one base and says so on the wire.
        #expect(shared.jobs.count == own.jobs.count - 2)
        for job in shared.jobs where job.kind != .pretrain {
            #expect(job.dependencies.first == pretrains[0].id, "\(job.id)")
            #expect(job.hyperparameters.baseSeed == 7)
        }
        #expect(Set(shared.jobs.filter { $0.kind == .finetune }.map(\.seed)) == [0, 1, 2])
        #expect(pretrains[0].hyperparameters.baseSeed == nil)
        #expect(own.jobs.allSatisfy { $0.hyperparameters.baseSeed == nil })
        // The key round-trips through YAML and a base seed that is also a run seed works too.
        spec.baseSeed = 0
        let text = spec.yamlText()
        #expect(text.contains("base_seed: 0"))
        #expect(try GridSpec.yaml(text, source: "t.yaml") == spec)
        #expect(try JobGraph(spec: spec).jobs.filter { $0.kind == .pretrain }.map(\.id).count == 1)
    }

    /// Every job made the same way on the same inputs is shared: a budget of its own for one
    /// source leaves that source's finetune and its cells out, and nothing else.
    @Test func sharedJobsAreTheJobsMadeTheSameWayOnTheSameInputs() throws {
        let plain = try GridSpec.preset("smoke")
        var longer = plain
        longer.name = "smoke-longer"
        longer.finetune.taskSteps = ["CN": 25]
        let graph = try JobGraph(spec: longer)
        let pairs = graph.sharedJobs(with: try JobGraph(spec: plain))
        #expect(graph.jobs.count == 25 && pairs.count == 20)
        #expect(pairs.allSatisfy { $0.ours.source?.abbreviation != "CN" && $0.ours.id != $0.theirs.id })
        #expect(pairs.allSatisfy { $0.ours.id.split(separator: ".").dropFirst() == $0.theirs.id.split(separator: ".").dropFirst() })
        #expect(pairs.filter { $0.ours.kind == .evaluate }.count == 16)
        #expect(try JobGraph(spec: plain).sharedJobs(with: JobGraph(spec: plain)).count == 25)
        // Other pretraining: nothing is the same.
        var other = plain
        other.pretrain.learningRate *= 2
        #expect(graph.sharedJobs(with: try JobGraph(spec: other)).isEmpty)
        // Selection jobs follow the grid's threshold: never shared.
        var selecting = plain
        selecting.selection = SelectionStage(targets: ["CN"])
        let withSelection = try JobGraph(spec: selecting)
        let shared = withSelection.sharedJobs(with: withSelection)
        #expect(shared.count == withSelection.jobs.filter { $0.selection == nil }.count && shared.count < withSelection.jobs.count)
    }

    @Test func sharedPretrainingPairsTheJobsThatMakeTheSameBase() throws {
        var plain = try GridSpec.preset("smoke")
        plain.seeds = [0, 1, 2]
        var shared = plain
        shared.baseSeed = 2
        shared.evaluationQuestions += 1  // never read by pretraining
        shared.finetune.steps += 1
        let pairs = try JobGraph(spec: shared).sharedPretraining(with: JobGraph(spec: plain))
        #expect(pairs.map { "\($0.ours.seed) \($0.theirs.seed)" } == ["2 2"])
        #expect(pairs.allSatisfy { $0.ours.id != $0.theirs.id && $0.theirs.id.hasSuffix(".pretrain.small.s2") })
        #expect(try JobGraph(spec: plain).sharedPretraining(with: JobGraph(spec: plain)).count == 3)
        var other = plain
        other.pretrain.taskWeights = ["CN": 2]
        #expect(try JobGraph(spec: shared).sharedPretraining(with: JobGraph(spec: other)).isEmpty)
        other = plain
        other.models = ["medium"]
        #expect(try JobGraph(spec: plain).sharedPretraining(with: JobGraph(spec: other)).isEmpty)
        // Another version of a task's questions pretrains another base.
        other = plain
        other.taskVersions = ["FD": 2]
        #expect(try JobGraph(spec: plain).sharedPretraining(with: JobGraph(spec: other)).isEmpty)
    }

    @Test func noopGridHasOnlyNoopJobs() throws {
        let graph = try JobGraph(spec: GridSpec.noop(count: 1000))
        #expect(graph.jobs.count == 1000)
        #expect(graph.jobs.allSatisfy { $0.kind == .noop && $0.dependencies.isEmpty })
        for job in graph.jobs.prefix(3) {
            #expect(throws: Never.self) {
                try job.spec(gridHash: graph.hash, preset: "noop", inputs: []).validate()
            }
        }
    }

    @Test func noopMillisTimesNoopJobsAndKeepsOtherGridsAsTheyWere() throws {
        var spec = GridSpec.noop(count: 10)
        let untimed = try JobGraph(spec: spec)
        spec.noopMillis = 250
        let timed = try JobGraph(spec: spec)
        #expect(timed.hash != untimed.hash)
        #expect(timed.jobs.allSatisfy { $0.hyperparameters.noopMillis == 250 })
        #expect(untimed.jobs.allSatisfy { $0.hyperparameters.noopMillis == 0 })
        #expect(!(try GridSpec.noop(count: 10).canonicalJSON().contains("noop_millis")))
        var real = try GridSpec.preset("smoke")
        real.noopMillis = 10
        #expect(throws: GridError.self) { try real.validate() }
        spec.noopMillis = 600_001
        #expect(throws: GridError.self) { try spec.validate() }
    }
}
