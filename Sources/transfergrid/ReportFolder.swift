import Core
import Foundation
import Grid
import Report
import Store
import Transfer

/// Writes a report folder (report.html, report.txt, cells.csv, aggregates.csv, analysis.json,
/// graph-*.dot, and with the counts at hand accuracy.csv) for `analyze`, `report` and `run`.
enum ReportFolder {
    static func abbreviate(_ name: String) -> String { PerceptionTask(named: name)?.abbreviation ?? name }

    /// - Parameter runs: the inputs of `study`; accuracy.csv is written from their counts.
    static func write(_ study: StudyAnalysis, runs: [ModelRuns], to out: String, threshold: Double) throws {
        var files = try HTMLReport.files(study, threshold: threshold, abbreviate: abbreviate)
        files["report.txt"] = TextReport.render(study, abbreviate: abbreviate)
        if runs.contains(where: { $0.baseline != nil && $0.finetuned != nil }) { files["accuracy.csv"] = Exports.accuracyCSV(runs) }
        do {
            try FileManager.default.createDirectory(atPath: out, withIntermediateDirectories: true)
            for (name, content) in files.sorted(by: { $0.key < $1.key }) {
                try Data(content.utf8).write(to: URL(fileURLWithPath: out).appendingPathComponent(name), options: .atomic)
            }
        } catch {
            throw CLIError("cannot write the report to \(out): \(error.localizedDescription)")
        }
    }

    /// The analysis of what a store holds so far, and a line saying how complete it is.
    static func study(ofStore path: String, bootstrap: Int) throws -> (study: StudyAnalysis, runs: [ModelRuns], summary: String) {
        guard FileManager.default.fileExists(atPath: path) else {
            throw CLIError("no store at \(path); give the --store a grid was run with")
        }
        let evaluations: [StoredEvaluation]
        let status: StoreStatus
        let spec: GridSpec
        do {
            let database = try Store(path: path, readOnly: true)
            guard let grid = try database.grid() else {
                throw CLIError("\(path) holds no grid yet; start one with `transfergrid run` or `transfergrid coordinator`")
            }
            spec = grid.spec
            evaluations = try database.evaluations()
            status = try database.status()
        } catch let error as StoreError {
            throw CLIError(error.message)
        }
        let runs: [ModelRuns]
        do { runs = try StoreResults.modelRuns(spec: spec, evaluations: evaluations) } catch { throw CLIError(error.message) }
        guard !runs.isEmpty else {
            throw CLIError("\(path): no finetuned cell has both its score and its baseline yet (\(status.counts[.done] ?? 0) of \(status.total) jobs done); try again later")
        }
        let sampler = bootstrap > 0 ? Bootstrap(replicates: bootstrap) : nil
        let study = StudyAnalysis(runs.map { ModelAnalysis($0, bootstrap: sampler) })
        let done = status.counts[.done] ?? 0
        let summary = done == status.total
            ? "grid \(status.gridName): complete, \(evaluations.count) cells"
            : "grid \(status.gridName): \(done) of \(status.total) jobs done; cells not evaluated yet are blank"
        return (study, runs, summary)
    }
}
