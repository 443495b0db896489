internal import Core
internal import Foundation
internal import Hashing

/// Runs one job of a runner's model: makes its job folder, starts the configured command there
/// in a process group of its own (no shell), turns the JSON lines it prints (`{"step": 10,
/// "total": 200, "loss": 1.3}`) into progress, and reads `result.json` when it exits 0.
///
/// The whole group is killed (SIGTERM, then SIGKILL after `graceSeconds`) when the job times
/// out or the worker stops it, and any process left in the group is killed when the command
/// exits, so no child (torchrun's, a data loader's) outlives its job. Exit status
/// `retryableExitCode` (75, EX_TEMPFAIL) asks for another attempt; any other failure is the
/// job's own and counts.
enum CommandRunner {
    static let retryableExitCode: Int32 = 75
    static let graceSeconds = 5.0

    /// Runs `job` with `runner`. The command gets the worker's environment, `TRANSFERGRID_JOB`
    /// (the path of `job.json`) and `extra` (`CUDA_VISIBLE_DEVICES` for the job's slot on a
    /// machine with accelerators).
    static func run(_ job: JobSpec, attempt: UInt32, runner: RunnerCommand, cache: ArtifactCache, jobsDirectory: String,
                    environment extra: [String: String], progress: JobRunner.ProgressHandler) throws(JobRunner.Failure) -> JobRunner.Outcome {
        let folder = RunnerJobFolder(jobsDirectory: jobsDirectory, job: job, attempt: attempt)
        do {
            try folder.prepare(job, attempt: attempt, cache: cache)
        } catch {
            throw JobRunner.Failure(description: "the job folder: \(error.description)", retryable: true)
        }
        var environment = ProcessInfo.processInfo.environment
        environment["TRANSFERGRID_JOB"] = folder.jobFile
        environment.merge(extra) { _, new in new }
        let status = try supervise(runner, in: folder, environment: environment, job: job, progress: progress)
        switch status {
        case .exited(0):
            break
        case .exited(retryableExitCode):
            throw JobRunner.Failure(description: "the runner asked for a retry (exit \(retryableExitCode))\(tail(folder.stderrFile))", retryable: true)
        case .exited(let code):
            throw JobRunner.Failure(description: "the runner exited with status \(code)\(tail(folder.stderrFile))", retryable: false)
        case .signalled(let signal):
            throw JobRunner.Failure(description: "the runner was killed by signal \(signal)\(tail(folder.stderrFile))", retryable: true)
        case .timedOut:
            throw JobRunner.Failure(description: "the runner ran past its timeout of \(Int(runner.timeoutSeconds)) s: its process group was killed", retryable: true)
        case .stopped:
            throw JobRunner.Failure(description: "worker shutting down: the runner's process group was stopped", retryable: true, notCounted: true)
        }
        let outcome = try collect(job, folder: folder, cache: cache)
        // Done and filed: the folder goes (a failed job's stays, to be looked at).
        try? FileManager.default.removeItem(atPath: folder.path)
        return outcome
    }

    /// Reads `result.json` and files the output of a command that exited 0.
    static func collect(_ job: JobSpec, folder: RunnerJobFolder, cache: ArtifactCache) throws(JobRunner.Failure) -> JobRunner.Outcome {
        guard let data = FileManager.default.contents(atPath: folder.resultFile) else {
            throw JobRunner.Failure(description: "the runner exited 0 but wrote no result.json", retryable: false)
        }
        let result: RunnerResult
        do {
            result = try RunnerResult.parse(data, kind: job.kind)
        } catch {
            throw JobRunner.Failure(description: error.description, retryable: false)
        }
        switch result {
        case let .evaluation(correct, digest):
            guard correct.count == Int(job.hyperparameters.evalExamples) else {
                throw JobRunner.Failure(description: "result.json scores \(correct.count) question(s); the job asked for \(job.hyperparameters.evalExamples)",
                                        retryable: false)
            }
            guard let questions = SHA256Digest(hex: digest) else {
                throw JobRunner.Failure(description: "result.json: questions_digest is not 64 hex digits", retryable: false)
            }
            return .scored(CorrectnessBits(correct), questions: questions)
        case let .training(output, finalLoss):
            let outputPath = folder.path + "/" + output
            guard FileManager.default.fileExists(atPath: outputPath) else {
                throw JobRunner.Failure(description: "result.json names output \"\(output)\", which the runner did not write", retryable: false)
            }
            do {
                return try cache.store(role: job.kind == .pretrain ? .baseCheckpoint : .loraAdapter, finalLoss: finalLoss) { (temporary: String) throws(NormalisedArchive.Failure) in
                    try NormalisedArchive.write(outputPath, to: temporary)
                }
            } catch let failure as NormalisedArchive.Failure {
                throw JobRunner.Failure(description: "the output: \(failure.description)", retryable: false)
            } catch {
                throw JobRunner.Failure(description: "cannot file the output: \(error)", retryable: true)
            }
        }
    }

