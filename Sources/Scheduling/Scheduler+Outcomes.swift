internal import Core
internal import Grid
internal import Transfer
internal import Wire

/// How a job's attempt ends: a result (first one wins, later ones are duplicates), a failure
/// (retried up to the limit), a lost worker or an expired lease.
extension Scheduler {
    mutating func accept(_ result: JobResult, worker: String, wall: Double, _ out: inout [SchedulerOutput]) {
        guard var job = jobs[result.jobID] else {
            out.append(.refused(kind: "result", "result for unknown job \(result.jobID) from \(worker): ignored"))
            return
        }
        guard job.issuedTo[result.attempt] == worker else {
            out.append(.refused(kind: "result", "result for \(result.jobID) attempt \(result.attempt) from \(worker), which was not given that attempt: ignored"))
            return
        }
        let ack = Message.ack(.result(jobID: result.jobID, attempt: result.attempt, duplicate: job.state == .done))
        let identity = workers[worker]?.identity ?? Self.identity(worker)
        switch (result.outcome, job.spec.kind) {
        case (.evaluation, .evaluate), (.evaluation, .noop), (.artifact, .pretrain), (.artifact, .finetune): break
        default:
            out.append(.refused(kind: "result", "result of the wrong shape for \(job.spec.kind) job \(result.jobID) from \(worker): ignored"))
            return
        }
        // Counts come from the network: one for a number of questions the job did not ask for
        // (any number for a noop but zero) is refused before anything is built from it.
        if case let .evaluation(bits) = result.outcome {
            let asked = job.spec.kind == .evaluate ? Int(job.spec.hyperparameters.evalExamples) : 0
            guard bits.count == asked else {
                out.append(.refused(kind: "result", "result for \(result.jobID) from \(worker) scores \(bits.count) question(s); "
                    + "the job asked for \(asked): ignored"))
                return
            }
        }
        // A runner's cell must score the question set its model's other cells of that target did.
        if job.state != .done, let set = result.questionsDigest, job.spec.kind == .evaluate {
            let key = QuestionSetKey(job.spec)
            if let other = questionSets[key], other != set {
                out.append(.send(to: identity, .ack(.result(jobID: result.jobID, attempt: result.attempt, duplicate: false))))
                retryOrFail(result.jobID, worker: worker, reason: "scored question set \(set.hex.prefix(12)), but the other cells of \(job.spec.model) "
                    + "on \(job.spec.target?.abbreviation ?? "?") scored \(other.hex.prefix(12)): cells compare only like with like", retryable: false,
                    wall: wall, &out)
                release(result.jobID, worker: worker)
                return
            }
            questionSets[key] = set
        }
        if job.state == .done, job.duplicateAttempts.contains(result.attempt) {
            out.append(.send(to: identity, ack))
            return
        }
        if job.state == .done {
            jobs[result.jobID]?.duplicateAttempts.insert(result.attempt)
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
            out.append(.log("duplicate result (attempt \(result.attempt)): recorded, not counted", metadata: ["job.id": result.jobID, "worker.id": worker]))
            release(result.jobID, worker: worker)
            return
        }
        if case let .artifact(ref, loss) = result.outcome {
            guard stored.contains(ref.digest) else {
                // The artifact's chunks have not all arrived: no ACK, so the worker sends both again.
                out.append(.log("result before its artifact \(ref.digest.hex.prefix(12)) arrived: not acknowledged yet", metadata: ["job.id": result.jobID]))
                return
            }
            job.output = ref
            // The worker made the file and keeps it: its next jobs can be the ones that need it
            // (an adapter's evaluations), so rows arrive as they are trained.
            workers[worker]?.cached.insert(ref.digest)
            out.append(.store(.artifact(job: result.jobID, ref: ref, finalLoss: loss, at: wall)))
        }
        if case let .evaluation(bits) = result.outcome {
            if job.spec.kind == .evaluate { job.score = Counts(correct: bits.correctCount, total: bits.count) }
            out.append(.store(.evaluation(job: result.jobID, attempt: result.attempt, worker: worker, correctness: bits,
                                          durationMs: result.durationMilliseconds, at: wall, questions: result.questionsDigest)))
        }
        if job.state == .failed {
            // A late result of a job that had failed: what it blocked may run now.
            unfinished += 1
            unblock(downstreamOf: result.jobID, wall: wall, &out)
        }
        unfinished -= 1
        orphans.remove(result.jobID)
        job.state = .done
        job.lease = nil
        jobs[result.jobID] = job
        release(result.jobID, worker: worker)
        out.append(.store(.attemptEnded(job: result.jobID, attempt: result.attempt, outcome: "done", at: wall)))
        out.append(.store(.jobState(job: result.jobID, state: .done, attempts: job.attempts, failure: nil, at: wall)))
        out.append(.store(.workerJobDone(id: worker)))
        out.append(.send(to: identity, ack))
        for dependent in dependents[result.jobID] ?? [] {
            guard var next = jobs[dependent], next.state != .done else { continue }
            next.waitingOn -= 1
            jobs[dependent] = next
            if next.waitingOn == 0, next.state == .pending { enqueue(dependent) }
        }
    }

