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
        let cells = try Store(path: cluster.path("s.db"), readOnly: true).evaluations()
        func accuracy(_ source: String?, _ target: String) -> Double {
            let cell = cells.first { $0.source == source && $0.target == target }!
            return Double(cell.correct) / Double(cell.total)
        }
        let tasks = try spec.perceptionTasks().map(\.abbreviation)
        // A perfect baseline leaves no gap: calibrate prints '-' there.
        let expected = tasks.map { t -> Int? in
            let b = accuracy(nil, t)
            return b < 1 ? Int(String(format: "%.0f", 100 * (accuracy("AS", t) - b) / (1 - b)))! : nil
        }

        try cluster.start("calibrate", ["calibrate", "--store", "s.db", "--sources", "AS"])
        #expect(cluster.wait("calibrate", seconds: 120) && cluster.exitCode("calibrate") == 0, "\(cluster.log("calibrate"))")
        let row = cluster.log("calibrate").split(separator: "\n").first { $0.hasPrefix("AS ") }.map(String.init) ?? "no AS row"
        let printed = row.dropFirst(2).replacingOccurrences(of: "[", with: " ").replacingOccurrences(of: "]", with: " ")
            .split(separator: " ").map { $0 == "-" ? nil : Int($0) }
        #expect(printed == expected, "calibrate printed \(row); the grid holds \(expected)")
        #expect(cluster.log("calibrate").contains("rehearsal 0.25"))

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
}
