public import Grid
public import Store
public import Wire

/// The coordinator's brain, with no IO: events in, outputs out. It owns the jobs' life
/// (pending -> leased -> done | failed), the workers' liveness, leases, retries, duplicates,
/// and the choice of which worker runs what. Tested without sockets, files or clocks.
public struct Scheduler {
    struct Lease: Equatable {
        var worker: String
        var attempt: UInt32
        var expires: UInt64
    }

    struct Job {
        let spec: GridJob
        var state: JobState
        var attempts: Int
        var lease: Lease?
        var output: ArtifactRef?
        /// Workers that tried and failed or were lost on it: a retry prefers another.
        var triedOn: [String] = []
        /// Dependencies not yet done.
        var waitingOn: Int = 0
    }

    struct WorkerEntry {
        var id: String
        var identity: [UInt8]
        var host: String
        var slots: Int
        var running: Set<String> = []
        var lastHeard: UInt64
        var cached: Set<SHA256Digest>
    }

    public let config: SchedulerConfig
    public let gridHash: SHA256Digest
    let preset: String
    private(set) var jobs: [String: Job] = [:]
    private var dependents: [String: [String]] = [:]
    /// Ready jobs (pending, dependencies done) grouped by the inputs they need, oldest first.
    private var ready = ReadyQueue()
    private(set) var workers: [String: WorkerEntry] = [:]
    private var workerByIdentity: [[UInt8]: String] = [:]
    /// Artifacts the coordinator holds on disk.
    private var stored: Set<SHA256Digest> = []
    private var lastHeartbeatSent: UInt64 = 0
    /// Jobs neither done nor failed (kept, not counted, so `isComplete` is O(1) per turn).
    private var unfinished = 0

