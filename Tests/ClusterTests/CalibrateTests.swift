import Core
import Foundation
import Grid
import Store
import Testing
import Wire

/// `transfergrid calibrate` against a real grid: a smoke grid whose finetunes rehearse, run by
/// `transfergrid run`, then its base finetuned again outside the grid. With the grid's own
/// settings, calibrate's row is the grid's row; with rehearsal alone, the control runs; the
/// store is left as it was.
@Suite(.serialized) struct CalibrateTests {
    @Test func reproducesTheGridsCellsAndLeavesTheStoreAlone() throws {
        let cluster = try Cluster("calibrate")
        var spec = try GridSpec.preset("smoke")
        spec.finetune.rehearsal = 0.25
        try spec.yamlText().write(toFile: cluster.path("grid.yaml"), atomically: true, encoding: .utf8)
        try cluster.start("run", ["run", "--grid", "grid.yaml", "--store", "s.db", "--out", "report", "--workers", "2"])
        #expect(cluster.wait("run", seconds: 180), "the grid did not finish:\n\(cluster.log("run"))")
        #expect(cluster.exitCode("run") == 0, "\(cluster.log("run"))")
        let before = try Data(contentsOf: URL(fileURLWithPath: cluster.path("s.db")))

        // The grid's AS row, as calibrate prints it: PGF x 100 to no decimals, [self] in brackets.
        try Self.expectRow("AS", of: Store(path: cluster.path("s.db"), readOnly: true), tasks: spec.perceptionTasks(), in: cluster,
                           calibrate: ["--store", "s.db"], mentioning: "rehearsal 0.25")

        try cluster.start("control", ["calibrate", "--store", "s.db", "--rehearsal-only", "--steps", "10"])
        #expect(cluster.wait("control", seconds: 120) && cluster.exitCode("control") == 0, "\(cluster.log("control"))")
        #expect(cluster.log("control").contains("rehearsal 1") && cluster.log("control").contains("\n--  "))

        try cluster.start("bad", ["calibrate", "--store", "s.db", "--rehearsal", "1"])
        #expect(cluster.wait("bad", seconds: 60) && cluster.exitCode("bad") != 0)
        #expect(cluster.log("bad").contains("finetune.rehearsal is 1.0; use a share in [0, 1)"), "\(cluster.log("bad"))")
        try cluster.start("outside", ["calibrate", "--store", "s.db", "--sources", "VS"])
        #expect(cluster.wait("outside", seconds: 60) && cluster.exitCode("outside") != 0)
        #expect(cluster.log("outside").contains("VS is not one of the grid's tasks (AS, RD, JG, CN)"), "\(cluster.log("outside"))")
        try cluster.start("none", ["calibrate", "--store", "missing.db"])
        #expect(cluster.wait("none", seconds: 60) && cluster.exitCode("none") != 0)
        #expect(!FileManager.default.fileExists(atPath: cluster.path("missing.db")), "calibrate created a store")
        #expect(try Data(contentsOf: URL(fileURLWithPath: cluster.path("s.db"))) == before, "calibrate wrote to the store")
    }

