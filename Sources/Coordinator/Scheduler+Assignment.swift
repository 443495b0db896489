internal import Grid
internal import Store
internal import Wire

/// Which worker runs what: ready jobs go to workers with free slots, preferring a worker that
/// holds the job's inputs and, for a retry, one that has not tried it.
extension Scheduler {
    mutating func enqueue(_ jobID: String) {
        guard let job = jobs[jobID] else { return }
        ready.push(jobID, key: inputs(of: job).map(\.digest))
    }

    func inputs(of job: Job) -> [ArtifactRef] {
        job.spec.dependencies.compactMap { jobs[$0]?.output }
    }

    mutating func assign(now: UInt64, wall: Double, _ out: inout [SchedulerOutput]) {
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
                job.issuedTo[attempt] = id
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
}
