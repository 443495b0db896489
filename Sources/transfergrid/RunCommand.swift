internal import Core
import ArgumentParser
import Coordinator
import Foundation
import Grid
import LocalGrid
import Logging
import Report
import Store
import ZeroMQ

extension TransferGrid {
    /// `transfergrid run`: the whole study on this machine: an embedded coordinator, local
    /// worker processes, a progress display, and the report at the end.
    struct Run: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Run a grid on this machine (coordinator and local workers) with a progress display, then write its report.",
            discussion: """
                Run it again to resume: done jobs never run again. Ctrl-C stops the workers and the coordinator; \
                every committed score stays in the store. The coordinator's log goes to STORE.log, each local \
                worker's to STORE.workers/N/worker.log. Workers on other machines can join the same grid with \
                `transfergrid worker --connect tcp://HEAD:PORT` when --bind names a reachable address, which \
                needs --insecure: `run` has no CURVE; for a secured cluster use `transfergrid coordinator --keys`.
                """
        )

        @OptionGroup var gridOptions: GridOptions

        @OptionGroup var storeOptions: StoreOptions

        @Option(help: "The report folder (default: reports/GRID, GRID being the grid's name).")
        var out: String?

        @Option(help: "Local worker processes, one job each (default: one per core).")
        var workers = ProcessInfo.processInfo.activeProcessorCount

        @Option(help: "Where the embedded coordinator listens (a free loopback port by default).")
        var bind = "tcp://127.0.0.1:*"

        @Flag(help: "Allow a non-loopback --bind (no encryption, no authentication; for CURVE use `transfergrid coordinator --keys`).")
        var insecure = false

        @Option(help: "Seconds between progress lines when the output is not a terminal.")
        var logInterval: Double = 10

        func validate() throws {
            guard (0...256).contains(workers) else { throw ValidationError("--workers must be 0 to 256 (0: only remote workers), got \(workers)") }
            guard logInterval > 0 else { throw ValidationError("--log-interval must be positive, got \(logInterval)") }
        }

        func run() throws {
            StopFlag.installSignalHandlers()
            let spec = try gridOptions.spec()
            let store = storeOptions.store
            let graph: JobGraph
            do { graph = try JobGraph(spec: spec) } catch { throw CLIError(error.message) }
            var options = CoordinatorService.Options(bind: bind)
            options.insecure = insecure
            do {
                _ = try BindExposure.check(bind: bind, curve: false, insecure: insecure,
                                           keysAdvice: "run the coordinator with `transfergrid coordinator --keys DIR` (`run` has no CURVE)")
            } catch {
                throw CLIError(error.message)
            }
            let logger = Logger(label: "coordinator", factory: { [sink = try FileLogHandler.Sink(path: store + ".log")] label in
                FileLogHandler(label: label, sink: sink)
            })
            let database = try storeOptions.open(graph, logger: logger)
            // Done before this start: bases taken from another store are not work resumed.
            let done = try status(database).counts[.done] ?? 0
            try storeOptions.adoptOtherStores(graph, into: database, logger: logger)
            print("grid \(spec.name) (\(graph.hash.hex.prefix(12))): \(graph.jobs.count) jobs"
                + (done > 0 ? ", resuming: \(done) done already" : "")
                + "; store \(store), coordinator log \(store).log")
            fflush(nil)
            let after = try serve(graph, database, options: options, logger: logger)
            if StopFlag.isRaised {
                print("stopped at \(after.counts[.done] ?? 0)/\(after.total) jobs; every committed score is kept. Run the same command again to resume.")
                throw ExitCode(130)
            }
            let failed = after.counts[.failed] ?? 0, blocked = after.counts[.blocked] ?? 0
            if failed > 0 {
                print("\(failed) job(s) failed and \(blocked) are blocked by them (run again with --rerun-failed to retry them):")
                for f in after.failures.prefix(10) { print("  \(f.job): \(f.reason)") }
            }
            let folder = out ?? "reports/\(spec.name)"
            do {
                let (study, runs, summary) = try StoreResults.study(ofStore: store, bootstrap: 1000)
                try ReportFolder.write(study, runs: runs, to: folder, threshold: 0.25)
                print(summary)
            } catch let error as StoreError { throw CLIError(error.message) } catch let error as ReportError { throw CLIError(error.message) }
            print("report: \(folder)/report.html")
            if failed > 0 { throw CLIError("the grid ended incomplete (\(failed) failed, \(blocked) blocked); its report shows what is done") }
        }

        /// Serves the grid with an embedded coordinator and the local workers, showing progress,
        /// until it is complete or stopped; the store's status at the end.
        private func serve(_ graph: JobGraph, _ database: Store, options: CoordinatorService.Options, logger: Logger) throws -> StoreStatus {
            let store = storeOptions.store
            let coordinator: EmbeddedCoordinator
            do { coordinator = try EmbeddedCoordinator(graph: graph, store: database, options: options, logger: logger) } catch { throw CLIError(error.message) }
            print("coordinator on \(coordinator.endpoint); \(workers) local worker process(es)")
            fflush(nil)
            var pool = LocalWorkers.transfergrid(ChildProcess.currentExecutable, endpoint: coordinator.endpoint, count: workers,
                                                 directory: store + ".workers")
            do { try pool.start() } catch { throw CLIError(error.message) }
            let display = ProgressDisplay(interval: logInterval)
            var diskWarned = false
            while !coordinator.finished {
                Thread.sleep(forTimeInterval: 0.5)
                if let disk = database.diskRoom(), disk.isShort != diskWarned {
                    diskWarned.toggle()
                    display.interrupt(diskWarned ? StatusText.diskWarning(disk) : "the disk of \(disk.folder) has room again")
                }
                if let status = try? status(database) { display.show(status, left: database.timeLeft(of: graph, status: status, now: Date().timeIntervalSince1970)) }
                if let trouble = pool.check(stopping: StopFlag.isRaised || coordinator.finished) { display.interrupt(trouble) }
                if pool.givenUp {
                    display.interrupt("the local workers keep failing; see \(store).workers/*/worker.log")
                    StopFlag.raise()
                }
            }
            coordinator.wait()
            let after = try status(database)
            display.finish(after, left: database.timeLeft(of: graph, status: after, now: Date().timeIntervalSince1970))
            pool.stop(force: StopFlag.isRaised)
            if let failure = coordinator.failure { throw CLIError("the coordinator stopped: \(failure)") }
            return after
        }

        private func status(_ database: Store) throws -> StoreStatus {
            do { return try database.status() } catch { throw CLIError(error.message) }
        }
    }
}
