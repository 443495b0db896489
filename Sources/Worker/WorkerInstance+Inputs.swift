internal import Core
internal import Logging
internal import Wire

/// A job's inputs: an assignment waits until every input artifact is in the cache, fetched in
/// chunks one artifact at a time and admitted only when its bytes hash to its name (the shell
/// checks, `Directive.admit`). An artifact that fails that check is fetched again, up to
/// `maxFetches` times; then the jobs that need it fail (retryable, so another worker tries).
extension WorkerInstance {
    mutating func accept(_ assign: Assign, now: UInt64, _ out: inout [Directive]) {
        let job = assign.job
        guard running[job.id] == nil, fetching[job.id] == nil else { return }
        if let missing = job.inputs.first(where: { !cached.contains($0.digest) }) {
            fetching[job.id] = assign
            if download == nil { requestFetch(missing.digest, offset: 0, now: now, &out) }
            return
        }
        if job.kind == .noop && job.hyperparameters.noopMillis == 0 {
            // Benchmark jobs that take no time do nothing here, without a trip through a thread.
            finished(assign, .success(.evaluation(CorrectnessBits([]))), duration: 0, now: now, &out)
            return
        }
        running[job.id] = assign
        out.append(.run(assign))
    }

    mutating func requestFetch(_ digest: SHA256Digest, offset: UInt64, now: UInt64, _ out: inout [Directive]) {
        if offset == 0 { download = Download(digest: digest, requestedAt: now) }
        download?.requestedAt = now
        out.append(.send(.fetch(ArtifactFetch(digest: digest, offset: offset, maxBytes: settings.chunkBytes))))
    }

    mutating func receive(_ chunk: ArtifactChunk, now: UInt64, _ out: inout [Directive]) {
        guard var current = download, current.digest == chunk.digest else { return }
        let name = String(chunk.digest.hex.prefix(12))
        switch chunk.content {
        case .notFound:
            out.append(.log(.error, "the coordinator does not hold \(name); the jobs that need it fail", ["artifact": "\(name)"]))
            give(up: chunk.digest, reason: "input \(name) not found", notCounted: true, now: now, &out)
        case let .data(offset, total, bytes):
            guard total <= settings.maxArtifactBytes else {
                out.append(.log(.error, "the coordinator announced \(name) as \(total) bytes, more than any artifact may be", ["artifact": "\(name)"]))
                give(up: chunk.digest, reason: "input \(name) announced as \(total) bytes", now: now, &out)
                return
            }
            guard offset == UInt64(current.bytes.count) else { return }
            current.bytes += bytes
            download = current
            if UInt64(current.bytes.count) < total {
                requestFetch(current.digest, offset: UInt64(current.bytes.count), now: now, &out)
                return
            }
            out.append(.admit(current.digest, bytes: current.bytes))
        }
    }

    /// The shell's answer to `Directive.admit`.
    mutating func admitted(_ digest: SHA256Digest, ok: Bool, now: UInt64, _ out: inout [Directive]) {
        guard let current = download, current.digest == digest else { return }
        download = nil
        let name = String(digest.hex.prefix(12))
        guard ok else {
            let failures = (fetchFailures[digest] ?? 0) + 1
            fetchFailures[digest] = failures
            guard failures < settings.maxFetches else {
                out.append(.log(.error, "artifact \(name) failed its digest check \(failures) times; the jobs that need it fail", ["artifact": "\(name)"]))
                give(up: digest, reason: "input \(name) failed its digest check \(failures) times", now: now, &out)
                return
            }
            out.append(.log(.warning, "artifact \(name) failed its digest check: fetching it again", ["artifact": "\(name)"]))
            requestFetch(digest, offset: 0, now: now, &out)
            return
        }
        fetchFailures[digest] = nil
        cached.insert(digest)
        retryWaiting(now: now, &out)
    }

    /// Fails (retryably) every job waiting for `digest`, then goes on with the others' inputs;
    /// `notCounted` when the coordinator lost the input (not the job's fault).
    mutating func give(up digest: SHA256Digest, reason: String, notCounted: Bool = false, now: UInt64, _ out: inout [Directive]) {
        download = nil
        fetchFailures[digest] = nil
        for (id, assign) in fetching.sorted(by: { $0.key < $1.key }) where assign.job.inputs.contains(where: { $0.digest == digest }) {
            fetching[id] = nil
            out.append(.send(.fail(JobFailure(jobID: id, attempt: assign.attempt, reason: reason, retryable: true, notCounted: notCounted))))
        }
        retryWaiting(now: now, &out)
    }

    /// Every waiting job again: it starts, or asks for its next missing input.
    private mutating func retryWaiting(now: UInt64, _ out: inout [Directive]) {
        for (id, assign) in fetching.sorted(by: { $0.key < $1.key }) {
            fetching[id] = nil
            accept(assign, now: now, &out)
        }
    }
}
