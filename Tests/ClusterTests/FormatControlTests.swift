import Foundation
import Grid
import Store
import Testing
import Wire

/// The format control through the main job: `transfergrid run` on the smoke grid with
/// `format_control: true`, twice, on two workers each.
@Suite(.serialized) struct FormatControlTests {
    @Test func aFormatControlGridCompletesAndRepeatsBitForBit() throws {
        let cluster = try Cluster("format-control")
        var spec = try GridSpec.preset("smoke")
        spec.formatControl = true
        try spec.yamlText().write(toFile: cluster.path("grid.yaml"), atomically: true, encoding: .utf8)
        var cells: [[String: StoredEvaluation]] = []
        for run in ["a", "b"] {
            try cluster.start(run, ["run", "--grid", "grid.yaml", "--store", "\(run).db", "--out", "\(run)-report", "--workers", "2"])
            #expect(cluster.wait(run, seconds: 180), "run \(run) did not finish:\n\(cluster.log(run))")
            #expect(cluster.exitCode(run) == 0, "\(cluster.log(run))")
            let evaluations = try Store(path: cluster.path("\(run).db"), readOnly: true).evaluations()
            cells.append(Dictionary(uniqueKeysWithValues: evaluations.map { ($0.job, $0) }))
        }
        let tasks = try spec.perceptionTasks().map(\.abbreviation)
        // 4 baselines, 16 cells, and the control scored on each of the 4 targets.
        #expect(cells[0].count == 4 + 16 + 4)
        let control = cells[0].values.filter { $0.source == "FMT" }
        #expect(Set(control.map(\.target)) == Set(tasks))
        // Scores do not depend on which worker ran a job: the two runs agree bit for bit.
        #expect(Set(cells[0].keys) == Set(cells[1].keys))
        for (job, cell) in cells[0] {
            #expect(cell.correctness == cells[1][job]?.correctness, "\(job)")
        }
        // The report shows the control.
        let report = try String(contentsOfFile: cluster.path("a-report/report.txt"), encoding: .utf8)
        #expect(report.contains("Format control (finetuned on all tasks with shuffled labels)"))
    }
}
