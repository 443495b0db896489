public import Core
internal import Logging
internal import Wire

/// The worker's protocol, as a pure state machine: events in (messages from the coordinator,
/// what the compute threads report, the passing of time), directives out (messages to send,
/// jobs to start, artifacts to check), with the clock given by the caller. `WorkerService` is
/// its ZeroMQ shell; tests drive it with no sockets, threads or files.
///
/// The rules it keeps:
/// - READY first, again with exponential back-off (`Settings.readyBackoff`) until it is
///   acknowledged, and again whenever the coordinator falls silent for
///   `coordinatorTimeout` or sends a DISCONNECT that is not final.
/// - A result stays unacknowledged until the coordinator ACKs it (after its commit); it is sent
///   again, its artifact's chunks first, after every registration and every
///   `resendInterval` while registered.
/// - A job starts only when every input is in the cache: inputs are fetched in chunks, one
///   artifact at a time, and admitted only when the bytes hash to their name; one that fails
///   that check `maxFetches` times fails its jobs (retryably, so another worker tries).
/// - A final DISCONNECT ends the worker with the coordinator's reason; GRID_COMPLETE ends it
///   when `exitWhenComplete`; a stop hands the running jobs back and gives unacknowledged
///   results `stopGrace` to be committed before leaving.
public struct WorkerInstance {
    struct Unacknowledged {
        var result: JobResult
        var artifact: SHA256Digest?
        var sentAt: UInt64
    }

    struct Download {
        var digest: SHA256Digest
        var bytes: [UInt8] = []
        var requestedAt: UInt64
    }

    enum Phase: Equatable {
        case serving
        /// Handing back: leaves once every result is acknowledged or at `deadline`.
        case stopping(deadline: UInt64)
        case ended
    }

    public let settings: Settings
    var registered = false
    var lastReadySent: UInt64 = 0
    var readyBackoff: UInt64
    var lastHeard: UInt64 = 0
    var lastHeartbeat: UInt64 = 0
    var phase = Phase.serving
    /// Artifacts in the cache, as the shell said at start and as jobs and fetches added them.
    var cached: Set<SHA256Digest>
    var running: [String: Assign] = [:]
    /// Jobs waiting for their inputs.
    var fetching: [String: Assign] = [:]
    var download: Download?
    var fetchFailures: [SHA256Digest: Int] = [:]
    var unacknowledged: [String: Unacknowledged] = [:]
    /// Why the worker takes no job now (its disk is full), if it does not.
    var diskFull: String?

    public init(settings: Settings, cached: Set<SHA256Digest>) {
        self.settings = settings
        self.cached = cached
        readyBackoff = settings.readyBackoff
    }

    /// The jobs on compute threads now.
    public var runningJobs: [String] { running.keys.sorted() }
    /// The jobs this worker holds, for READY: running, fetching inputs, or with a result not
    /// yet acknowledged, each with its attempt.
    var heldJobs: [HeldJob] {
        let attempts = running.mapValues(\.attempt).merging(fetching.mapValues(\.attempt)) { a, _ in a }
            .merging(unacknowledged.mapValues(\.result.attempt)) { a, _ in a }
        return attempts.map { HeldJob(jobID: $0.key, attempt: $0.value) }.sorted { $0.jobID < $1.jobID }
    }
    /// Results sent and not yet acknowledged.
    public var unacknowledgedJobs: [String] { unacknowledged.keys.sorted() }
    public var isRegistered: Bool { registered }

    public mutating func handle(_ event: Event, now: UInt64, wall: Double) -> [Directive] {
        var out: [Directive] = []
        guard phase != .ended else { return out }
        switch event {
        case .start:
            sendReady(now: now, &out)
        case let .message(message):
            receive(message, now: now, &out)
        case .tick:
            break
        case let .progress(progress):
            if running[progress.jobID] != nil { out.append(.send(.progress(progress))) }
        case let .finished(assign, outcome, duration):
            finished(assign, outcome, duration: duration, now: now, &out)
        case let .admitted(digest, ok):
            admitted(digest, ok: ok, now: now, &out)
        case let .cannotStore(digest, reason):
            give(up: digest, reason: "the worker's disk is full: \(reason)", notCounted: true, now: now, &out)
            pause(reason, now: now, &out)
        case let .diskSpace(free):
            if free < settings.minimumFreeBytes, diskFull == nil {
                pause("\(DiskSpace.describe(free)) free in the cache's disk, under the \(DiskSpace.describe(settings.minimumFreeBytes)) it needs", now: now, &out)
            } else if free >= settings.minimumFreeBytes, diskFull != nil {
                diskFull = nil
                out.append(.log(.info, "the cache's disk has \(DiskSpace.describe(free)) free again: taking jobs", [:]))
                if registered { sendReady(now: now, &out) }
            }
        case .stop:
            stop(now: now, &out)
        }
        housekeeping(now: now, wall: wall, &out)
        return out
    }

