internal import Core
internal import Foundation
internal import Wire
internal import ZeroMQ

/// The compute threads: each takes an assignment, runs it on the engine and leaves a report
/// for the IO thread, waking it through its own PUSH socket (a socket is never shared between
/// threads).
final class ComputePool: @unchecked Sendable {
    private let condition = NSCondition()
    private var queue: [Assign] = []
    private var reports: [WorkerInstance.Event] = []
    private var stopping = false
    /// Attempts the coordinator released ("job id#attempt"): each ends at its next step.
    private var cancelled: Set<String> = []
    private var active = 0
    private let cache: ArtifactCache
    private let executionLog: String?
    private let runners: [ModelName: RunnerCommand]
    private let jobsDirectory: String
    private let accelerators: [String]

    init(threads count: Int, context: Context, wakeEndpoint: String, cache: ArtifactCache, executionLog: String?,
         runners: [ModelName: RunnerCommand] = [:], jobsDirectory: String = "", accelerators: [String] = []) throws {
        self.cache = cache
        self.executionLog = executionLog
        self.runners = runners
        self.jobsDirectory = jobsDirectory
        self.accelerators = accelerators
        for index in 0..<count {
            let thread = Thread { [self] in
                // Each thread's own socket, made on the thread that uses it.
                guard let wake = try? context.socket(.push), (try? wake.connect(wakeEndpoint)) != nil else {
                    fatalError("compute thread \(index) cannot reach the IO thread at \(wakeEndpoint)")
                }
                self.loop(wake, slot: index)
            }
            thread.name = "compute-\(index)"
            thread.stackSize = 8 << 20
            thread.start()
        }
    }

    func submit(_ assign: Assign) {
        condition.lock()
        queue.append(assign)
        condition.signal()
        condition.unlock()
    }

    func drain() -> [WorkerInstance.Event] {
        condition.lock()
        defer { condition.unlock() }
        let taken = reports
        reports = []
        return taken
    }

    /// Stops the threads: queued jobs are dropped, running ones end at their next step (their
    /// progress handler says stop), and each thread closes its socket as it ends. Waits up to
    /// `seconds` for all of them, so the process never exits under a running job.
    func stop(waitingUpTo seconds: Double = 10) {
        condition.lock()
        stopping = true
        queue = []
        condition.broadcast()
        let deadline = Date().addingTimeInterval(seconds)
        while active > 0, condition.wait(until: deadline) {}
        condition.unlock()
    }

    /// Ends a running attempt at its next step (a runner's process group is killed).
    func cancel(jobID: String, attempt: UInt32) {
        condition.lock()
        cancelled.insert("\(jobID)#\(attempt)")
        condition.unlock()
    }

    private func isCancelled(_ assign: Assign) -> Bool {
        condition.lock()
        defer { condition.unlock() }
        return cancelled.contains("\(assign.job.id)#\(assign.attempt)")
    }

    private var isStopping: Bool {
        condition.lock()
        defer { condition.unlock() }
        return stopping
    }

    private func post(_ report: WorkerInstance.Event, _ wake: Socket) {
        condition.lock()
        reports.append(report)
        condition.unlock()
        try? wake.send([[1]], dontWait: true)
    }

    private func loop(_ wake: Socket, slot: Int) {
        condition.lock()
        active += 1
        condition.unlock()
        defer {
            condition.lock()
            active -= 1
            condition.broadcast()
            condition.unlock()
        }
        while true {
            condition.lock()
            while queue.isEmpty, !stopping { condition.wait() }
            if stopping {
                condition.unlock()
                return
            }
            let assign = queue.removeFirst()
            condition.unlock()
            logExecution(assign)
            let started = ContinuousClock.now
            var lastProgress = started
            var outcome: Result<JobRunner.Outcome, JobRunner.Failure>
            let progress: JobRunner.ProgressHandler = { step, total, loss in
                let now = ContinuousClock.now
                if now - lastProgress >= .milliseconds(500) {
                    lastProgress = now
                    self.post(.progress(Wire.Progress(jobID: assign.job.id, attempt: assign.attempt, step: step, totalSteps: total, loss: loss)), wake)
                }
                return !self.isStopping && !self.isCancelled(assign)
            }
            do throws(JobRunner.Failure) {
                if let runner = runners[assign.job.model] {
                    let environment = accelerators.isEmpty ? [:] : ["CUDA_VISIBLE_DEVICES": accelerators[slot]]
                    outcome = .success(try CommandRunner.run(assign.job, attempt: assign.attempt, runner: runner, cache: cache,
                                                             jobsDirectory: jobsDirectory, environment: environment, progress: progress))
                } else {
                    outcome = .success(try JobRunner.run(assign.job, cache: cache, progress: progress))
                }
            } catch {
                outcome = .failure(error)
            }
            if isCancelled(assign) {
                condition.lock()
                cancelled.remove("\(assign.job.id)#\(assign.attempt)")
                condition.unlock()
                if case .failure = outcome {
                    outcome = .failure(JobRunner.Failure(description: "stopped: the coordinator released this attempt (its job went to another worker or is done)",
                                                         retryable: true, notCounted: true))
                }
            }
            post(.finished(assign, outcome, durationMs: (ContinuousClock.now - started).wholeMilliseconds), wake)
        }
    }

    private func logExecution(_ assign: Assign) {
        guard let executionLog else { return }
        let line = "\(assign.job.id) \(assign.attempt)\n"
        if let handle = FileHandle(forWritingAtPath: executionLog) ?? {
            _ = FileManager.default.createFile(atPath: executionLog, contents: nil)
            return FileHandle(forWritingAtPath: executionLog)
        }() {
            _ = try? handle.seekToEnd()
            try? handle.write(contentsOf: Data(line.utf8))
            try? handle.close()
        }
    }
}