    /// - Parameters:
    ///   - stored: the jobs' rows from the store; leases of a previous coordinator must already
    ///     be released (a stored `leased` is treated as pending).
    ///   - artifacts: artifacts present in the artifact folder.
    public init(graph: JobGraph, stored rows: [StoredJob], artifacts: Set<SHA256Digest>, config: SchedulerConfig = SchedulerConfig()) {
        self.config = config
        gridHash = graph.hash
        preset = graph.spec.name
        stored = artifacts
        let byID = Dictionary(rows.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
        for spec in graph.jobs {
            let row = byID[spec.id]
            var job = Job(spec: spec, state: row?.state ?? .pending, attempts: row?.attempts ?? 0)
            if job.state == .leased { job.state = .pending }
            if let hex = row?.outputDigest, let digest = SHA256Digest(hex: hex), let size = row?.outputSize,
               let role = row?.outputRole.flatMap(ArtifactRef.Role.init(storeName:)) {
                job.output = ArtifactRef(role: role, digest: digest, sizeBytes: UInt64(size))
            }
            // A training job counts as done only while its artifact is still on disk.
            if job.state == .done, spec.kind == .pretrain || spec.kind == .finetune,
               job.output.map({ !artifacts.contains($0.digest) }) ?? true {
                job.state = .pending
            }
            jobs[spec.id] = job
            for dependency in spec.dependencies { dependents[dependency, default: []].append(spec.id) }
        }
        unfinished = jobs.values.filter { $0.state != .done && $0.state != .failed }.count
        for spec in graph.jobs {
            let waiting = spec.dependencies.filter { jobs[$0]?.state != .done }.count
            jobs[spec.id]?.waitingOn = waiting
            if waiting == 0, jobs[spec.id]?.state == .pending { enqueue(spec.id) }
        }
    }

    // MARK: Queries

    public var isComplete: Bool { unfinished == 0 }
    public var counts: [JobState: Int] { jobs.values.reduce(into: [:]) { $0[$1.state, default: 0] += 1 } }
    public var workerCount: Int { workers.count }
    public func state(of job: String) -> JobState? { jobs[job]?.state }
    public func leaseHolder(of job: String) -> String? { jobs[job]?.lease?.worker }
    public func workerID(identity: [UInt8]) -> String? { workerByIdentity[identity] }
    /// Whether the coordinator already holds this artifact.
    public func holds(_ digest: SHA256Digest) -> Bool { stored.contains(digest) }

    // MARK: Events

    public mutating func handle(_ event: SchedulerEvent, now: UInt64, wall: Double) -> [SchedulerOutput] {
        var out: [SchedulerOutput] = []
        switch event {
        case let .message(identity, message): receive(message, from: identity, now: now, wall: wall, &out)
        case let .artifactStored(digest): stored.insert(digest)
        case .tick: expire(now: now, wall: wall, &out)
        }
        assign(now: now, wall: wall, &out)
        return out
    }

    private mutating func receive(_ message: Message, from identity: [UInt8], now: UInt64, wall: Double, _ out: inout [SchedulerOutput]) {
        if case let .ready(ready) = message {
            register(ready, identity: identity, now: now, wall: wall, &out)
            return
        }
        guard let workerID = workerByIdentity[identity] else {
            // A worker the coordinator does not know (it restarted, or the worker was declared
            // lost): ask it to register again. A result is still welcome (scores are
            // deterministic), under the routing id's name.
            if case let .result(result) = message {
                accept(result, worker: Self.name(identity), now: now, wall: wall, &out)
            } else {
                out.append(.send(to: identity, .disconnect(Disconnect(reason: "not registered: send READY"))))
            }
            return
        }
        workers[workerID]?.lastHeard = now
        switch message {
        case let .heartbeat(heartbeat):
            for jobID in heartbeat.runningJobIDs { renew(jobID, worker: workerID, now: now) }
        case let .progress(progress):
            renew(progress.jobID, worker: workerID, now: now)
        case let .result(result):
            accept(result, worker: workerID, now: now, wall: wall, &out)
        case let .fail(failure):
            fail(failure, worker: workerID, now: now, wall: wall, &out)
        case let .disconnect(bye):
            out.append(.log("worker \(workerID) left: \(bye.reason)"))
            lose(workerID, outcome: "worker left: \(bye.reason)", wall: wall, &out)
        case .ready, .fetch, .chunk, .assign, .ack:
            break // READY is handled above; FETCH and CHUNK by the shell; ASSIGN and ACK are never sent to us.
        }
    }

    private mutating func register(_ ready: Ready, identity: [UInt8], now: UInt64, wall: Double, _ out: inout [SchedulerOutput]) {
        let id = ready.workerID
        if let old = workers[id], old.identity != identity { workerByIdentity[old.identity] = nil }
        var entry = workers[id] ?? WorkerEntry(id: id, identity: identity, host: ready.host, slots: 1, lastHeard: now, cached: [])
        entry.identity = identity
        entry.host = ready.host
        entry.slots = max(1, Int(ready.capabilities.maxConcurrentJobs))
        entry.lastHeard = now
        entry.cached = Set(ready.capabilities.cachedArtifacts)
        workers[id] = entry
        workerByIdentity[identity] = id
        out.append(.store(.workerSeen(id: id, host: ready.host, cores: Int(ready.capabilities.cores), maxJobs: entry.slots,
                                      softwareVersion: ready.softwareVersion, state: "alive", at: wall)))
        out.append(.send(to: identity, .ack(.ready)))
        out.append(.log("worker \(id) on \(ready.host) ready: \(entry.slots) slot(s), \(entry.cached.count) cached artifact(s)"))
    }

    private mutating func renew(_ jobID: String, worker: String, now: UInt64) {
        guard var lease = jobs[jobID]?.lease, lease.worker == worker else { return }
        lease.expires = now + config.lease
        jobs[jobID]?.lease = lease
    }

    private mutating func accept(_ result: JobResult, worker: String, now: UInt64, wall: Double, _ out: inout [SchedulerOutput]) {
        guard var job = jobs[result.jobID] else {
            out.append(.log("result for unknown job \(result.jobID) from \(worker): ignored"))
            return
        }
        let ack = Message.ack(.result(jobID: result.jobID, attempt: result.attempt, duplicate: job.state == .done))
        let identity = workers[worker]?.identity ?? Self.identity(worker)
        switch (result.outcome, job.spec.kind) {
        case (.evaluation, .evaluate), (.evaluation, .noop), (.artifact, .pretrain), (.artifact, .finetune): break
        default:
            out.append(.log("result of the wrong shape for \(job.spec.kind) job \(result.jobID) from \(worker): ignored"))
            return
        }
        if job.state == .done {
            var matches = false
            var correct: Int?, total: Int?, digest: String?
            switch result.outcome {
            case let .evaluation(bits):
                (correct, total) = (bits.correctCount, bits.count)
                matches = true // the committed counts are compared by whoever reads the store
            case let .artifact(ref, _):
                digest = ref.digest.hex
                matches = ref.digest == job.output?.digest
            }
            out.append(.store(.duplicate(job: result.jobID, attempt: result.attempt, worker: worker, correct: correct, total: total,
                                         outputDigest: digest, matchesCommitted: matches, at: wall)))
            out.append(.store(.attemptEnded(job: result.jobID, attempt: result.attempt, outcome: "duplicate", at: wall)))
            out.append(.send(to: identity, ack))
            out.append(.log("duplicate result for \(result.jobID) (attempt \(result.attempt)) from \(worker): recorded, not counted"))
            release(result.jobID, worker: worker)
            return
        }
        if case let .artifact(ref, loss) = result.outcome {
            guard stored.contains(ref.digest) else {
                // The artifact's chunks have not all arrived: no ACK, so the worker sends both again.
                out.append(.log("result for \(result.jobID) before its artifact \(ref.digest.hex.prefix(12)) arrived: not acknowledged yet"))
                return
            }
            job.output = ref
            out.append(.store(.artifact(job: result.jobID, ref: ref, finalLoss: loss, at: wall)))
        }
        if case let .evaluation(bits) = result.outcome {
            out.append(.store(.evaluation(job: result.jobID, attempt: result.attempt, worker: worker, correctness: bits,
                                          durationMs: result.durationMilliseconds, at: wall)))
        }
        if job.state != .failed { unfinished -= 1 }
        job.state = .done
        job.lease = nil
        jobs[result.jobID] = job
        release(result.jobID, worker: worker)
        out.append(.store(.attemptEnded(job: result.jobID, attempt: result.attempt, outcome: "done", at: wall)))
        out.append(.store(.jobState(job: result.jobID, state: .done, attempts: job.attempts, failure: nil, at: wall)))
        out.append(.store(.workerJobDone(id: worker)))
        out.append(.send(to: identity, ack))
        for dependent in dependents[result.jobID] ?? [] {
            guard var next = jobs[dependent] else { continue }
            next.waitingOn -= 1
            jobs[dependent] = next
            if next.waitingOn == 0, next.state == .pending { enqueue(dependent) }
        }
    }

    private mutating func fail(_ failure: JobFailure, worker: String, now: UInt64, wall: Double, _ out: inout [SchedulerOutput]) {
        guard let job = jobs[failure.jobID] else { return }
        let identity = workers[worker]?.identity ?? Self.identity(worker)
        out.append(.send(to: identity, .ack(.failure(jobID: failure.jobID, attempt: failure.attempt))))
        guard let lease = job.lease, lease.worker == worker, lease.attempt == failure.attempt else {
            out.append(.store(.attemptEnded(job: failure.jobID, attempt: failure.attempt, outcome: "failed late: \(failure.reason)", at: wall)))
            return
        }
        release(failure.jobID, worker: worker)
        retryOrFail(failure.jobID, worker: worker, reason: failure.reason, retryable: failure.retryable, wall: wall, &out)
    }

    /// Ends a leased job's attempt: back to pending if it has attempts left, failed otherwise.
    private mutating func retryOrFail(_ jobID: String, worker: String, reason: String, retryable: Bool, wall: Double, _ out: inout [SchedulerOutput]) {
        guard var job = jobs[jobID], let lease = job.lease else { return }
        job.lease = nil
        job.triedOn.append(worker)
        out.append(.store(.attemptEnded(job: jobID, attempt: lease.attempt, outcome: reason, at: wall)))
        if retryable, job.attempts < config.maxAttempts {
            job.state = .pending
            jobs[jobID] = job
            enqueue(jobID)
            out.append(.store(.jobState(job: jobID, state: .pending, attempts: job.attempts, failure: nil, at: wall)))
            out.append(.log("\(jobID) attempt \(lease.attempt) on \(worker): \(reason); will retry"))
        } else {
            job.state = .failed
            unfinished -= 1
            jobs[jobID] = job
            let why = "\(reason) (after \(job.attempts) attempt\(job.attempts == 1 ? "" : "s"))"
            out.append(.store(.jobState(job: jobID, state: .failed, attempts: job.attempts, failure: why, at: wall)))
            out.append(.log("\(jobID) failed: \(why)"))
        }
    }

    private mutating func release(_ jobID: String, worker: String) {
        workers[worker]?.running.remove(jobID)
    }

    /// Declares a worker lost: its leased jobs go back to pending (or fail at their limit).
    private mutating func lose(_ workerID: String, outcome: String, wall: Double, _ out: inout [SchedulerOutput]) {
        guard let worker = workers.removeValue(forKey: workerID) else { return }
        workerByIdentity[worker.identity] = nil
        for jobID in worker.running.sorted() where jobs[jobID]?.lease?.worker == workerID {
            retryOrFail(jobID, worker: workerID, reason: outcome, retryable: true, wall: wall, &out)
        }
        out.append(.store(.workerSeen(id: workerID, host: worker.host, cores: 0, maxJobs: worker.slots, softwareVersion: "", state: "lost", at: wall)))
    }

    private mutating func expire(now: UInt64, wall: Double, _ out: inout [SchedulerOutput]) {
        for (id, worker) in workers.sorted(by: { $0.key < $1.key }) where now > worker.lastHeard + config.livenessTimeout {
            out.append(.log("worker \(id) silent for \(now - worker.lastHeard) ms: lost; its \(worker.running.count) job(s) go back to pending"))
            lose(id, outcome: "worker lost (silent \(now - worker.lastHeard) ms)", wall: wall, &out)
        }
        for (id, worker) in workers.sorted(by: { $0.key < $1.key }) {
            for jobID in worker.running.sorted() {
                guard let lease = jobs[jobID]?.lease, lease.worker == id, now > lease.expires else { continue }
                release(jobID, worker: id)
                retryOrFail(jobID, worker: id, reason: "lease expired", retryable: true, wall: wall, &out)
            }
        }
        if now >= lastHeartbeatSent + config.heartbeatInterval {
            lastHeartbeatSent = now
            for worker in workers.values.sorted(by: { $0.id < $1.id }) {
                out.append(.send(to: worker.identity, .heartbeat(Heartbeat(sentAtUnixMilliseconds: UInt64(wall * 1000)))))
            }
        }
    }

    // MARK: Assignment

    private mutating func enqueue(_ jobID: String) {
        guard let job = jobs[jobID] else { return }
        ready.push(jobID, key: inputs(of: job).map(\.digest))
    }

    private func inputs(of job: Job) -> [ArtifactRef] {
        job.spec.dependencies.compactMap { jobs[$0]?.output }
    }

    private mutating func assign(now: UInt64, wall: Double, _ out: inout [SchedulerOutput]) {
        guard !ready.isEmpty, !workers.isEmpty else { return }
        let alive = workers.count
        for id in workers.keys.sorted() {
            while let worker = workers[id], worker.running.count < worker.slots {
                guard let jobID = ready.pop(preferring: worker.cached, avoid: { jobs[$0]?.triedOn.contains(id) == true && alive > 1 }) else { break }
                guard var job = jobs[jobID], job.state == .pending else { continue }
                job.attempts += 1
                job.state = .leased
                let attempt = UInt32(job.attempts)
                job.lease = Lease(worker: id, attempt: attempt, expires: now + config.lease)
                let inputs = inputs(of: job)
                jobs[jobID] = job
                workers[id]?.running.insert(jobID)
                for input in inputs { workers[id]?.cached.insert(input.digest) }
                let spec = job.spec.spec(gridHash: gridHash, preset: preset, inputs: inputs)
                out.append(.store(.attemptStarted(job: jobID, attempt: attempt, worker: id, at: wall)))
                out.append(.store(.jobState(job: jobID, state: .leased, attempts: job.attempts, failure: nil, at: wall)))
                out.append(.send(to: worker.identity, .assign(Assign(job: spec, attempt: attempt, leaseMilliseconds: UInt32(config.lease)))))
            }
        }
    }

    static func name(_ identity: [UInt8]) -> String { String(decoding: identity, as: UTF8.self) }
    static func identity(_ name: String) -> [UInt8] { Array(name.utf8) }
}