    // MARK: From the coordinator

    private mutating func receive(_ message: Message, now: UInt64, _ out: inout [Directive]) {
        lastHeard = now
        switch message {
        case .ack(.ready):
            // A second ACK (READY was repeated while the first was on its way) changes nothing:
            // results in flight are not sent twice.
            guard !registered else { return }
            registered = true
            readyBackoff = settings.readyBackoff
            out.append(.log(.info, "registered", [:]))
            for id in unacknowledged.keys.sorted() { resend(id, now: now, &out) }
        case let .ack(.result(jobID, _, duplicate)):
            unacknowledged[jobID] = nil
            if duplicate {
                out.append(.log(.info, "the coordinator already had a result; ours is kept as a duplicate", ["job.id": "\(jobID)"]))
            }
        case .ack(.failure):
            break
        case let .ack(.released(jobID, attempt)):
            if running[jobID]?.attempt == attempt {
                out.append(.cancel(jobID: jobID, attempt: attempt))
                out.append(.log(.info, "attempt \(attempt) released by the coordinator (the job went elsewhere or is done): stopping it", ["job.id": "\(jobID)"]))
            } else if fetching[jobID]?.attempt == attempt {
                fetching[jobID] = nil
            }
        case let .assign(assign):
            if let diskFull {
                // Sent before the coordinator heard of the full disk: straight back.
                out.append(.send(.fail(JobFailure(jobID: assign.job.id, attempt: assign.attempt, reason: "the worker's disk is full: \(diskFull)",
                                                  retryable: true, notCounted: true))))
            } else if phase == .serving {
                accept(assign, now: now, &out)
            }
        case let .chunk(chunk):
            receive(chunk, now: now, &out)
        case .heartbeat:
            break
        case let .disconnect(bye):
            if bye.final {
                out.append(.exit(refusal: bye.detail.isEmpty ? bye.description : bye.detail))
                phase = .ended
            } else if bye.reason == .gridComplete, settings.exitWhenComplete {
                out.append(.log(.info, "the grid is complete; leaving", [:]))
                out.append(.exit(refusal: nil))
                phase = .ended
            } else {
                out.append(.log(.info, "coordinator: \(bye); registering again", [:]))
                registered = false
                lastReadySent = 0
                readyBackoff = settings.readyBackoff
            }
        case .ready, .progress, .result, .fail, .fetch:
            out.append(.log(.warning, "unexpected \(message.name) from the coordinator: ignored", [:]))
        }
    }

    // MARK: From the compute threads

    mutating func finished(_ assign: Assign, _ outcome: Result<JobRunner.Outcome, JobRunner.Failure>, duration: UInt64,
                                   now: UInt64, _ out: inout [Directive]) {
        let id = assign.job.id
        running[id] = nil
        switch outcome {
        case let .success(.evaluation(bits)):
            let result = JobResult(jobID: id, attempt: assign.attempt, outcome: .evaluation(bits), durationMilliseconds: duration)
            unacknowledged[id] = Unacknowledged(result: result, artifact: nil, sentAt: now)
            out.append(.send(.result(result)))
        case let .success(.scored(bits, questions)):
            let result = JobResult(jobID: id, attempt: assign.attempt, outcome: .evaluation(bits), durationMilliseconds: duration,
                                   questionsDigest: questions)
            unacknowledged[id] = Unacknowledged(result: result, artifact: nil, sentAt: now)
            out.append(.send(.result(result)))
        case let .success(.artifact(ref, _, loss)):
            cached.insert(ref.digest)
            let result = JobResult(jobID: id, attempt: assign.attempt, outcome: .artifact(ref, finalLoss: loss), durationMilliseconds: duration)
            unacknowledged[id] = Unacknowledged(result: result, artifact: ref.digest, sentAt: now)
            resend(id, now: now, &out)
        case let .failure(failure):
            if let damaged = failure.damagedInput { cached.remove(damaged) }
            out.append(.log(.error, "failed: \(failure.description)", ["job.id": "\(id)", "job.attempt": "\(assign.attempt)"]))
            out.append(.send(.fail(JobFailure(jobID: id, attempt: assign.attempt, reason: String(failure.description.prefix(1000)),
                                              retryable: failure.retryable, notCounted: failure.notCounted))))
            // After the FAIL: a READY that no longer holds the job must not reach the coordinator first.
            if failure.diskFull { pause(failure.description, now: now, &out) }
        }
    }

