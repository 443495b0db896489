import ArgumentParser
import Foundation
import Grid
import Store
import LocalGrid

extension TransferGrid {
    /// `transfergrid status`: where a grid stands, from its store (also while it runs).
    struct Status: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Show a grid's progress from its store: counts by state and kind, workers, ETA, failures."
        )

        @Option(help: "The store (SQLite).")
        var store = "transfergrid.db"

        func run() throws {
            let status: StoreStatus, left: Double?
            let now = Date().timeIntervalSince1970
            do {
                let database = try Store(path: store, readOnly: true)
                status = try database.status()
                left = try database.grid().flatMap { try? JobGraph(spec: $0.spec) }
                    .flatMap { database.timeLeft(of: $0, status: status, now: now) }
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
            // The rate of the minute before the last job done, shown while that minute is recent.
            let recent = status.lastDone.map { now - $0 < 60 } ?? false
            let rate = status.recentRate.flatMap { recent ? String(format: "rate %.2f jobs/s over the last minute; ", $0) : nil } ?? ""
            let slots = status.liveSlots(at: now)
            let eta = switch left {
            case 0?: "done"
            case let left? where slots > 0: "\(ProgressLine.duration(left)) (from the pace of the jobs done, \(slots) job(s) at a time)"
            case _? : "-- (no live workers)"
            case nil: "-- (known once a job of each kind and model left has finished)"
            }
            print("  \(rate)ETA \(eta)")
            if !status.workers.isEmpty {
                print("workers")
                print("  id                             host                 state  running  done  last seen  OpenBLAS")
                for w in status.workers {
                    // Recorded alive but not heard from lately: its coordinator (or the worker) stopped.
                    let state = w.state == .alive && !w.isLive(at: now) ? "silent" : w.state.rawValue
                    print("  \(w.id.padding(toLength: 30, withPad: " ", startingAt: 0)) \(w.host.padding(toLength: 20, withPad: " ", startingAt: 0)) "
                        + "\(state.padding(toLength: 6, withPad: " ", startingAt: 0)) \(String(format: "%7d  %4d  %@ ago", w.running, w.jobsDone, ProgressLine.duration(now - w.lastSeen)))"
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
