import Core
import Foundation
import Testing
@testable import Grid

@Suite struct GridSpecTests {
    /// The repository's experiments/grids/ folder.
    static let grids = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("experiments/grids")
    /// The presets' YAML files, as Grid compiles them in.
    static let presets = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("Sources/Grid/Presets")

    let valid = """
        name: mine
        models: [small, large]
        seeds: [0, 1]
        tasks: [CN, VS]
        pretrain: {steps: 10, batch: 4, learning_rate: 0.001, warmup: 2}
        finetune: {steps: 5, batch: 4, learning_rate: 0.002, warmup: 1, lora_rank: 4}
        evaluation_questions: 32
        """

    @Test func readsYAML() throws {
        let spec = try GridSpec.yaml(valid, source: "mine.yaml")
        #expect(spec.models == ["small", "large"])
        #expect(spec.seeds == [0, 1])
        #expect(try spec.perceptionTasks() == [.visualSimilarity, .counting])
        #expect(spec.finetune.loraRank == 4)
        #expect(spec.pretrain.loraRank == 8)
        #expect(spec.evaluationQuestions == 32)
    }

    @Test(arguments: [
        ("learning_rat: 0.1", "unknown key \"learning_rat\""),
        ("models: [small, huge]", "\"huge\" is not a model size"),
        ("tasks: [CN, XX]", "\"XX\" is not a task"),
        ("seeds: []", "seeds is empty"),
        ("seeds: [1, 1]", "lists a seed twice"),
        ("evaluation_questions: 0", "evaluation_questions is 0"),
        ("name: 'a b'", "must be 1 to 64 characters"),
    ])
    func refusesBadFieldsByName(line: String, expected: String) {
        var lines = valid.split(separator: "\n").map(String.init)
        let key = line.split(separator: ":")[0]
        if let index = lines.firstIndex(where: { $0.hasPrefix(key + ":") }) { lines[index] = line } else { lines.append(line) }
        do {
            _ = try GridSpec.yaml(lines.joined(separator: "\n"), source: "bad.yaml")
            Issue.record("accepted: \(line)")
        } catch {
            #expect(error.message.contains(expected), "\(error.message)")
            #expect(error.message.hasPrefix("bad.yaml"))
        }
    }

    @Test func refusesUnknownStageKeysAndMissingFields() {
        #expect(throws: GridError.self) { try GridSpec.yaml(valid.replacingOccurrences(of: "lora_rank", with: "lora_rnak"), source: "x") }
        do {
            _ = try GridSpec.yaml(valid.split(separator: "\n").filter { !$0.hasPrefix("pretrain") }.joined(separator: "\n"), source: "x")
            Issue.record("accepted a spec without pretrain")
        } catch {
            #expect(error.message.contains("missing pretrain"), "\(error.message)")
        }
        #expect(throws: GridError.self) { try GridSpec.yaml("[1, 2]", source: "x") }
        #expect(throws: GridError.self) { try GridSpec.yaml("a: [", source: "x") }
    }

    @Test func hashIsStableAndFollowsTheSpec() throws {
        let a = try GridSpec.yaml(valid, source: "a")
        let reordered = try GridSpec.yaml(valid.replacingOccurrences(of: "[CN, VS]", with: "[VS, CN]"), source: "b")
        #expect(try a.hash() == reordered.hash(), "task order is normalized")
        var changed = a
        changed.finetune.steps = 6
        #expect(try a.hash() != changed.hash())
        // Pinned: a change to canonical JSON would orphan every existing store.
        #expect(try GridSpec.preset("smoke").hash().hex.count == 64)
        #expect(try GridSpec.preset("smoke").hash() == GridSpec.preset("smoke").hash())
    }

    @Test func yamlRoundTrips() throws {
        for name in GridSpec.presetNames {
            let spec = try GridSpec.preset(name)
            let again = try GridSpec.yaml(spec.yamlText(), source: name)
            #expect(try again.hash() == spec.hash())
        }
    }

    /// `study-calibrated` is run 34 under its own name: every other key as `experiments/grids/run-34.yaml`
    /// has it, so its cells are the journal's run 34 bit for bit (no job seed reads the name).
    @Test func studyCalibratedIsRunThirtyFour() throws {
        var run34 = try GridSpec.load(path: Self.grids.appendingPathComponent("run-34.yaml").path).normalized()
        let preset = try GridSpec.preset("study-calibrated").normalized()
        #expect(run34.name == "study-medium-fd3-r50-jg-ol-r25")
        run34.name = preset.name
        #expect(run34 == preset)
    }

