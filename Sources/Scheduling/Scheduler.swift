public import Core
public import Grid
public import Transfer
internal import Wire

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
        /// Attempts counted toward `maxAttempts` (not those ended by a coordinator restart or a
        /// failure marked not counted); the store's `attempts`.
        var attempts: Int
        /// The highest attempt number given out: each attempt has its own.
        var lastAttempt: UInt32 = 0
        var lease: Lease?
        var output: ArtifactRef?
        /// Workers that tried and failed or were lost on it: a retry prefers another.
        var triedOn: [String] = []
        /// Which worker each attempt was given to: only that worker's result or failure for
        /// that attempt counts.
        var issuedTo: [UInt32: String] = [:]
        /// Attempts whose late result is recorded as a duplicate already (a resend is only ACKed).
        var duplicateAttempts: Set<UInt32> = []
        /// Dependencies not yet done.
        var waitingOn: Int = 0
        /// EVALUATE, once done: its counts (the data-selection stage reads its target's column).
        var score: Counts?
    }

    struct WorkerEntry {
        var id: String
        var identity: [UInt8]
        var host: String
        var slots: Int
        var running: Set<String> = []
        var lastHeard: UInt64
        /// `lastHeard` as last written to the store.
        var lastRecorded: UInt64
        var cached: Set<SHA256Digest>
        /// The models it runs, as its READY announced them.
        var models: Set<ModelName> = []
        /// Its process's incarnation (`Ready.incarnation`).
        var incarnation: UInt64 = 0
    }

    public let config: SchedulerConfig
    public let gridHash: SHA256Digest
    let preset: String
    /// The grid's tasks and selection threshold, for the data-selection stage's mixtures.
    let tasks: [PerceptionTask]
    let selectionThreshold: Double
    var jobs: [String: Job] = [:]
    var dependents: [String: [String]] = [:]
    /// Ready jobs (pending, dependencies done) grouped by the inputs they need, oldest first.
    var ready = ReadyQueue()
    var workers: [String: WorkerEntry] = [:]
    var workerByIdentity: [[UInt8]: String] = [:]
    /// Artifacts the coordinator holds on disk.
    var stored: Set<SHA256Digest> = []
    var lastHeartbeatSent: UInt64 = 0
    /// Jobs whose state is not final (kept, not counted, so `isComplete` is O(1) per turn).
    var unfinished = 0
    /// Jobs the store held as leased at start, waiting for their worker to claim them.
    var orphans: Set<String> = []
    /// The question set each (model, base, target, count) of the grid's cells was scored on, by
    /// runners that name theirs: cells compare only like with like.
    var questionSets: [QuestionSetKey: SHA256Digest] = [:]
    /// Models with ready jobs that no registered worker runs, already said in the log.
    var unserved: Set<ModelName> = []
    /// Store writes decided at start (jobs blocked or unblocked since the store was written),
    /// given out with the first turn's outputs.
    var startup: [SchedulerOutput] = []
    /// The OpenBLAS kernel family the grid's scores are computed with: the first worker's, then
    /// every worker's (kernel families round differently, and a score must not depend on which
    /// worker computed it).
    public private(set) var blasCore: String?

    /// - Parameters:
    ///   - stored: the jobs' rows from the store; leases of a previous coordinator must already
    ///     be released (a stored `leased` is treated as pending).
    ///   - artifacts: artifacts present in the artifact folder.
    ///   - issued: per job, the worker each earlier attempt was given to (the store's attempts),
    ///     so a worker's result for an attempt of the previous coordinator still counts.
    ///   - scores: the committed evaluations' counts, by job.
    ///   - questionSets: the committed runners' evaluations' question sets, by job.
    ///   - blasCore: the kernel family the store's scores were computed with, if any yet.
    ///   - now: the clock at start (a scheduler rebuilt from the store mid-run gives its time),
    ///     from which stored leases wait `adoptionGrace` for their workers.
    public init(graph: JobGraph, stored rows: [StoredJob], artifacts: Set<SHA256Digest>, issued: [String: [UInt32: String]] = [:],
                scores: [String: Counts] = [:], questionSets: [String: SHA256Digest] = [:], blasCore: String? = nil, config: SchedulerConfig = SchedulerConfig(), now: UInt64 = 0) {
        self.config = config
        self.blasCore = blasCore
        gridHash = graph.hash
        preset = graph.grid.name
        tasks = graph.grid.tasks
        selectionThreshold = graph.grid.selectionThreshold
        stored = artifacts
        let byID = Dictionary(rows.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
        for spec in graph.jobs {
            let row = byID[spec.id]
            var job = Job(spec: spec, state: row?.state ?? .pending, attempts: row?.attempts ?? 0)
            job.issuedTo = issued[spec.id] ?? [:]
            job.lastAttempt = max(UInt32(job.attempts), job.issuedTo.keys.max() ?? 0)
            job.score = scores[spec.id]
            if let set = questionSets[spec.id] { self.questionSets[QuestionSetKey(spec)] = set }
            job.output = row?.output
            if job.state == .leased {
                // Its worker may still run it: it keeps the lease if it claims it in time.
                if let worker = job.issuedTo[job.lastAttempt] {
                    job.lease = Lease(worker: worker, attempt: job.lastAttempt, expires: now + config.adoptionGrace)
                    orphans.insert(spec.id)
                } else {
                    job.state = .pending
                }
            }
            // A training job counts as done only while its artifact is still on disk.
            if job.state == .done, spec.kind == .pretrain || spec.kind == .finetune,
               job.output.map({ !artifacts.contains($0.digest) }) ?? true {
                job.state = .pending
            }
            jobs[spec.id] = job
            for dependency in spec.dependencies { dependents[dependency, default: []].append(spec.id) }
        }
        settleBlocked(graph, stored: byID)
        unfinished = jobs.values.filter { !$0.state.isFinal }.count
        for spec in graph.jobs {
            let waiting = spec.dependencies.filter { jobs[$0]?.state != .done }.count
            jobs[spec.id]?.waitingOn = waiting
            if waiting == 0, jobs[spec.id]?.state == .pending { enqueue(spec.id) }
        }
    }

    /// Blocks every job downstream of a failed one, and unblocks a stored blocked job whose
    /// dependencies no longer fail (`--rerun-failed`); the store learns of each change.
    private mutating func settleBlocked(_ graph: JobGraph, stored: [String: StoredJob]) {
        var blocker: [String: String] = [:]
        func failedAncestor(_ id: String) -> String? {
            if let known = blocker[id] { return known.isEmpty ? nil : known }
            var found: String?
            for dependency in jobs[id]?.spec.dependencies ?? [] {
                if jobs[dependency]?.state == .failed { found = dependency } else { found = failedAncestor(dependency) }
                if found != nil { break }
            }
            blocker[id] = found ?? ""
            return found
        }
        for spec in graph.jobs {
            guard let job = jobs[spec.id], job.state == .pending || job.state == .blocked else { continue }
            let by = failedAncestor(spec.id)
            let state: JobState = by == nil ? .pending : .blocked
            jobs[spec.id]?.state = state
            if stored[spec.id]?.state != state, stored[spec.id]?.state == .blocked || state == .blocked {
                startup.append(.store(.jobState(job: spec.id, state: state, attempts: job.attempts, failure: by.map(Self.blockedReason), at: 0)))
            }
        }
    }

    static func blockedReason(_ failed: String) -> String { "blocked: \(failed) failed" }

    // MARK: Queries

    public var isComplete: Bool { unfinished == 0 }
    /// The ZeroMQ routing identities of the registered workers.
    public var workerIdentities: [[UInt8]] { workers.values.map(\.identity) }

    public var counts: [JobState: Int] { jobs.values.reduce(into: [:]) { $0[$1.state, default: 0] += 1 } }
    public var workerCount: Int { workers.count }
    public func state(of job: String) -> JobState? { jobs[job]?.state }
    public func leaseHolder(of job: String) -> String? { jobs[job]?.lease?.worker }
    public func workerID(identity: [UInt8]) -> String? { workerByIdentity[identity] }
    /// Whether the coordinator already holds this artifact.
    public func holds(_ digest: SHA256Digest) -> Bool { stored.contains(digest) }
    /// The artifacts the coordinator holds, checked.
    public var artifacts: Set<SHA256Digest> { stored }

    // MARK: Events

    public mutating func handle(_ event: SchedulerEvent, now: UInt64, wall: Double) -> [SchedulerOutput] {
        var out = startup.map { output in
            guard case let .store(.jobState(job, state, attempts, failure, _)) = output else { return output }
            return .store(.jobState(job: job, state: state, attempts: attempts, failure: failure, at: wall))
        }
        startup = []
        switch event {
        case let .message(identity, message): receive(message, from: identity, now: now, wall: wall, &out)
        case let .artifactStored(digest): stored.insert(digest)
        case let .artifactDamaged(digest): damaged(digest, wall: wall, &out)
        case .tick:
            expire(now: now, wall: wall, &out)
            warnAboutUnservedModels(&out)
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
            // lost): ask it to register again. Its result still counts if that attempt was given
            // to the worker of this routing id (`accept` checks); anyone else's is refused.
            if case let .result(result) = message {
                accept(result, worker: Self.name(identity), wall: wall, &out)
            } else {
                out.append(.refused(kind: "unregistered", "\(message.name) from \(Self.name(identity)), which is not a registered worker: asked to register"))
                out.append(.send(to: identity, .disconnect(Disconnect(.notRegistered))))
            }
            return
        }
        workers[workerID]?.lastHeard = now
        switch message {
        case let .heartbeat(heartbeat):
            for jobID in heartbeat.runningJobIDs { renew(jobID, worker: workerID, now: now) }
        case let .progress(progress):
            renew(progress.jobID, worker: workerID, now: now)
            if let job = jobs[progress.jobID], job.spec.model.engineSize == nil, job.issuedTo[progress.attempt] == workerID,
               job.state == .done || job.lease.map({ $0.worker != workerID || $0.attempt != progress.attempt }) == true {
                // A runner's attempt whose job another worker has now, or which is done: the
                // worker stops it and frees its slot and GPU. (The engine's stale attempts run
                // on: their results are kept as duplicates and compared with the committed bits.)
                out.append(.send(to: identity, .ack(.released(jobID: progress.jobID, attempt: progress.attempt))))
            }
        case let .result(result):
            accept(result, worker: workerID, wall: wall, &out)
        case let .fail(failure):
            fail(failure, worker: workerID, wall: wall, &out)
        case let .disconnect(bye):
            out.append(.log("worker left: \(bye)", metadata: ["worker.id": workerID]))
            lose(workerID, outcome: "worker left: \(bye)", wall: wall, &out)
        case .ready, .fetch, .chunk, .assign, .ack:
            break // READY is handled above; FETCH and CHUNK by the shell; ASSIGN and ACK are never sent to us.
        }
    }

    private mutating func register(_ ready: Ready, identity: [UInt8], now: UInt64, wall: Double, _ out: inout [SchedulerOutput]) {
        let id = ready.workerID
        // A worker's routing id is its id: a READY naming another worker is not taken.
        guard Self.identity(id) == identity else {
            out.append(.refused(kind: "ready", "READY for worker \(id) from routing id \(Self.name(identity)): ignored"))
            return
        }
        guard workers[id] != nil || workers.count < config.maxWorkers else {
            out.append(.refused(kind: "ready", "READY from \(id) refused: \(config.maxWorkers) workers are registered already"))
            return
        }
        let core = ready.capabilities.blasCore
        if let pinned = blasCore, pinned != core {
            let reason = """
                worker \(id) on \(ready.host) computes with OpenBLAS \(core) kernels, and this grid's scores with \(pinned) \
                kernels, which round differently: its scores would not be bit-identical. Start it with \
                OPENBLAS_CORETYPE=\(pinned) (if its CPU has those instructions), or give it a grid of its own
                """
            out.append(.refused(kind: "blas-core", reason))
            out.append(.send(to: identity, .disconnect(Disconnect(.refused, detail: reason, final: true))))
            return
        }
        if blasCore == nil {
            blasCore = core
            out.append(.store(.blasCorePinned(core)))
            out.append(.log("the grid's scores are computed with OpenBLAS \(core) kernels (those of worker \(id)); every worker must use them"))
        }
        if let old = workers[id], old.identity != identity { workerByIdentity[old.identity] = nil }
        let held = Dictionary(ready.heldJobs.map { ($0.jobID, $0.attempt) }, uniquingKeysWith: { a, _ in a })
        // Registered already and restarted under the same id (another incarnation): what it no
        // longer holds goes back at once instead of waiting for its lease. The same process
        // registering again keeps its jobs (an ASSIGN may have crossed its READY).
        let restarted = workers[id].map { $0.incarnation != ready.incarnation } ?? false
        for jobID in (workers[id]?.running ?? []).sorted() where restarted {
            guard let lease = jobs[jobID]?.lease, lease.worker == id else { release(jobID, worker: id); continue }
            guard held[jobID] != lease.attempt else { continue }
            release(jobID, worker: id)
            retryOrFail(jobID, worker: id, reason: "worker \(id) restarted without it", retryable: true, wall: wall, &out)
        }
        var entry = workers[id] ?? WorkerEntry(id: id, identity: identity, host: ready.host, slots: 1, lastHeard: now, lastRecorded: now, cached: [])
        // Jobs a previous coordinator gave it, which it still holds: adopted, same attempt.
        for (jobID, attempt) in held.sorted(by: { $0.key < $1.key }) where orphans.contains(jobID) {
            guard var lease = jobs[jobID]?.lease, lease.worker == id, lease.attempt == attempt else { continue }
            orphans.remove(jobID)
            lease.expires = now + config.lease
            jobs[jobID]?.lease = lease
            entry.running.insert(jobID)
            out.append(.log("re-adopted attempt \(attempt), which the worker still holds", metadata: ["job.id": jobID, "worker.id": id]))
        }
        // Jobs a previous coordinator gave it which it does not hold (it restarted too, as
        // `run`'s local workers do): back at once, not at the end of the grace period.
        for jobID in orphans.sorted() where jobs[jobID]?.lease?.worker == id {
            retryOrFail(jobID, worker: id, reason: "coordinator restarted; worker \(id) no longer holds it", retryable: true, counted: false,
                        wall: wall, &out)
        }
        entry.identity = identity
        entry.host = ready.host
        // 0: the worker takes no job for now (its disk is full); a later READY gives its slots back.
        entry.slots = Int(ready.capabilities.maxConcurrentJobs)
        entry.lastHeard = now
        entry.lastRecorded = now
        entry.cached = Set(ready.capabilities.cachedArtifacts)
        entry.models = Set(ready.capabilities.models)
        entry.incarnation = ready.incarnation
        workers[id] = entry
        workerByIdentity[identity] = id
        out.append(.store(.workerSeen(id: id, host: ready.host, cores: Int(ready.capabilities.cores), maxJobs: entry.slots,
                                      softwareVersion: ready.softwareVersion, blasCore: core, state: .alive, at: wall)))
        out.append(.send(to: identity, .ack(.ready)))
        out.append(.log("worker on \(ready.host) ready: \(entry.slots) slot(s), \(entry.cached.count) cached artifact(s)", metadata: ["worker.id": id]))
    }

    private mutating func renew(_ jobID: String, worker: String, now: UInt64) {
        guard var lease = jobs[jobID]?.lease, lease.worker == worker else { return }
        lease.expires = now + config.lease
        jobs[jobID]?.lease = lease
    }

    /// Whether a routing id belongs to a registered worker (only those may fetch or upload).
    public func isRegistered(_ identity: [UInt8]) -> Bool { workerByIdentity[identity] != nil }

    static func name(_ identity: [UInt8]) -> String { String(decoding: identity, as: UTF8.self) }
    static func identity(_ name: String) -> [UInt8] { Array(name.utf8) }
}
