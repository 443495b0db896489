import Core
import ArgumentParser
import Foundation
import Report
import Transfer

extension TransferGrid {
    /// `transfergrid analyze FILE...`: the study's analysis of released or measured results.
    struct Analyze: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Analyse transfer results: PGF matrices, transferability, malleability, cliques, personas, scale.",
            discussion: """
                Each FILE is either the authors' released per-run PGF format
                (seed,ft_task,task,perfection_gap_factor; one model per file, named by the file) or
                TransferGrid's accuracy format (model,seed,source,target,n_correct,n_total[,correct]);
                see docs/analysis.md. Every input is read and checked before anything is written.
                """
        )

        enum OutputFormat: String, ExpressibleByArgument, CaseIterable { case text, json }

        @Argument(help: "Result files (CSV).")
        var files: [String]

        @Option(help: "Output on standard output: text or json.")
        var format: OutputFormat = .text

        @Option(help: "Also write a report folder: report.html, cells.csv, aggregates.csv, analysis.json, graph-*.dot.")
        var out: String?

        @Option(help: "Draw graph edges with |seed-mean PGF| at or above this.")
        var edgeThreshold = 0.25

        @Option(help: "Bootstrap replicates over questions (used when per-question correctness is known; 0 turns it off).")
        var bootstrap = 1000

        func validate() throws {
            guard !files.isEmpty else { throw ValidationError("give at least one result file") }
            guard edgeThreshold >= 0 else { throw ValidationError("--edge-threshold must not be negative, got \(edgeThreshold)") }
            guard bootstrap >= 0 else { throw ValidationError("--bootstrap must not be negative, got \(bootstrap)") }
        }

        func run() throws {
            let known = PerceptionTask.allCases.map(\.name)
            var runs: [ModelRuns] = []
            for file in files {
                let text: String
                do {
                    text = try String(contentsOfFile: file, encoding: .utf8)
                } catch {
                    throw CLIError("\(file): cannot read it (\(error.localizedDescription))")
                }
                let header = text.prefix { $0 != "\n" }
                do {
                    if header.contains("perfection_gap_factor") {
                        runs.append(try ReleasedCSV.read(text, file: file, knownTasks: known))
                    } else if header.contains("n_correct") {
                        runs += try AccuracyCSV.read(text, file: file, knownTasks: known).map(Self.withChance)
                    } else {
                        throw TransferInputError(file: file, line: 1, "not a known format: the header needs perfection_gap_factor (released) or n_correct (accuracy)")
                    }
                } catch let error as TransferInputError {
                    throw CLIError(error.description)
                }
            }
            var seen = Set<String>()
            for r in runs where !seen.insert(r.model).inserted {
                throw CLIError("model \(r.model) appears in more than one input; give each model once")
            }
            let sampler = bootstrap > 0 ? Bootstrap(replicates: bootstrap) : nil
            let study = StudyAnalysis(runs.map { ModelAnalysis($0, bootstrap: sampler) })
            switch format {
            case .text: print(TextReport.render(study, abbreviate: ReportFolder.abbreviate), terminator: "")
            case .json: print(try Exports.json(study), terminator: "")
            }
            if let out {
                do { try ReportFolder.write(study, runs: runs, to: out, threshold: edgeThreshold) } catch { throw CLIError(error.message) }
                FileHandle.standardError.write(Data("wrote the report to \(out)/report.html\n".utf8))
            }
        }

        /// Accuracy counts of the study's own tasks carry their chance levels, so the report can
        /// measure the calibration goals; other tasks' (a user's benchmark) stay without them.
        static func withChance(_ runs: ModelRuns) -> ModelRuns {
            let tasks = runs.tasks.compactMap(PerceptionTask.init(named:))
            guard tasks.count == runs.tasks.count else { return runs }
            var out = runs
            out.chance = tasks.map(\.chance)
            return out
        }
    }
}
