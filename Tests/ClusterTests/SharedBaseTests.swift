import Core
import Foundation
import Grid
import Store
import Testing
import Wire

/// One base per model (`base_seed`) through the main job, and `--bases-from`, which takes a
/// finished base from another store instead of pretraining it again.
@Suite(.serialized) struct SharedBaseTests {
    /// A shared base (`base_seed`): one pretraining, the same bits as the plain grid's base of
    /// that seed; every seed's baseline is the same benchmark on the same model, bit for bit,
    /// while the seeds' finetunes differ; calibrate finds the one base for every seed.
    @Test func aSharedBaseIsThePlainGridsBaseForEverySeed() throws {
        let cluster = try Cluster("calibrate-shared")
        var plain = try GridSpec.preset("smoke")
        plain.seeds = [0, 1]
        plain.finetune.rehearsal = 0.25
        var shared = plain
        shared.name = "smoke-shared"
        shared.baseSeed = 1
        try plain.yamlText().write(toFile: cluster.path("plain.yaml"), atomically: true, encoding: .utf8)
        try shared.yamlText().write(toFile: cluster.path("shared.yaml"), atomically: true, encoding: .utf8)
        for (name, file) in [("plain", "plain.yaml"), ("shared", "shared.yaml")] {
            try cluster.start(name, ["run", "--grid", file, "--store", "\(name).db", "--out", "report-\(name)", "--workers", "2"])
            #expect(cluster.wait(name, seconds: 240) && cluster.exitCode(name) == 0, "\(cluster.log(name))")
        }
        #expect(!cluster.log("shared").contains("--bases-from"))
        let report = try String(contentsOfFile: cluster.path("report-shared/report.txt"), encoding: .utf8)
        #expect(report.contains("== small: 4 tasks, 2 run(s) (0, 1), finetunes of one base (seed 1) =="), "\(report.prefix(300))")
        #expect(try !String(contentsOfFile: cluster.path("report-plain/report.txt"), encoding: .utf8).contains("finetunes of one base"))
        let plainStore = try Store(path: cluster.path("plain.db"), readOnly: true)
        let sharedStore = try Store(path: cluster.path("shared.db"), readOnly: true)
        let base = { (store: Store, seed: String) in try store.jobs().first { $0.id.hasSuffix(".pretrain.small.s\(seed)") }?.output?.digest.hex }
        #expect(try sharedStore.jobs().filter { $0.id.contains(".pretrain.") }.count == 1)
        let (digest, plainDigest) = (try base(sharedStore, "1"), try base(plainStore, "1"))
        #expect(digest != nil && digest == plainDigest, "the shared base is not the plain grid's seed-1 base")

        let cells = try sharedStore.evaluations()
        let plainCells = try Dictionary(uniqueKeysWithValues: plainStore.evaluations().map { ("\($0.seed).\($0.source ?? "base").\($0.target)", $0) })
        let baselines = cells.filter { $0.source == nil }
        for target in try shared.perceptionTasks().map(\.abbreviation) {
            let pair = baselines.filter { $0.target == target }
            #expect(pair.count == 2 && pair[0].correctness == pair[1].correctness, "\(target): the seeds' baselines differ")
            #expect(pair.first?.correctness == plainCells["1.base.\(target)"]?.correctness, "\(target): not the plain seed 1 baseline")
        }
        let rows = { (seed: UInt64) in cells.filter { $0.seed == seed && $0.source != nil }.sorted { "\($0.source!)\($0.target)" < "\($1.source!)\($1.target)" }.map(\.correctness) }
        #expect(rows(0).count == 16 && rows(0) != rows(1), "the seeds' finetunes gave the same scores")

        try CalibrateTests.expectRow("JG", of: sharedStore, seed: 0, tasks: shared.perceptionTasks(), in: cluster,
                                     calibrate: ["--store", "shared.db", "--seed", "0"], mentioning: "seed 0 on the base of seed 1")
        // The plain store has no seed-5 base for a grid that asks for one.
        var elsewhere = shared
        elsewhere.baseSeed = 5
        try elsewhere.yamlText().write(toFile: cluster.path("elsewhere.yaml"), atomically: true, encoding: .utf8)
        try cluster.start("elsewhere", ["calibrate", "--store", "plain.db", "--grid", "elsewhere.yaml"])
        #expect(cluster.wait("elsewhere", seconds: 60) && cluster.exitCode("elsewhere") != 0)
        #expect(cluster.log("elsewhere").contains("plain.db pretrains no small base with seed 5; its grid's bases are seeds 0, 1"), "\(cluster.log("elsewhere"))")
    }