    enum Status: Equatable {
        case exited(Int32)
        case signalled(Int32)
        case timedOut
        case stopped
    }

    /// Starts the command (Foundation's `Process`, which on Linux makes the child the leader
    /// of a new process group) and watches it until it ends.
    static func supervise(_ runner: RunnerCommand, in folder: RunnerJobFolder, environment: [String: String], job: JobSpec,
                          progress: JobRunner.ProgressHandler) throws(JobRunner.Failure) -> Status {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: runner.arguments[0].contains("/") ? runner.arguments[0] : "/usr/bin/env")
        process.arguments = runner.arguments[0].contains("/") ? Array(runner.arguments.dropFirst()) : runner.arguments
        process.currentDirectoryURL = URL(fileURLWithPath: folder.path)
        process.environment = environment
        let output = Pipe()
        process.standardOutput = output
        process.standardInput = FileHandle.nullDevice
        guard FileManager.default.createFile(atPath: folder.stderrFile, contents: nil),
              FileManager.default.createFile(atPath: folder.stdoutFile, contents: nil),
              let errors = FileHandle(forWritingAtPath: folder.stderrFile), let log = FileHandle(forWritingAtPath: folder.stdoutFile) else {
            throw JobRunner.Failure(description: "cannot create the logs in \(folder.path)", retryable: true)
        }
        defer { try? errors.close(); try? log.close() }
        process.standardError = errors
        do {
            try process.run()
        } catch {
            throw JobRunner.Failure(description: "cannot start the runner \(runner.arguments[0]): \(error.localizedDescription)", retryable: false)
        }
        let pid = process.processIdentifier
        let readEnd = output.fileHandleForReading.fileDescriptor
        _ = fcntl(readEnd, F_SETFL, fcntl(readEnd, F_GETFL) | O_NONBLOCK)
        let started = ContinuousClock.now
        var pending: [UInt8] = [], buffer = [UInt8](repeating: 0, count: 65_536)
        var outcome: Status?
        var killAt: ContinuousClock.Instant?
        // The latest progress the command reported, told again while it is quiet (the job is alive).
        var last: (UInt32, UInt32, Float?) = (0, 0, nil)
        while true {
            var descriptor = pollfd(fd: readEnd, events: Int16(POLLIN), revents: 0)
            _ = poll(&descriptor, 1, 100)
            while true {
                let count = read(readEnd, &buffer, buffer.count)
                guard count > 0 else { break }
                let bytes = buffer[0..<count]
                try? log.write(contentsOf: Data(bytes))
                pending += bytes
                while let newline = pending.firstIndex(of: 10) {
                    let line = Array(pending[..<newline])
                    pending.removeFirst(newline + 1)
                    if let reported = progressLine(line) {
                        last = reported
                        if !progress(reported.0, reported.1, reported.2), outcome == nil { outcome = .stopped }
                    }
                }
            }
            if !process.isRunning {
                // Whatever the command left behind in its group goes with it.
                kill(-pid, SIGKILL)
                if let outcome { return outcome }
                return process.terminationReason == .uncaughtSignal ? .signalled(process.terminationStatus) : .exited(process.terminationStatus)
            }
            if outcome == nil {
                if ContinuousClock.now - started > .milliseconds(Int64(runner.timeoutSeconds * 1000)) {
                    outcome = .timedOut
                } else if !progress(last.0, last.1, last.2) {
                    outcome = .stopped
                }
            }
            // A job to end: SIGTERM to the group, SIGKILL once `graceSeconds` have passed.
            if outcome != nil {
                if killAt == nil {
                    kill(-pid, SIGTERM)
                    killAt = ContinuousClock.now + .milliseconds(Int64(graceSeconds * 1000))
                } else if let killAt, ContinuousClock.now >= killAt {
                    kill(-pid, SIGKILL)
                }
            }
        }
    }

    /// A progress line: a JSON object with whole-number `step` and `total` and an optional
    /// `loss`; any other line is the runner's own output.
    static func progressLine(_ line: [UInt8]) -> (UInt32, UInt32, Float?)? {
        guard line.first == UInt8(ascii: "{"),
              let object = try? JSONSerialization.jsonObject(with: Data(line)) as? [String: Any],
              let step = (object["step"] as? NSNumber).flatMap({ UInt32(exactly: $0.doubleValue) }),
              let total = (object["total"] as? NSNumber).flatMap({ UInt32(exactly: $0.doubleValue) }) else { return nil }
        return (min(step, total), total, (object["loss"] as? NSNumber)?.floatValue)
    }

    /// The last lines of the command's stderr, for a failure's reason.
    static func tail(_ path: String, bytes: Int = 1500) -> String {
        guard let data = FileManager.default.contents(atPath: path), !data.isEmpty else { return "" }
        let text = String(decoding: data.suffix(bytes), as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        return text.isEmpty ? "" : "; stderr ends: \(text)"
    }
}
