internal import Scheduling
import ArgumentParser
import Coordinator
import Foundation
import Grid
import Keys
import Logging
import Store
import ZeroMQ

extension TransferGrid {
    /// `transfergrid coordinator`: serve a grid's jobs to workers and keep their scores.
    struct Coordinator: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Serve a grid's jobs to workers over ZeroMQ and commit every score to the store; run it again to resume.",
            discussion: """
                Resume is the same command again: done jobs never run again, jobs that were running go back to \
                pending. A store holds one grid; a different spec on an existing store is refused unless \
                --replace-grid sets the old store aside (renamed, not deleted).

                A grid spec (YAML) has the keys name, models (tiny, small, medium, large, or names declared in \
                runner_models, which workers' --runner commands run: docs/runners.md), seeds, base_seed (one \
                base per model that every seed finetunes), tasks (abbreviations; all 13 when absent), pretrain \
                and finetune (steps, batch, learning_rate, warmup, weight_decay, grad_clip, lora_rank, lora_alpha; \
                pretrain schedule, task_weights and first_stages; finetune rehearsal, task_steps and task_rehearsal), evaluation_questions, format_control, \
                benchmark_shift, selection, task_versions, and for benchmarks noop_jobs and noop_millis \
                (docs/running-a-grid.md).
                """
        )

        @OptionGroup var gridOptions: GridOptions

        @OptionGroup var storeOptions: StoreOptions

        @Option(help: "Where workers connect: tcp://HOST:PORT (tcp://127.0.0.1:5555 by default; tcp://*:5555 for every interface).")
        var bind = "tcp://127.0.0.1:5555"

        @Option(help: "Seconds of silence after which a worker is lost and its jobs go back to pending.")
        var livenessTimeout: Double = 4

        @Option(help: "Attempts per job before it is marked failed.")
        var maxAttempts = 3

        @Flag(help: "Keep serving after the grid is complete.")
        var stay = false

        @Option(help: "A key folder (`transfergrid keys init`): CURVE encryption, and only the workers in its authorized_workers get in.")
        var keys: String?

        @Flag(help: "Allow a non-loopback --bind without --keys (no encryption, no authentication); logs a warning.")
        var insecure = false

        func validate() throws {
            guard livenessTimeout >= 0.5, livenessTimeout <= 3600 else {
                throw ValidationError("--liveness-timeout must be 0.5 to 3600 seconds (heartbeats come every second), got \(livenessTimeout)")
            }
            guard (1...100).contains(maxAttempts) else { throw ValidationError("--max-attempts must be 1 to 100, got \(maxAttempts)") }
        }

        func run() throws {
            StopFlag.installSignalHandlers()
            let logger = Logger(label: "coordinator")
            let graph: JobGraph
            do { graph = try JobGraph(spec: try gridOptions.spec()) } catch let error as GridError { throw CLIError(error.message) }
            var curve: CurveSecurity?
            if let keys {
                let folder = KeyDirectory(path: keys)
                do {
                    curve = CurveSecurity(serverKeys: try folder.coordinatorKeys(), keys: folder)
                    if try folder.authorized().entries.isEmpty {
                        logger.warning("no worker is authorized in \(folder.authorizedFile) yet; add one with `transfergrid keys authorize WORKER_KEY --dir \(keys)`")
                    }
                } catch {
                    throw CLIError(error.message)
                }
            }
            var options = CoordinatorService.Options(bind: bind)
            options.scheduler.livenessTimeout = UInt64(livenessTimeout * 1000)
            options.scheduler.maxAttempts = maxAttempts
            options.exitWhenComplete = !stay
            options.curve = curve
            options.insecure = insecure
            // Refused before the store is touched; the coordinator logs the warning.
            do { _ = try options.validate() } catch { throw CLIError(error.message) }
            let database = try storeOptions.open(graph, logger: logger)
            try storeOptions.adoptOtherStores(graph, into: database, logger: logger)
            let service: CoordinatorService
            do {
                service = try CoordinatorService(graph: graph, store: database, options: options, logger: logger)
            } catch let error as CoordinatorError {
                throw CLIError(error.message)
            }
            try service.run()
            if StopFlag.isRaised { throw ExitCode(130) }
            if service.endedIncomplete {
                throw CLIError("the grid ended incomplete: some jobs failed and the jobs after them are blocked; "
                    + "`transfergrid status --store \(storeOptions.store)` names them, and this command with --rerun-failed runs them again")
            }
        }
    }
}