    mutating func fail(_ failure: JobFailure, worker: String, wall: Double, _ out: inout [SchedulerOutput]) {
        guard let job = jobs[failure.jobID], job.issuedTo[failure.attempt] == worker else {
            out.append(.refused(kind: "failure", "failure report for \(failure.jobID) attempt \(failure.attempt) from \(worker), which was not given that attempt: ignored"))
            return
        }
        let identity = workers[worker]?.identity ?? Self.identity(worker)
        out.append(.send(to: identity, .ack(.failure(jobID: failure.jobID, attempt: failure.attempt))))
        guard let lease = job.lease, lease.worker == worker, lease.attempt == failure.attempt else {
            out.append(.store(.attemptEnded(job: failure.jobID, attempt: failure.attempt, outcome: "failed late: \(failure.reason)", at: wall)))
            return
        }
        release(failure.jobID, worker: worker)
        retryOrFail(failure.jobID, worker: worker, reason: failure.reason, retryable: failure.retryable || failure.notCounted,
                    counted: !failure.notCounted, wall: wall, &out)
    }

    /// Ends a leased job's attempt: back to pending if it has attempts left, failed otherwise
    /// (and every job downstream blocked). An attempt not `counted` gives its attempt back.
    mutating func retryOrFail(_ jobID: String, worker: String, reason: String, retryable: Bool, counted: Bool = true,
                              wall: Double, _ out: inout [SchedulerOutput]) {
        guard var job = jobs[jobID], let lease = job.lease else { return }
        job.lease = nil
        job.triedOn.append(worker)
        orphans.remove(jobID)
        if !counted { job.attempts = max(0, job.attempts - 1) }
        out.append(.store(.attemptEnded(job: jobID, attempt: lease.attempt, outcome: counted ? reason : reason + " (not counted)", at: wall)))
        if retryable, job.attempts < config.maxAttempts {
            job.state = .pending
            jobs[jobID] = job
            enqueue(jobID)
            out.append(.store(.jobState(job: jobID, state: .pending, attempts: job.attempts, failure: nil, at: wall)))
            out.append(.log("attempt \(lease.attempt): \(reason); will retry", metadata: ["job.id": jobID, "worker.id": worker]))
        } else {
            job.state = .failed
            unfinished -= 1
            jobs[jobID] = job
            let why = "\(reason) (after \(job.attempts) attempt\(job.attempts == 1 ? "" : "s"))"
            out.append(.store(.jobState(job: jobID, state: .failed, attempts: job.attempts, failure: why, at: wall)))
            out.append(.log("failed: \(why)", metadata: ["job.id": jobID]))
            block(downstreamOf: jobID, wall: wall, &out)
        }
    }

    /// An artifact damaged at rest: the training job that made it goes back to pending, and
    /// every job that needs it and is not done waits for it again; done cells stay.
    mutating func damaged(_ digest: SHA256Digest, wall: Double, _ out: inout [SchedulerOutput]) {
        stored.remove(digest)
        for id in jobs.keys.sorted() {
            guard let job = jobs[id], job.state == .done, job.output?.digest == digest else { continue }
            jobs[id]?.state = .pending
            jobs[id]?.output = nil
            unfinished += 1
            enqueue(id)
            out.append(.store(.jobState(job: id, state: .pending, attempts: job.attempts, failure: nil, at: wall)))
            out.append(.log("its artifact \(digest.hex.prefix(12)) was damaged at rest: it runs again", metadata: ["job.id": id]))
            for dependent in dependents[id] ?? [] where jobs[dependent]?.state != .done {
                jobs[dependent]?.waitingOn += 1
            }
        }
    }