    /// A benchmark shift changes no base: the shifted grid's pretraining is the plain one's bit
    /// for bit, and `calibrate --grid` on the plain store prints the shifted grid's own cells.
    @Test func aShiftedGridKeepsTheBasesAndCalibrateReproducesItsCells() throws {
        let cluster = try Cluster("calibrate-shift")
        var plain = try GridSpec.preset("smoke")
        plain.finetune.rehearsal = 0.25
        var shifted = plain
        shifted.name = "smoke-shifted"
        shifted.benchmarkShift = BenchmarkShift(contrast: 0.8, cast: 0.1, noise: 0.02)
        try plain.yamlText().write(toFile: cluster.path("plain.yaml"), atomically: true, encoding: .utf8)
        try shifted.yamlText().write(toFile: cluster.path("shifted.yaml"), atomically: true, encoding: .utf8)
        for (name, file) in [("plain", "plain.yaml"), ("shifted", "shifted.yaml")] {
            try cluster.start(name, ["run", "--grid", file, "--store", "\(name).db", "--out", "report-\(name)", "--workers", "2"])
            #expect(cluster.wait(name, seconds: 180) && cluster.exitCode(name) == 0, "\(cluster.log(name))")
        }
        let plainStore = try Store(path: cluster.path("plain.db"), readOnly: true)
        let shiftedStore = try Store(path: cluster.path("shifted.db"), readOnly: true)
        let bases = { (store: Store) in try store.jobs().filter { $0.id.contains(".pretrain.") }
            .map { "\($0.id.components(separatedBy: ".pretrain.").last!): \($0.output?.digest.hex ?? "none")" }.sorted() }
        #expect(try bases(plainStore) == bases(shiftedStore) && !bases(plainStore).isEmpty, "the shift changed a base model")
        #expect(try plainStore.evaluations().map(\.correct) != shiftedStore.evaluations().map(\.correct), "the shift changed no score")
        try Self.expectRow("JG", of: shiftedStore, tasks: plain.perceptionTasks(), in: cluster,
                           calibrate: ["--store", "plain.db", "--grid", "shifted.yaml"], mentioning: "benchmark shift contrast 0.8, cast 0.1, noise 0.02")

        var other = shifted
        other.pretrain.steps += 1
        try other.yamlText().write(toFile: cluster.path("other.yaml"), atomically: true, encoding: .utf8)
        try cluster.start("other", ["calibrate", "--store", "plain.db", "--grid", "other.yaml"])
        #expect(cluster.wait("other", seconds: 60) && cluster.exitCode("other") != 0)
        #expect(cluster.log("other").contains("pretrains otherwise than the grid in plain.db"), "\(cluster.log("other"))")
    }

    /// Runs `transfergrid calibrate ARGUMENTS --sources SOURCE` and expects the row it prints to
    /// be the row `store` holds for the seed, and its log to mention `mention`.
    static func expectRow(_ source: String, of store: Store, seed: UInt64 = 0, tasks: [PerceptionTask], in cluster: Cluster,
                          calibrate arguments: [String], mentioning mention: String) throws {
        let expected = try storedRow(source, in: store, seed: seed, tasks: tasks)
        try cluster.start("calibrate", ["calibrate"] + arguments + ["--sources", source])
        #expect(cluster.wait("calibrate", seconds: 120) && cluster.exitCode("calibrate") == 0, "\(cluster.log("calibrate"))")
        #expect(cluster.log("calibrate").contains(mention), "\(cluster.log("calibrate"))")
        let (row, printed) = printedRow(source, in: cluster.log("calibrate"))
        #expect(printed == expected, "calibrate printed \(row); the grid holds \(expected)")
    }

    /// A source's PGF row of a seed as a grid stored it, x 100 to no decimals as calibrate prints it;
    /// nil where a perfect baseline leaves no gap (calibrate prints '-').
    static func storedRow(_ source: String, in store: Store, seed: UInt64 = 0, tasks: [PerceptionTask]) throws -> [Int?] {
        let cells = try store.evaluations()
        func accuracy(_ source: String?, _ target: String) -> Double {
            let cell = cells.first { $0.seed == seed && $0.source == source && $0.target == target }!
            return Double(cell.correct) / Double(cell.total)
        }
        return tasks.map(\.abbreviation).map { t -> Int? in
            let b = accuracy(nil, t)
            return b < 1 ? Int(String(format: "%.0f", 100 * (accuracy(source, t) - b) / (1 - b)))! : nil
        }
    }

    /// The row calibrate printed for a source: the line, and its cells ([self] unbracketed).
    static func printedRow(_ source: String, in log: String) -> (String, [Int?]) {
        let row = log.split(separator: "\n").first { $0.hasPrefix("\(source) ") }.map(String.init) ?? "no \(source) row"
        let cells = row.dropFirst(2).replacingOccurrences(of: "[", with: " ").replacingOccurrences(of: "]", with: " ")
            .split(separator: " ").map { $0 == "-" ? nil : Int($0) }
        return (row, cells)
    }
}
