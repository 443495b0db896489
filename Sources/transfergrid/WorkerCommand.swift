import ArgumentParser
import Foundation
import Keys
import Logging
import Worker
import ZeroMQ

extension TransferGrid {
    /// `transfergrid worker`: run jobs for a coordinator.
    struct Worker: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Join a coordinator and run its jobs (pretrain, finetune, evaluate) on this machine.",
            discussion: "Scores are bit-identical only between workers whose OpenBLAS uses the same kernel family: "
                + "on a CPU with AVX2 and FMA every transfergrid process uses Haswell kernels unless OPENBLAS_CORETYPE "
                + "names another, and the coordinator refuses a worker whose family differs from the grid's "
                + "(`transfergrid version` prints this machine's)."
        )

        @Option(help: "The coordinator's endpoint: tcp://HOST:PORT.")
        var connect = "tcp://127.0.0.1:5555"

        @Option(help: "Jobs at once (one BLAS thread each).")
        var jobs = 1

        @Option(help: "This worker's id; it persists in --cache-dir, so a restarted worker is known again.")
        var id: String?

        @Option(help: "Where fetched and produced artifacts are kept.")
        var cacheDir = FileManager.default.homeDirectoryForCurrentUser.path + "/.cache/transfergrid"

        @Option(help: "Append one line per job started (\"JOB ATTEMPT\") to this file.")
        var executionLog: String?

        @Flag(help: "Stay connected after the coordinator reports the grid complete.")
        var stay = false

        @Option(help: "Take no job while the cache's disk has fewer megabytes free (the worker announces no slot until it has them).")
        var minFreeMb: UInt64 = 64

        @Option(name: .customLong("runner"), help: ArgumentHelp(
            "Run a model's jobs with this command instead of the engine: MODEL=COMMAND, the command split at spaces and run without a shell "
                + "in a fresh job folder holding job.json (docs/runners.md). Repeat for more models.", valueName: "MODEL=COMMAND"))
        var runnerSpecs: [String] = []

        @Option(help: "A YAML runners file: MODEL: {command: [PROGRAM, ARGUMENT, ...], timeout: SECONDS}.")
        var runners: String?

        @Option(help: "Seconds a --runner job may run before its whole process group is killed and the job failed (retried).")
        var runnerTimeout: Double = RunnerCommand.defaultTimeoutSeconds

        @Flag(help: "Run only the runners' models, not the engine's sizes.")
        var noEngine = false

        @Option(help: "Accelerators, one per slot, comma-separated (such as 0,1,2,3): slot i runs its runner jobs with CUDA_VISIBLE_DEVICES set to the i-th.")
        var accelerators: String?

        @Option(help: "A key folder holding worker.key (`transfergrid keys new-worker`) and the coordinator's coordinator.pub: connect with CURVE.")
        var keys: String?

        func validate() throws {
            guard (1...256).contains(jobs) else { throw ValidationError("--jobs must be 1 to 256, got \(jobs)") }
            guard runnerTimeout > 0, runnerTimeout.isFinite else { throw ValidationError("--runner-timeout must be a positive number of seconds, got \(runnerTimeout)") }
            if noEngine, runnerSpecs.isEmpty, runners == nil { throw ValidationError("--no-engine leaves this worker no model to run; add --runner MODEL=COMMAND or --runners FILE") }
            if let id, id.isEmpty || id.utf8.count > 100 || !id.allSatisfy({ $0.isLetter || $0.isNumber || "._-:".contains($0) }) {
                throw ValidationError("--id must be 1 to 100 characters of letters, digits and . _ - :")
            }
        }

        func run() throws {
            StopFlag.installSignalHandlers()
            let host = ProcessInfo.processInfo.hostName
            let workerID: String
            if let id { workerID = id } else {
                do { workerID = try WorkerIdentity.persistent(cacheDirectory: cacheDir, host: host) } catch { throw CLIError(error.message) }
            }
            var options = WorkerService.Options(connect: connect, workerID: workerID, host: host, cacheDirectory: cacheDir + "/artifacts")
            options.jobs = jobs
            options.executionLog = executionLog
            options.exitWhenComplete = !stay
            options.minimumFreeBytes = minFreeMb << 20
            options.jobsDirectory = cacheDir + "/jobs"
            do {
                options.runners = try runnerSpecs.map { text throws(WorkerError) in try RunnerCommand(parsing: text, timeoutSeconds: runnerTimeout) }
                if let runners { options.runners += try RunnersFile.load(path: runners, defaultTimeout: runnerTimeout) }
            } catch {
                throw CLIError(error.message)
            }
            options.engine = !noEngine
            options.accelerators = accelerators.map { $0.split(separator: ",").map { String($0.trimmingCharacters(in: .whitespaces)) } } ?? []
            if let keys {
                let folder = KeyDirectory(path: keys)
                do { options.curve = (try folder.workerKeys(), try folder.coordinatorPublicKey()) } catch { throw CLIError(error.message) }
            }
            do { try ZeroMQLibrary.requireMinimumVersion() } catch { throw CLIError("\(error)") }
            let logger = Logger(label: "worker")
            let service: WorkerService
            do {
                service = try WorkerService(options: options, logger: logger)
            } catch let error as WorkerError {
                throw CLIError(error.message)
            }
            do { try service.run() } catch let error as WorkerError { throw CLIError(error.message) }
            if StopFlag.isRaised { throw ExitCode(130) }
        }
    }
}
