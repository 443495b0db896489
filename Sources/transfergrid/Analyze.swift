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
            let runs: [ModelRuns]
            do { runs = try StudyInputs.read(files) } catch { throw CLIError(error.description) }
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
    }
}
