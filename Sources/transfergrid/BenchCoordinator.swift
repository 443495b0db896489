import ArgumentParser
import Foundation
import LocalGrid

extension TransferGrid.Bench {
    /// `transfergrid bench coordinator`: jobs per second through a real coordinator and real
    /// worker processes (noop jobs, every result committed to the store before its ACK), and
    /// the time from a worker's death to its job's reassignment.
    struct BenchCoordinator: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "coordinator",
            abstract: "Jobs per second through the coordinator with noop jobs, and worker-death-to-reassignment time."
        )

        @Option(help: "Noop jobs per run.")
        var jobs = 100_000

        @Option(parsing: .upToNextOption, help: "Worker process counts to measure.")
        var workers: [Int] = [1, 4, 16]

        @Option(help: "Job slots per worker.")
        var slots = 16

        @Option(help: "Repetitions of each measurement (the median is reported).")
        var repeats = 3

        @Option(help: "Liveness timeout of the coordinator in the reassignment measurement, seconds.")
        var livenessTimeout: Double = 4

        @Flag(inversion: .prefixedNo, help: "Measure the reassignment time after a kill -9.")
        var reassignment = true

        func run() throws {
            let bench = CoordinatorBenchmark(executable: ChildProcess.currentExecutable, jobs: jobs, slots: slots, livenessTimeout: livenessTimeout)
            print("coordinator throughput: \(jobs) noop jobs, workers with \(slots) slot(s) each, durable store (fsync per turn), median of \(repeats)")
            print("workers   jobs/s (first to last commit)   wall s (coordinator start to exit)")
            do {
                for count in workers {
                    let runs = try (0..<repeats).map { _ in try bench.throughput(workers: count) }
                    print(String(format: "%7d   %28.0f   %8.2f", count, median(runs.map(\.jobsPerSecond)), median(runs.map(\.wall))))
                }
                if reassignment {
                    let delays = try (0..<repeats).map { _ in try bench.reassignmentDelay() }
                    print(String(format: "worker kill -9 -> job reassigned: median %.2f s (runs: %@; liveness timeout %.1f s)",
                                 median(delays), delays.map { String(format: "%.2f", $0) }.joined(separator: ", "), livenessTimeout))
                }
            } catch {
                throw CLIError("\(error)")
            }
        }

        func median(_ values: [Double]) -> Double {
            let sorted = values.sorted()
            return sorted.count % 2 == 1 ? sorted[sorted.count / 2] : (sorted[sorted.count / 2 - 1] + sorted[sorted.count / 2]) / 2
        }
    }
}
