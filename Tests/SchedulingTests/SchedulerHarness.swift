import Hashing
import Core
@testable import Scheduling
import Grid
import Wire

/// Drives a scheduler with a fake clock and pretend workers, and looks at what it asks for.
struct SchedulerHarness {
    var scheduler: Scheduler
    var now: UInt64 = 0
    var writes: [StoreWrite] = []
    var sent: [(to: String, message: Message)] = []

    init(_ spec: GridSpec, config: SchedulerConfig = SchedulerConfig(), stored: [StoredJob] = [], artifacts: Set<SHA256Digest> = []) throws {
        scheduler = Scheduler(graph: try JobGraph(spec: spec), stored: stored, artifacts: artifacts, config: config)
    }

    init(scheduler: Scheduler) {
        self.scheduler = scheduler
    }

    @discardableResult
    mutating func feed(_ event: SchedulerEvent) -> [SchedulerOutput] {
        let out = scheduler.handle(event, now: now, wall: Double(now) / 1000)
        for o in out {
            switch o {
            case let .store(w): writes.append(w)
            case let .send(to, m): sent.append((String(decoding: to, as: UTF8.self), m))
            case .log, .refused: break
            }
        }
        return out
    }

    mutating func from(_ worker: String, _ message: Message) -> [SchedulerOutput] {
        feed(.message(from: Array(worker.utf8), message))
    }

    @discardableResult
    mutating func ready(_ worker: String, slots: Int = 1, cached: [SHA256Digest] = [], blasCore: String = "Haswell",
                        models: [ModelName] = [.small, .medium, .large], held: [HeldJob] = [], incarnation: UInt64 = 1) -> [SchedulerOutput] {
        let caps = Capabilities(cores: 2, memoryBytes: 1 << 30, maxConcurrentJobs: UInt32(slots), blasThreads: 1,
                                jobKinds: JobKind.allCases, cachedArtifacts: cached, blasCore: blasCore, models: models)
        return from(worker, .ready(Ready(workerID: worker, host: "h", capabilities: caps, heldJobs: held, incarnation: incarnation)))
    }

    /// Assignments sent to `worker` so far, and forgets them.
    mutating func takeAssignments(_ worker: String) -> [Assign] {
        let mine = sent.compactMap { entry -> Assign? in
            guard entry.to == worker, case let .assign(a) = entry.message else { return nil }
            return a
        }
        sent.removeAll { entry in
            if entry.to == worker, case .assign = entry.message { return true }
            return false
        }
        return mine
    }

    mutating func acks(_ worker: String) -> [Ack] {
        sent.compactMap { entry -> Ack? in
            guard entry.to == worker, case let .ack(a) = entry.message else { return nil }
            return a
        }
    }

    /// An evaluation's result: `correct` right of `total` questions (the job's own count, zero
    /// for a noop, unless given).
    static func evaluation(_ assign: Assign, correct: Int = 3, of total: Int? = nil) -> Message {
        let total = total ?? (assign.job.kind == .evaluate ? Int(assign.job.hyperparameters.evalExamples) : 0)
        return .result(JobResult(jobID: assign.job.id, attempt: assign.attempt,
                                 outcome: .evaluation(CorrectnessBits((0..<total).map { $0 < correct })), durationMilliseconds: 5))
    }

    static func artifact(_ assign: Assign, digest: SHA256Digest) -> Message {
        let role: ArtifactRef.Role = assign.job.kind == .pretrain ? .baseCheckpoint : .loraAdapter
        return .result(JobResult(jobID: assign.job.id, attempt: assign.attempt,
                                 outcome: .artifact(ArtifactRef(role: role, digest: digest, sizeBytes: 10), finalLoss: 0.5),
                                 durationMilliseconds: 5))
    }

    /// Registers `worker` with one slot and completes every job it is given until the grid is
    /// done: the jobs in the order they were assigned (the pretrain first).
    mutating func runAlone(_ worker: String) throws -> [Assign] {
        ready(worker)
        var order: [Assign] = []
        while !scheduler.isComplete {
            guard let a = takeAssignments(worker).first else {
                throw HarnessError("\(worker) got nothing with \(scheduler.counts)")
            }
            complete(worker, a)
            order.append(a)
        }
        return order
    }

    /// Completes an assignment properly: artifact stored first for training jobs.
    mutating func complete(_ worker: String, _ assign: Assign) {
        switch assign.job.kind {
        case .pretrain, .finetune:
            let digest = SHA256Digest.of(assign.job.id)
            _ = feed(.artifactStored(digest))
            _ = from(worker, Self.artifact(assign, digest: digest))
        case .evaluate, .noop:
            _ = from(worker, Self.evaluation(assign))
        }
    }
}

struct HarnessError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