    /// `--bases-from`: the shared grid takes the plain grid's seed-1 base (no attempt, no
    /// pretraining) and its cells are the ones it makes when it pretrains the base itself; a
    /// store with other pretraining, a missing store, the grid's own store or a store of another
    /// kernel family is refused, and nothing is taken.
    @Test func basesFromAnotherStoreGiveTheSameCells() throws {
        let cluster = try Cluster("bases-from")
        var plain = try GridSpec.preset("smoke")
        plain.seeds = [0, 1]
        var shared = plain
        shared.name = "smoke-shared"
        shared.baseSeed = 1
        shared.finetune.steps += 5
        shared.evaluationQuestions += 16
        var other = plain
        other.pretrain.learningRate *= 2
        for (name, spec) in [("plain", plain), ("shared", shared), ("other", other)] {
            try spec.yamlText().write(toFile: cluster.path("\(name).yaml"), atomically: true, encoding: .utf8)
        }
        try cluster.start("plain", ["run", "--grid", "plain.yaml", "--store", "plain.db", "--out", "r-plain", "--workers", "2"])
        #expect(cluster.wait("plain", seconds: 240) && cluster.exitCode("plain") == 0, "\(cluster.log("plain"))")

        for (name, store, basesFrom, message) in [
            ("missing", "m.db", "nowhere.db", "--bases-from nowhere.db: there is no store at nowhere.db"),
            ("own", "o.db", "o.db", "--bases-from names the grid's own store (o.db)"),
        ] {
            try cluster.start(name, ["run", "--grid", "shared.yaml", "--store", store, "--bases-from", basesFrom, "--workers", "0"])
            #expect(cluster.wait(name, seconds: 60) && cluster.exitCode(name) != 0)
            #expect(cluster.log(name).contains(message), "\(cluster.log(name))")
        }
        try cluster.start("wrong", ["run", "--grid", "other.yaml", "--store", "w.db", "--bases-from", "plain.db", "--workers", "0"])
        #expect(cluster.wait("wrong", seconds: 60) && cluster.exitCode("wrong") != 0)
        #expect(cluster.log("wrong").contains("pretrains none of this grid's bases"), "\(cluster.log("wrong"))")
        #expect(try Store(path: cluster.path("w.db"), readOnly: true).jobs().allSatisfy { $0.state == .pending }, "a refused --bases-from changed the store")
        // A store pinned to another kernel family takes no base computed on this one.
        let plainCore = try #require(try Store(path: cluster.path("plain.db"), readOnly: true).blasCore())
        let otherCore = plainCore == "Haswell" ? "Cooperlake" : "Haswell"
        do {
            let pinned = try Store(path: cluster.path("k.db"))
            _ = try pinned.install(JobGraph(spec: shared))
            try pinned.apply([.blasCorePinned(otherCore)])
        }
        try cluster.start("family", ["run", "--grid", "shared.yaml", "--store", "k.db", "--bases-from", "plain.db", "--workers", "0"])
        #expect(cluster.wait("family", seconds: 60) && cluster.exitCode("family") != 0)
        #expect(cluster.log("family").contains("--bases-from plain.db: its bases are of OpenBLAS's \(plainCore) kernels, this store's of \(otherCore)"),
                "\(cluster.log("family"))")
        let refused = try Store(path: cluster.path("k.db"), readOnly: true)
        #expect(try refused.jobs().allSatisfy { $0.state == .pending } && refused.blasCore() == otherCore, "a refused --bases-from changed the store")

        try cluster.start("adopted", ["run", "--grid", "shared.yaml", "--store", "a.db", "--out", "r-a", "--workers", "2", "--bases-from", "plain.db"])
        #expect(cluster.wait("adopted", seconds: 240) && cluster.exitCode("adopted") == 0, "\(cluster.log("adopted"))")
        let plainBase = try Store(path: cluster.path("plain.db"), readOnly: true).jobs().first { $0.id.hasSuffix(".pretrain.small.s1") }?.output?.digest.hex
        #expect(cluster.log("adopted").contains("--bases-from: small seed 1: base \(plainBase?.prefix(12) ?? "?") taken from plain.db"), "\(cluster.log("adopted"))")
        #expect(!cluster.log("adopted").contains("resuming"), "a fresh store with a taken base said it resumed")
        try cluster.start("fresh", ["run", "--grid", "shared.yaml", "--store", "f.db", "--out", "r-f", "--workers", "2"])
        #expect(cluster.wait("fresh", seconds: 240) && cluster.exitCode("fresh") == 0, "\(cluster.log("fresh"))")

