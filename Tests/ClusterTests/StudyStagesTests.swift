import Core
import Foundation
import Grid
import Store
import Testing
import Wire

/// The study's extra stages through the main job: `transfergrid run` on the smoke grid with
/// the format control and data selection for two targets, twice, on two workers each.
@Suite(.serialized) struct StudyStagesTests {
    @Test func controlAndSelectionCompleteAndRepeatBitForBit() throws {
        let cluster = try Cluster("study-stages")
        var spec = try GridSpec.preset("smoke")
        spec.formatControl = true
        spec.selection = SelectionStage(targets: ["RD", "CN"], threshold: 0)
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
        // 4 baselines, 16 cells, the control scored on each of the 4 targets, and each of the
        // three selection policies scored on each of the 2 targets.
        #expect(cells[0].count == 4 + 16 + 4 + 6)
        let selected = cells[0].values.filter { $0.source?.contains("-") == true }
        #expect(Set(selected.map { "\($0.source!).\($0.target)" }) == ["EQ-RD.RD", "PW-RD.RD", "RND-RD.RD", "EQ-CN.CN", "PW-CN.CN", "RND-CN.CN"])
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
        #expect(report.contains("Data selection:"))
    }
}
