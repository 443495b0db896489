internal import Foundation
public import Transfer

/// Machine-readable exports: every number as CSV and JSON, the graph as Graphviz DOT.
public enum Exports {
    /// One row per (model, source, target): seed mean, spread, interval.
    public static func cellsCSV(_ study: StudyAnalysis) -> String {
        var out = "model,source,target,mean_pgf,seed_sd,ci_low,ci_high\n"
        for m in study.models {
            for (i, source) in m.tasks.enumerated() {
                for (j, target) in m.tasks.enumerated() {
                    let ci = m.intervals?[i][j]
                    out += [m.model, source, target, value(m.meanPGF[i][j]), value(m.seedSpread[i][j]), value(ci?.low), value(ci?.high)]
                        .map(Format.csvField).joined(separator: ",") + "\n"
                }
            }
        }
        return out
    }

    /// One row per (model, task, aggregate): transferability of a source, malleability of a target.
    public static func aggregatesCSV(_ study: StudyAnalysis) -> String {
        var out = "model,task,aggregate,positive,negative,positive_sd,negative_sd,positive_ci_low,positive_ci_high,negative_ci_low,negative_ci_high\n"
        for m in study.models {
            for (kind, rows) in [("transferability", m.transferability), ("malleability", m.malleability)] {
                for r in rows {
                    out += [m.model, r.task, kind, value(r.positive), value(r.negative), value(r.positiveSpread), value(r.negativeSpread),
                            value(r.positiveInterval?.low), value(r.positiveInterval?.high), value(r.negativeInterval?.low), value(r.negativeInterval?.high)]
                        .map(Format.csvField).joined(separator: ",") + "\n"
                }
            }
        }
        return out
    }

    /// The counts behind the PGFs in the tidy accuracy format that `transfergrid analyze` reads
    /// (`AccuracyCSV`), each question's result included: one row per evaluation of the models
    /// whose every cell is in. Reports of several stores can then be analysed together (two
    /// model sizes run as two grids: the scale comparison). Header only when no model is complete.
    public static func accuracyCSV(_ runs: [ModelRuns]) -> String {
        var out = "model,seed,source,target,n_correct,n_total,correct\n"
        func row(_ m: ModelRuns, _ run: String, _ source: String, _ target: String, _ counts: Counts) -> String {
            let answers = counts.answers.map { String($0.map { $0 ? "1" : "0" }) } ?? ""
            return [m.model, run, source, target, String(counts.correct), String(counts.total), answers]
                .map(Format.csvField).joined(separator: ",") + "\n"
        }
        for m in runs {
            guard let baseline = m.baseline, let finetuned = m.finetuned else { continue }
            for (r, run) in m.runs.enumerated() {
                for (j, target) in m.tasks.enumerated() {
                    out += row(m, run, AccuracyCSV.baselineSource, target, baseline[r][j])
                    for (i, source) in m.tasks.enumerated() { out += row(m, run, source, target, finetuned[r][i][j]) }
                }
            }
        }
        return out
    }

    /// The whole analysis as one JSON document (the shape docs/analysis.md documents).
    public static func json(_ study: StudyAnalysis) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        return String(decoding: try encoder.encode(study), as: UTF8.self) + "\n"
    }

    /// The transfer graph of one model in Graphviz DOT.
    public static func dot(_ m: ModelAnalysis, threshold: Double, abbreviate: (String) -> String) -> String {
        var out = "digraph transfer {\n  label=\"\(m.model): seed-mean PGF, |PGF| >= \(threshold)\";\n  node [shape=circle];\n"
        for task in m.tasks { out += "  \"\(abbreviate(task))\";\n" }
        for (i, j, v) in GraphSVG.edges(m, threshold: threshold) {
            let colour = v > 0 ? "#1a9641" : "#b2182b"
            out += "  \"\(abbreviate(m.tasks[i]))\" -> \"\(abbreviate(m.tasks[j]))\" [color=\"\(colour)\", penwidth=\(String(format: "%.2f", 1 + 4 * min(abs(v), 1))), label=\"\(String(format: "%.2f", v))\"\(v < 0 ? ", style=dashed" : "")];\n"
        }
        return out + "}\n"
    }

    static func value(_ x: Double?) -> String { x.map { String(format: "%.6f", $0) } ?? "" }
}