    /// Every preset is a file of Presets/ named as the preset, compiled in as it is on disk, and
    /// hashes as it did when the presets were Swift code (job ids and stores stay valid).
    @Test func everyPresetIsItsYAMLFileWithItsHash() throws {
        let files = try FileManager.default.contentsOfDirectory(atPath: Self.presets.path).filter { $0.hasSuffix(".yaml") }.sorted()
        #expect(files == GridSpec.presetNames.map { "\($0).yaml" }.sorted())
        let hashes = [
            "smoke": "d743418b903a", "quick": "d06347293d60", "study": "7a0adb8322d1", "study-weighted": "cb2a5ba8d33f",
            "study-rehearsal": "e68e5293bee4", "study-medium": "1546ab58e18a", "study-calibrated": "a11161fc614b", "paper": "81d24d60b876",
        ]
        for name in GridSpec.presetNames {
            let onDisk = try GridSpec.load(path: Self.presets.appendingPathComponent("\(name).yaml").path)
            let preset = try GridSpec.preset(name)
            #expect(preset == onDisk && preset.name == name)
            #expect(try String(preset.hash().hex.prefix(12)) == hashes[name], "\(name)")
        }
    }

    /// Every grid file in experiments/grids/ loads, passes validation and makes its job graph: a file kept
    /// for a run not yet made (or not made again since) still has to be a grid.
    @Test func everyGridFileIsAValidGrid() throws {
        let files = try FileManager.default.contentsOfDirectory(atPath: Self.grids.path).filter { $0.hasSuffix(".yaml") }.sorted()
        #expect(files.count >= 20, "experiments/grids/ holds \(files.count) YAML files")
        for file in files {
            let spec = try GridSpec.load(path: Self.grids.appendingPathComponent(file).path)
            #expect(try JobGraph(spec: spec).jobs.isEmpty == false, "\(file) makes no jobs")
        }
    }

    @Test func pretrainScheduleIsCheckedAndMixedIsTheDefault() throws {
        var spec = try GridSpec.preset("smoke")
        let plain = try spec.hash()
        spec.pretrain.schedule = "mixed"
        #expect(try spec.hash() == plain)
        spec.pretrain.schedule = "staged"
        #expect(try spec.hash() != plain)
        #expect(try JobGraph(spec: spec).jobs.first { $0.kind == .pretrain }?.hyperparameters.stagedTasks == true)
        #expect(try JobGraph(spec: spec).jobs.first { $0.kind == .finetune }?.hyperparameters.stagedTasks == false)
        spec.pretrain.schedule = "shuffled"
        #expect(throws: GridError.self) { try spec.validate() }
        spec.pretrain.schedule = nil
        spec.finetune.schedule = "staged"
        #expect(throws: GridError.self) { try spec.validate() }
    }

    @Test func rehearsalIsForFinetuningAndDrawsOnlyFromSeenPretrainingQuestions() throws {
        var spec = try GridSpec.preset("smoke")
        let plain = try spec.hash()
        spec.finetune.rehearsal = 0.25
        #expect(try spec.hash() != plain)
        let graph = try JobGraph(spec: spec)
        let finetune = try #require(graph.jobs.first { $0.kind == .finetune }?.hyperparameters)
        #expect(finetune.rehearsalShare == 0.25)
        // smoke pretrains 40 steps x 16, mixed: each of the 13 tasks sees its first 49 questions.
        #expect(finetune.rehearsalPool == 40 * 16 / 13)
        #expect(graph.jobs.first { $0.kind == .pretrain }?.hyperparameters.rehearsalShare == 0)
        spec.pretrain.schedule = "staged"
        // Staged: 40 * 7 / 10 / 13 = 2 steps per stage, 26 staged, the last 14 in turn.
        #expect(try JobGraph(spec: spec).jobs.first { $0.kind == .finetune }?.hyperparameters.rehearsalPool == 14 * 16 / 13)
        spec.finetune.rehearsal = 1
        #expect(throws: GridError.self) { try spec.validate() }
        spec.finetune.rehearsal = -0.1
        #expect(throws: GridError.self) { try spec.validate() }
        spec.finetune.rehearsal = nil
        spec.pretrain.rehearsal = 0.25
        #expect(throws: GridError.self) { try spec.validate() }
    }

