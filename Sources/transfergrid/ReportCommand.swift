import Store
import Transfer
import Report
import ArgumentParser
import Foundation

extension TransferGrid {
    /// `transfergrid report`: the study's analysis of a store, complete or still running.
    struct ReportCommand: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "report",
            abstract: "Write the report of a grid from its store (also while the grid runs).",
            discussion: """
                The folder gets report.html (open it in a browser), report.txt, cells.csv, aggregates.csv, \
                analysis.json and graph-*.dot. Cells not evaluated yet are blank; intervals need every cell \
                of a model.
                """
        )

        @Option(help: "The store (SQLite).")
        var store = "transfergrid.db"

        @Option(help: "The report folder (created when missing).")
        var out = "reports/grid"

        @Option(help: "Draw graph edges with |seed-mean PGF| at or above this.")
        var edgeThreshold = 0.25

        @Option(help: "Bootstrap replicates over questions (0 turns intervals off).")
        var bootstrap = 1000

        func validate() throws {
            guard edgeThreshold >= 0 else { throw ValidationError("--edge-threshold must not be negative, got \(edgeThreshold)") }
            guard bootstrap >= 0 else { throw ValidationError("--bootstrap must not be negative, got \(bootstrap)") }
        }

        func run() throws {
            let (study, runs, summary): (StudyAnalysis, [ModelRuns], String)
            do {
                (study, runs, summary) = try StoreResults.study(ofStore: store, bootstrap: bootstrap)
                try ReportFolder.write(study, runs: runs, to: out, threshold: edgeThreshold)
            } catch let error as StoreError { throw CLIError(error.message) } catch let error as ReportError { throw CLIError(error.message) }
            print(summary)
            print("report: \(out)/report.html")
        }
    }
}