        let adopted = try Store(path: cluster.path("a.db"), readOnly: true)
        let pretrain = try #require(try adopted.jobs().first { $0.id.contains(".pretrain.") })
        #expect(pretrain.state == .done && pretrain.attempts == 0 && pretrain.output?.digest.hex == plainBase)
        #expect(try adopted.attemptWorkers()[pretrain.id] == nil, "the adopted base was pretrained again")
        let cells = { (store: Store) in try store.evaluations().map { "\($0.job) \($0.correctness)" }.sorted() }
        let fresh = try Store(path: cluster.path("f.db"), readOnly: true)
        #expect(try cells(adopted) == cells(fresh) && !cells(fresh).isEmpty, "cells on the taken base differ from cells on a base pretrained here")
        // Again on a finished store: nothing to take, nothing run.
        try cluster.start("again", ["run", "--grid", "shared.yaml", "--store", "a.db", "--out", "r-a2", "--workers", "0", "--bases-from", "plain.db"])
        #expect(cluster.wait("again", seconds: 60) && cluster.exitCode("again") == 0, "\(cluster.log("again"))")
        #expect(cluster.log("again").contains("small seed 1: pretrained in this store already"), "\(cluster.log("again"))")
    }

    /// `--results-from`: a grid that gives one source a budget of its own takes every other job
    /// of the grid it grew from (base, finetunes, cells) and runs only that source's finetune and
    /// cells; its cells are the ones it makes from nothing, bit for bit.
    @Test func resultsFromAnotherStoreGiveTheSameCells() throws {
        let cluster = try Cluster("results-from")
        let plain = try GridSpec.preset("smoke")
        var longer = plain
        longer.name = "smoke-longer"
        longer.finetune.taskSteps = ["CN": 25]
        for (name, spec) in [("plain", plain), ("longer", longer)] {
            try spec.yamlText().write(toFile: cluster.path("\(name).yaml"), atomically: true, encoding: .utf8)
        }
        try cluster.start("plain", ["run", "--grid", "plain.yaml", "--store", "plain.db", "--out", "r-plain", "--workers", "2"])
        #expect(cluster.wait("plain", seconds: 240) && cluster.exitCode("plain") == 0, "\(cluster.log("plain"))")
        try cluster.start("own", ["run", "--grid", "longer.yaml", "--store", "o.db", "--results-from", "o.db", "--workers", "0"])
        #expect(cluster.wait("own", seconds: 60) && cluster.exitCode("own") != 0)
        #expect(cluster.log("own").contains("--results-from names the grid's own store (o.db)"), "\(cluster.log("own"))")

        try cluster.start("adopted", ["run", "--grid", "longer.yaml", "--store", "a.db", "--out", "r-a", "--workers", "2", "--results-from", "plain.db"])
        #expect(cluster.wait("adopted", seconds: 240) && cluster.exitCode("adopted") == 0, "\(cluster.log("adopted"))")
        #expect(cluster.log("adopted").contains("--results-from: 1 pretrain, 3 finetune, 16 evaluate taken from plain.db (grid smoke); 20 of this grid's 25 jobs are the same there"),
                "\(cluster.log("adopted"))")
        try cluster.start("fresh", ["run", "--grid", "longer.yaml", "--store", "f.db", "--out", "r-f", "--workers", "2"])
        #expect(cluster.wait("fresh", seconds: 240) && cluster.exitCode("fresh") == 0, "\(cluster.log("fresh"))")

        let adopted = try Store(path: cluster.path("a.db"), readOnly: true)
        let ran = Set(try adopted.attemptWorkers().keys)
        #expect(ran.count == 5 && ran.allSatisfy { $0.contains(".CN") && !$0.contains(".base.") }, "ran here: \(ran.sorted())")
        let cells = { (store: Store) in try store.evaluations().map { "\($0.job) \($0.correctness)" }.sorted() }
        let fresh = try Store(path: cluster.path("f.db"), readOnly: true)
        #expect(try cells(adopted) == cells(fresh) && cells(fresh).count == 20, "cells taken from the other store differ from cells made here")
        #expect(try adopted.blasCore() == Store(path: cluster.path("plain.db"), readOnly: true).blasCore())
        // Each job taken keeps the time it took there, so the time left is known from the start.
        let tookThere = Set(try Store(path: cluster.path("plain.db"), readOnly: true).jobTimes().took.values)
        let took = try adopted.jobTimes().took
        let taken = took.filter { !ran.contains($0.key) }
        #expect(took.count == 25 && taken.count == 20 && taken.values.allSatisfy { tookThere.contains($0) }, "times: \(took)")
    }
}