    @Test func benchmarkShiftGoesToFinetunesAndEvaluationsNotPretraining() throws {
        let plain = try GridSpec.yaml(valid, source: "t")
        let shifted = try GridSpec.yaml(valid + "\nbenchmark_shift: {contrast: 0.8, cast: 0.1}", source: "t")
        #expect(shifted.benchmarkShift == BenchmarkShift(contrast: 0.8, cast: 0.1, noise: 0))
        #expect(try shifted.hash() != plain.hash())
        // All zero is no shift: the same grid as no key.
        #expect(try GridSpec.yaml(valid + "\nbenchmark_shift: {contrast: 0}", source: "t").hash() == plain.hash())
        let graph = try JobGraph(spec: shifted)
        for job in graph.jobs {
            let hp = job.hyperparameters
            if job.kind == .pretrain {
                #expect(hp.shiftContrast == 0 && hp.shiftCast == 0 && hp.shiftNoise == 0, "\(job.id) is shifted")
            } else {
                #expect(hp.shiftContrast == 0.8 && hp.shiftCast == 0.1 && hp.shiftNoise == 0, "\(job.id) is not shifted")
            }
        }
        // The pretraining jobs are the unshifted grid's: a shift changes no base model.
        let plainPretrain = try JobGraph(spec: plain).jobs.filter { $0.kind == .pretrain }.map(\.hyperparameters)
        #expect(graph.jobs.filter { $0.kind == .pretrain }.map(\.hyperparameters) == plainPretrain)
        #expect(try GridSpec.yaml(shifted.yamlText(), source: "t") == shifted)
    }

