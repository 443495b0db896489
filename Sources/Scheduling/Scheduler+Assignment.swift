internal import Core
internal import Grid
internal import Transfer
internal import Wire

/// Which worker runs what: ready jobs go to workers with free slots that run their model,
/// preferring a worker that holds the job's inputs and, for a retry, one that has not tried it.
extension Scheduler {
    mutating func enqueue(_ jobID: String) {
        guard let job = jobs[jobID] else { return }
        let cost = job.spec.kind == .evaluate ? 0 : UInt64(job.spec.hyperparameters.steps)
        ready.push(jobID, kind: job.spec.kind, model: job.spec.model, inputs: inputs(of: job).map(\.digest), cost: cost)
    }

    func inputs(of job: Job) -> [ArtifactRef] {
        job.spec.dependencies.compactMap { jobs[$0]?.output }
    }

    /// A selection job's mixture, from its target column's scores (the dependencies of its
    /// finetune, all done by now); nil for every other job.
    func chosenMixture(_ job: GridJob) -> DataSelection.Mixture? {
        guard let selection = job.selection else { return nil }
        let finetune = job.kind == .finetune ? job : job.dependencies.last.flatMap { jobs[$0]?.spec }
        let column = (finetune?.dependencies ?? []).compactMap { jobs[$0] }.filter { $0.spec.kind == .evaluate }
        let baseline = column.first { $0.spec.source == nil }?.score
        var pgf: [PerceptionTask: Double?] = [:]
        for cell in column {
            guard let source = cell.spec.source else { continue }
            pgf[source] = baseline.flatMap { base in cell.score.flatMap { PGF.value(baseline: base, finetuned: $0) } }
        }
        return DataSelection.mixture(selection.policy, target: selection.target, pgf: pgf, tasks: tasks,
                                     threshold: selectionThreshold, seed: job.seed)
    }

    /// Says once, while workers are registered, that a model's ready jobs wait for a worker
    /// that runs it (a grid would otherwise wait without a word); again if it happens again.
    mutating func warnAboutUnservedModels(_ out: inout [SchedulerOutput]) {
        guard !workers.isEmpty else { return }
        let served = workers.values.reduce(into: Set<ModelName>()) { $0.formUnion($1.models) }
        let waiting = ready.waitingByModel.filter { !served.contains($0.key) }
        for (model, count) in waiting.sorted(by: { $0.key < $1.key }) where !unserved.contains(model) {
            let how = model.engineSize == nil ? "--runner \(model)=COMMAND" : "the engine (without --no-engine)"
            out.append(.log("\(count) ready job(s) of model \(model) wait: none of the \(workers.count) registered worker(s) runs it; "
                + "start a worker with \(how)", metadata: ["model": "\(model)"]))
        }
        unserved = Set(waiting.keys)
    }

    mutating func assign(now: UInt64, wall: Double, _ out: inout [SchedulerOutput]) {
        guard !ready.isEmpty, !workers.isEmpty else { return }
        let alive = workers.count
        for id in workers.keys.sorted() {
            while let worker = workers[id], worker.running.count < worker.slots {
                guard let jobID = ready.pop(preferring: worker.cached, models: worker.models, avoid: { jobs[$0]?.triedOn.contains(id) == true && alive > 1 }) else { break }
                // A job whose input was damaged since it was queued waits for it again.
                guard var job = jobs[jobID], job.state == .pending, job.waitingOn == 0 else { continue }
                job.attempts += 1
                job.lastAttempt += 1
                job.state = .leased
                let attempt = job.lastAttempt
                job.lease = Lease(worker: id, attempt: attempt, expires: now + config.lease)
                job.issuedTo[attempt] = id
                let inputs = inputs(of: job)
                jobs[jobID] = job
                workers[id]?.running.insert(jobID)
                for input in inputs { workers[id]?.cached.insert(input.digest) }
                let spec = job.spec.spec(gridHash: gridHash, preset: preset, inputs: inputs, chosen: chosenMixture(job.spec))
                out.append(.store(.attemptStarted(job: jobID, attempt: attempt, worker: id, at: wall)))
                out.append(.store(.jobState(job: jobID, state: .leased, attempts: job.attempts, failure: nil, at: wall)))
                out.append(.send(to: worker.identity, .assign(Assign(job: spec, attempt: attempt, leaseMilliseconds: UInt32(config.lease)))))
            }
        }
    }
}