    /// Marks every pending job downstream of `failed` blocked, naming it.
    mutating func block(downstreamOf failed: String, wall: Double, _ out: inout [SchedulerOutput]) {
        var blocked = 0
        var stack = dependents[failed] ?? []
        while let id = stack.popLast() {
            guard let job = jobs[id], job.state == .pending else { continue }
            jobs[id]?.state = .blocked
            unfinished -= 1
            blocked += 1
            out.append(.store(.jobState(job: id, state: .blocked, attempts: job.attempts, failure: Self.blockedReason(failed), at: wall)))
            stack += dependents[id] ?? []
        }
        if blocked > 0 { out.append(.log("\(blocked) job(s) downstream are blocked", metadata: ["job.id": failed])) }
    }

    /// The jobs downstream of a job that is no longer failed go back to pending.
    mutating func unblock(downstreamOf id: String, wall: Double, _ out: inout [SchedulerOutput]) {
        var stack = dependents[id] ?? []
        while let next = stack.popLast() {
            guard let job = jobs[next], job.state == .blocked else { continue }
            jobs[next]?.state = .pending
            unfinished += 1
            out.append(.store(.jobState(job: next, state: .pending, attempts: job.attempts, failure: nil, at: wall)))
            stack += dependents[next] ?? []
        }
    }

    mutating func release(_ jobID: String, worker: String) {
        workers[worker]?.running.remove(jobID)
    }

    /// Declares a worker lost: its leased jobs go back to pending (or fail at their limit).
    mutating func lose(_ workerID: String, outcome: String, wall: Double, _ out: inout [SchedulerOutput]) {
        guard let worker = workers.removeValue(forKey: workerID) else { return }
        workerByIdentity[worker.identity] = nil
        for jobID in worker.running.sorted() where jobs[jobID]?.lease?.worker == workerID {
            retryOrFail(jobID, worker: workerID, reason: outcome, retryable: true, wall: wall, &out)
        }
        out.append(.store(.workerSeen(id: workerID, host: worker.host, cores: 0, maxJobs: worker.slots, softwareVersion: "", blasCore: "", state: .lost, at: wall)))
    }

    mutating func expire(now: UInt64, wall: Double, _ out: inout [SchedulerOutput]) {
        for jobID in orphans.sorted() {
            guard let lease = jobs[jobID]?.lease, now > lease.expires else { continue }
            retryOrFail(jobID, worker: lease.worker, reason: "coordinator restarted; worker \(lease.worker) did not claim it within \(config.adoptionGrace) ms",
                        retryable: true, counted: false, wall: wall, &out)
        }
        for (id, worker) in workers.sorted(by: { $0.key < $1.key }) where now > worker.lastHeard + config.livenessTimeout {
            out.append(.log("worker silent for \(now - worker.lastHeard) ms: lost; its \(worker.running.count) job(s) go back to pending", metadata: ["worker.id": id]))
            lose(id, outcome: "worker lost (silent \(now - worker.lastHeard) ms)", wall: wall, &out)
        }
        for (id, worker) in workers.sorted(by: { $0.key < $1.key }) {
            for jobID in worker.running.sorted() {
                guard let lease = jobs[jobID]?.lease, lease.worker == id, now > lease.expires else { continue }
                release(jobID, worker: id)
                retryOrFail(jobID, worker: id, reason: "lease expired", retryable: true, wall: wall, &out)
            }
        }
        for (id, worker) in workers.sorted(by: { $0.key < $1.key }) where worker.lastHeard >= worker.lastRecorded + config.lastSeenInterval {
            workers[id]?.lastRecorded = worker.lastHeard
            out.append(.store(.workerHeard(id: id, at: wall - Double(now - worker.lastHeard) / 1000)))
        }
        if now >= lastHeartbeatSent + config.heartbeatInterval {
            lastHeartbeatSent = now
            for worker in workers.values.sorted(by: { $0.id < $1.id }) {
                out.append(.send(to: worker.identity, .heartbeat(Heartbeat(sentAtUnixMilliseconds: UInt64(wall * 1000)))))
            }
        }
    }
}