    @Test(arguments: [
        ("benchmark_shift: {contrast: 1}", "benchmark_shift.contrast"),
        ("benchmark_shift: {contrast: 0.999}", "benchmark_shift.contrast"),
        ("benchmark_shift: {contrast: -0.2}", "benchmark_shift.contrast"),
        ("benchmark_shift: {cast: 0.7}", "benchmark_shift.cast"),
        ("benchmark_shift: {noise: -1}", "benchmark_shift.noise"),
        ("benchmark_shift: {contrats: 0.5}", "unknown key \"contrats\""),
    ])
    func refusesABadBenchmarkShift(line: String, named: String) {
        do {
            _ = try GridSpec.yaml(valid + "\n" + line, source: "t")
            Issue.record("\(line) was accepted")
        } catch { #expect(error.message.contains(named), "\(error.message) names \(named)") }
    }

    @Test func taskVersionsGoToEveryStageAndVersionOneIsTheDefault() throws {
        let plain = try GridSpec.yaml(valid, source: "t")
        let newer = try GridSpec.yaml(valid + "\ntask_versions: {FD: 2}", source: "t")
        #expect(try newer.hash() != plain.hash())
        // Version 1 is every task's default: naming it is the same grid as no key.
        #expect(try GridSpec.yaml(valid + "\ntask_versions: {FD: 1, Counting: 1}", source: "t").hash() == plain.hash())
        #expect(try GridSpec.yaml(valid + "\ntask_versions: {Forensic_Detection: 2}", source: "t").hash() == newer.hash())
        let graph = try JobGraph(spec: newer)
        #expect(graph.jobs.contains { $0.kind == .pretrain } && graph.jobs.contains { $0.kind == .evaluate })
        for job in graph.jobs {
            let versions = job.hyperparameters.taskVersions
            #expect(versions[.forensicDetection] == 2 && versions[.counting] == 1, "\(job.id): \(versions)")
        }
        #expect(try JobGraph(spec: plain).jobs.allSatisfy { $0.hyperparameters.taskVersions.isInitial })
        #expect(try GridSpec.yaml(newer.yamlText(), source: "t") == newer)
    }

    @Test(arguments: [
        ("task_versions: {FD: 4}", "FD versions 1 to 3"),
        ("task_versions: {FD: 0}", "FD versions 1 to 3"),
        ("task_versions: {CN: 2}", "CN versions 1 to 1"),
        ("task_versions: {XX: 2}", "\"XX\" is not a task"),
        ("task_versions: {FD: 2, Forensic_Detection: 2}", "twice"),
    ])
    func refusesBadTaskVersions(line: String, named: String) {
        do {
            _ = try GridSpec.yaml(valid + "\n" + line, source: "t")
            Issue.record("\(line) was accepted")
        } catch { #expect(error.message.contains(named), "\(error.message) names \(named)") }
    }

    @Test func firstStagesGoToThePretrainingOnlyAndNoneIsTheDefault() throws {
        let staged = valid.replacingOccurrences(of: "pretrain: {", with: "pretrain: {schedule: staged, ")
        let plain = try GridSpec.yaml(staged, source: "t")
        let first = try GridSpec.yaml(staged.replacingOccurrences(of: "pretrain: {", with: "pretrain: {first_stages: [FD, Counting], "), source: "t")
        #expect(try first.hash() != plain.hash())
        #expect(try GridSpec.yaml(staged.replacingOccurrences(of: "pretrain: {", with: "pretrain: {first_stages: [], "), source: "t").hash() == plain.hash())
        #expect(try GridSpec.yaml(staged.replacingOccurrences(of: "pretrain: {", with: "pretrain: {first_stages: [Forensic_Detection, CN], "), source: "t").hash()
                == first.hash())
        for job in try JobGraph(spec: first).jobs {
            #expect(job.hyperparameters.firstStages == (job.kind == .pretrain ? [.forensicDetection, .counting] : []), "\(job.id)")
        }
        #expect(try JobGraph(spec: plain).jobs.allSatisfy { $0.hyperparameters.firstStages.isEmpty })
        #expect(try GridSpec.yaml(first.yamlText(), source: "t") == first)
    }

    @Test(arguments: [
        ("pretrain: {schedule: staged, first_stages: [XX], ", "\"XX\" is not a task"),
        ("pretrain: {schedule: staged, first_stages: [FD, Forensic_Detection], ", "twice"),
        ("pretrain: {first_stages: [FD], ", "add schedule: staged"),
        ("finetune: {first_stages: [FD], ", "finetune.first_stages is for pretrain only"),
    ])
    func refusesBadFirstStages(replacement: String, named: String) {
        let key = replacement.hasPrefix("pretrain") ? "pretrain: {" : "finetune: {"
        let text = valid.replacingOccurrences(of: key, with: replacement)
        #expect(text != valid, "the fixture has no \(key)")
        do {
            _ = try GridSpec.yaml(text, source: "t")
            Issue.record("\(replacement) was accepted")
        } catch { #expect(error.message.contains(named), "\(error.message) names \(named)") }
    }

    @Test func taskWeightsAreForPretrainingAndGoOnTheWireInTaskOrder() throws {
        var spec = try GridSpec.preset("smoke")
        let plain = try spec.hash()
        spec.pretrain.taskWeights = ["RD": 1, "Object_Localization": 1]
        #expect(try spec.hash() == plain, "weight 1 is an equal turn: the same grid as no weights")
        #expect(try JobGraph(spec: spec).jobs.first { $0.kind == .pretrain }?.hyperparameters.taskWeights == [])
        spec.pretrain.taskWeights = ["MR": 0.25, "ol": 3]
        let weighted = try spec.hash()
        #expect(weighted != plain)
        var spelled = spec
        spelled.pretrain.taskWeights = ["Multi-view_Reasoning": 0.25, "OL": 3, "VS": 1]
        #expect(try spelled.hash() == weighted, "names and abbreviations name the same weights")
        let graph = try JobGraph(spec: spec)
        let pretrain = try #require(graph.jobs.first { $0.kind == .pretrain }?.hyperparameters)
        var expected = [Double](repeating: 1, count: PerceptionTask.allCases.count)
        expected[PerceptionTask.allCases.firstIndex(of: .multiViewReasoning)!] = 0.25
        expected[PerceptionTask.allCases.firstIndex(of: .objectLocalization)!] = 3
        #expect(pretrain.taskWeights == expected)
        #expect(graph.jobs.first { $0.kind == .finetune }?.hyperparameters.taskWeights == [])
        // The rehearsal pool: the lightest task's share of the 40 x 16 mixed questions, less one.
        spec.finetune.rehearsal = 0.25
        let total = 11 + 0.25 + 3  // eleven tasks at 1
        #expect(try JobGraph(spec: spec).jobs.first { $0.kind == .finetune }?.hyperparameters.rehearsalPool
                == UInt32(Int(640 * 0.25 / total) - 1))
        for (weights, words) in [(["XX": 2.0], "not a task"), (["OL": 0], "(0, 1000]"), (["OL": -1], "(0, 1000]"),
                                 (["OL": .infinity], "(0, 1000]"), (["OL": 2, "Object_Localization": 3], "twice")] {
            spec.pretrain.taskWeights = weights
            do {
                try spec.validate()
                Issue.record("\(weights) was accepted")
            } catch { #expect(error.message.contains(words), "\(error.message)") }
        }
        spec.pretrain.taskWeights = nil
        spec.finetune.taskWeights = ["OL": 2]
        #expect(throws: GridError.self) { try spec.validate() }
        let yaml = try GridSpec.yaml("""
            name: w
            models: [small]
            seeds: [0]
            pretrain: {steps: 40, batch: 16, learning_rate: 1e-3, warmup: 10, task_weights: {MR: 0.25, OL: 3}}
            finetune: {steps: 20, batch: 16, learning_rate: 2e-3, warmup: 5}
            evaluation_questions: 64
            """, source: "w.yaml")
        #expect(yaml.pretrain.taskWeights == ["MR": 0.25, "OL": 3])
        #expect(try GridSpec.yaml(yaml.yamlText(), source: "again").hash() == yaml.hash())
    }
}
