import ArgumentParser
import Foundation
import Store

extension TransferGrid {
    /// `transfergrid status`: where a grid stands, from its store (also while it runs).
    struct Status: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Show a grid's progress from its store: counts by state and kind, workers, ETA, failures."
        )

        @Option(help: "The store (SQLite).")
        var store = "transfergrid.db"

        func run() throws {
            let status: StoreStatus
            do {
                status = try Store(path: store, readOnly: true).status()
            } catch {
                throw CLIError(error.message)
            }
            let done = status.counts[.done] ?? 0, total = status.total
            print("grid \(status.gridName) (\(status.gridHash.prefix(12)))  \(done)/\(total) done"
                + (total > 0 ? String(format: " (%.1f %%)", 100 * Double(done) / Double(total)) : ""))
            print("  " + JobState.allCases.map { "\($0.rawValue) \(status.counts[$0] ?? 0)" }.joined(separator: "   ")
                + "   duplicates \(status.duplicates)")
            if let core = status.blasCore { print("  scores computed with OpenBLAS \(core) kernels (every worker must use them)") }
            for kind in ["pretrain", "finetune", "evaluate", "noop"] {
                if let counts = status.byKind[kind] { print("  \(kind.padding(toLength: 9, withPad: " ", startingAt: 0)) \(counts.done)/\(counts.total)") }
            }
            if let rate = status.recentRate, rate > 0 {
                let left = Double(total - done - (status.counts[.failed] ?? 0))
                print(String(format: "  rate %.2f jobs/s over the last minute; ETA %@", rate, left > 0 ? ProgressLine.duration(left / rate) : "done"))
            }
            if !status.workers.isEmpty {
                print("workers")
                print("  id                             host                 state  running  done  last seen  OpenBLAS")
                let now = Date().timeIntervalSince1970
                for w in status.workers {
                    print("  \(w.id.padding(toLength: 30, withPad: " ", startingAt: 0)) \(w.host.padding(toLength: 20, withPad: " ", startingAt: 0)) "
                        + "\(w.state.padding(toLength: 6, withPad: " ", startingAt: 0)) \(String(format: "%7d  %4d  %@ ago", w.running, w.jobsDone, ProgressLine.duration(now - w.lastSeen)))"
                        + "  \(w.blasCore.isEmpty ? "?" : w.blasCore)")
                }
            }
            if !status.failures.isEmpty {
                print("failed jobs (rerun with --rerun-failed)")
                for f in status.failures { print("  \(f.job): \(f.reason)") }
            }
        }
    }
}
