import ArgumentParser
import Foundation
import Grid
import LocalGrid
import Store

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
            print("coordinator throughput: \(jobs) noop jobs, workers with \(slots) slot(s) each, durable store (fsync per turn), median of \(repeats)")
            print("workers   jobs/s (first to last commit)   wall s (coordinator start to exit)")
            for count in workers {
                var rates: [Double] = [], walls: [Double] = []
                for _ in 0..<repeats {
                    let (rate, wall) = try throughput(workers: count)
                    rates.append(rate)
                    walls.append(wall)
                }
                print(String(format: "%7d   %28.0f   %8.2f", count, median(rates), median(walls)))
            }
            if reassignment {
                var delays: [Double] = []
                for _ in 0..<repeats { delays.append(try reassignmentDelay()) }
                print(String(format: "worker kill -9 -> job reassigned: median %.2f s (runs: %@; liveness timeout %.1f s)",
                             median(delays), delays.map { String(format: "%.2f", $0) }.joined(separator: ", "), livenessTimeout))
            }
        }

        func median(_ values: [Double]) -> Double {
            let sorted = values.sorted()
            return sorted.count % 2 == 1 ? sorted[sorted.count / 2] : (sorted[sorted.count / 2 - 1] + sorted[sorted.count / 2]) / 2
        }

        func scratch() throws -> URL {
            let dir = FileManager.default.temporaryDirectory.appendingPathComponent("bench-coordinator-\(UUID().uuidString.prefix(8))")
            try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
            return dir
        }

        func launch(_ arguments: [String], log: URL) throws -> Process {
            do { return try ChildProcess.launch(ChildProcess.currentExecutable, arguments, log: log) } catch { throw CLIError(error.message) }
        }

        func throughput(workers count: Int) throws -> (Double, Double) {
            let dir = try scratch()
            defer { try? FileManager.default.removeItem(at: dir) }
            let spec = dir.appendingPathComponent("noop.yaml")
            try GridSpec.noop(count: jobs).yamlText().write(to: spec, atomically: true, encoding: .utf8)
            let store = dir.appendingPathComponent("bench.db").path
            let endpoint = "tcp://127.0.0.1:\(Int.random(in: 20_000..<60_000))"
            let started = Date()
            let coordinator = try launch(["coordinator", "--grid", spec.path, "--store", store, "--bind", endpoint],
                                         log: dir.appendingPathComponent("coordinator.log"))
            var pool: [Process] = []
            for n in 0..<count {
                pool.append(try launch(["worker", "--connect", endpoint, "--id", "bench-\(n)", "--jobs", "\(slots)",
                                        "--cache-dir", dir.appendingPathComponent("cache-\(n)").path],
                                       log: dir.appendingPathComponent("worker-\(n).log")))
            }
            coordinator.waitUntilExit()
            let wall = Date().timeIntervalSince(started)
            for worker in pool {
                worker.waitUntilExit()
            }
            let status = try Store(path: store, readOnly: true).status()
            guard coordinator.terminationStatus == 0, status.counts[.done] == jobs, let first = status.firstDone, let last = status.lastDone, last > first else {
                throw CLIError("the benchmark grid did not complete (\(status.counts)); see \(dir.path)")
            }
            return (Double(jobs) / (last - first), wall)
        }

        /// Starts a long pretrain on one of two workers, kills that worker with SIGKILL, and
        /// times until the store shows the job's next attempt started on the other.
        func reassignmentDelay() throws -> Double {
            let dir = try scratch()
            defer { try? FileManager.default.removeItem(at: dir) }
            var spec = try GridSpec.preset("smoke")
            spec.name = "reassign"
            spec.pretrain.steps = 1_000_000
            let specFile = dir.appendingPathComponent("long.yaml")
            try spec.yamlText().write(to: specFile, atomically: true, encoding: .utf8)
            let store = dir.appendingPathComponent("bench.db").path
            let endpoint = "tcp://127.0.0.1:\(Int.random(in: 20_000..<60_000))"
            let coordinator = try launch(["coordinator", "--grid", specFile.path, "--store", store, "--bind", endpoint,
                                          "--liveness-timeout", "\(livenessTimeout)"], log: dir.appendingPathComponent("coordinator.log"))
            var pool: [String: Process] = [:]
            for id in ["a", "b"] {
                pool[id] = try launch(["worker", "--connect", endpoint, "--id", id, "--cache-dir", dir.appendingPathComponent(id).path],
                                      log: dir.appendingPathComponent("\(id).log"))
            }
            defer {
                for process in pool.values where process.isRunning { kill(process.processIdentifier, SIGKILL) }
                if coordinator.isRunning { kill(coordinator.processIdentifier, SIGKILL) }
            }
            let job = try JobGraph(spec: spec).jobs[0].id
            var holder: String?
            let deadline = Date().addingTimeInterval(30)
            while holder == nil, Date() < deadline {
                holder = (try? Store(path: store, readOnly: true).attempts(job: job))?.first?.worker
                usleep(20_000)
            }
            guard let holder, let victim = pool[holder] else { throw CLIError("the pretrain was never assigned; see \(dir.path)") }
            usleep(300_000)
            kill(victim.processIdentifier, SIGKILL)
            let killedAt = Date().timeIntervalSince1970
            while Date().timeIntervalSince1970 < killedAt + 60 {
                if let next = (try? Store(path: store, readOnly: true).attempts(job: job))?.first(where: { $0.attempt == 2 }) {
                    return next.started - killedAt
                }
                usleep(20_000)
            }
            throw CLIError("the job was not reassigned within 60 s; see \(dir.path)")
        }
    }
}