    /// Sends a result again, its artifact's chunks first.
    private mutating func resend(_ jobID: String, now: UInt64, _ out: inout [Directive]) {
        guard let entry = unacknowledged[jobID] else { return }
        if let artifact = entry.artifact { out.append(.upload(artifact)) }
        unacknowledged[jobID]?.sentAt = now
        out.append(.send(.result(entry.result)))
    }

    // MARK: Time and stopping

    private mutating func housekeeping(now: UInt64, wall: Double, _ out: inout [Directive]) {
        switch phase {
        case .ended:
            return
        case let .stopping(deadline):
            if unacknowledged.isEmpty || now >= deadline { leave(now: now, &out) }
            return
        case .serving:
            break
        }
        if registered, now > lastHeard + settings.coordinatorTimeout {
            out.append(.log(.warning, "no word from the coordinator for \(now - lastHeard) ms; registering again", [:]))
            registered = false
            lastReadySent = 0
            readyBackoff = settings.readyBackoff
        }
        if !registered, now >= lastReadySent + readyBackoff {
            sendReady(now: now, &out)
            readyBackoff = min(readyBackoff * 2, settings.readyBackoffMax)
        }
        if now >= lastHeartbeat + settings.heartbeatInterval {
            lastHeartbeat = now
            out.append(.send(.heartbeat(Heartbeat(sentAtUnixMilliseconds: UInt64(max(0, wall) * 1000), runningJobIDs: runningJobs))))
        }
        if registered {
            for (id, entry) in unacknowledged.sorted(by: { $0.key < $1.key }) where now > entry.sentAt + settings.resendInterval {
                resend(id, now: now, &out)
            }
        }
        if let current = download, now > current.requestedAt + settings.fetchTimeout {
            requestFetch(current.digest, offset: UInt64(current.bytes.count), now: now, &out)
        }
    }

    /// Takes no job until the cache's disk has `minimumFreeBytes` free again: READY with 0
    /// slots, so the coordinator gives its jobs to other workers.
    mutating func pause(_ reason: String, now: UInt64, _ out: inout [Directive]) {
        guard diskFull == nil else { return }
        diskFull = reason
        out.append(.log(.warning, "\(reason): taking no job until the cache's disk has \(DiskSpace.describe(settings.minimumFreeBytes)) free", [:]))
        if registered { sendReady(now: now, &out) }
    }

    private mutating func sendReady(now: UInt64, _ out: inout [Directive]) {
        lastReadySent = now
        var capabilities = settings.capabilities
        if diskFull != nil { capabilities.maxConcurrentJobs = 0 }
        capabilities.cachedArtifacts = cached.sorted { $0.hex < $1.hex }
        out.append(.send(.ready(Ready(workerID: settings.workerID, host: settings.host, capabilities: capabilities, heldJobs: heldJobs,
                                      incarnation: settings.incarnation))))
    }

    private mutating func stop(now: UInt64, _ out: inout [Directive]) {
        guard phase == .serving else { return }
        for (id, assign) in running.sorted(by: { $0.key < $1.key }) {
            out.append(.send(.fail(JobFailure(jobID: id, attempt: assign.attempt, reason: "worker shutting down", retryable: true, notCounted: true))))
        }
        running = [:]
        fetching = [:]
        download = nil
        phase = .stopping(deadline: now + settings.stopGrace)
    }

    private mutating func leave(now: UInt64, _ out: inout [Directive]) {
        if !unacknowledged.isEmpty {
            out.append(.log(.warning, "\(unacknowledged.count) result(s) not acknowledged; they will run again", [:]))
        }
        out.append(.send(.disconnect(Disconnect(.workerStopping))))
        out.append(.exit(refusal: nil))
        phase = .ended
    }
}
