internal import Core
internal import Foundation
public import Transfer

/// A report folder: report.html, report.txt, cells.csv, aggregates.csv, analysis.json,
/// graph-*.dot, and with the counts at hand accuracy.csv (for `analyze`, `report` and `run`).
public enum ReportFolder {
    /// A task's two-letter abbreviation, for a name the study knows; the name otherwise.
    public static func abbreviate(_ name: String) -> String { PerceptionTask(named: name)?.abbreviation ?? name }

    /// Writes every file of `study` into `out` (made when missing), each atomically.
    /// - Parameter runs: the inputs of `study`; accuracy.csv is written from their counts.
    public static func write(_ study: StudyAnalysis, runs: [ModelRuns], to out: String, threshold: Double) throws(ReportError) {
        var files: [String: String]
        do { files = try HTMLReport.files(study, threshold: threshold, abbreviate: abbreviate) } catch {
            throw ReportError("cannot render the report: \(error)")
        }
        files["report.txt"] = TextReport.render(study, abbreviate: abbreviate)
        if runs.contains(where: { $0.baseline != nil && $0.finetuned != nil }) { files["accuracy.csv"] = Exports.accuracyCSV(runs) }
        do {
            try FileManager.default.createDirectory(atPath: out, withIntermediateDirectories: true)
            for (name, content) in files.sorted(by: { $0.key < $1.key }) {
                try Data(content.utf8).write(to: URL(fileURLWithPath: out).appendingPathComponent(name), options: .atomic)
            }
        } catch {
            throw ReportError("cannot write the report to \(out): \(error.localizedDescription)")
        }
    }
}
