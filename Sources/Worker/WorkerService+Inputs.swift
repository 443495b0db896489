internal import Core
internal import Logging
internal import Wire

/// A job's inputs: an assignment waits until every input artifact is in the cache, fetched in
/// 1 MiB chunks one artifact at a time and admitted only when its bytes hash to its name. An
/// artifact that fails that check is fetched again, up to `maxFetches` times; then the jobs
/// that need it fail (retryable, so another worker tries).
extension WorkerService {
    static let maxFetches = 3
    /// No artifact of the grid comes near this; a larger announced size is refused.
    static let maxArtifactBytes: UInt64 = 1 << 30

    func accept(_ assign: Assign) {
        let job = assign.job
        guard running[job.id] == nil, fetching[job.id] == nil else { return }
        if let missing = job.inputs.first(where: { !cache.contains($0.digest) }) {
            fetching[job.id] = assign
            if download == nil { requestFetch(missing.digest, offset: 0) }
            return
        }
        if job.kind == .noop {
            // Benchmark jobs do nothing, so they do it here, without a trip through a thread.
            handle(.finished(assign, .success(.evaluation(CorrectnessBits([]))), durationMs: 0))
            return
        }
        running[job.id] = assign
        pool.submit(assign)
    }

    func requestFetch(_ digest: SHA256Digest, offset: UInt64) {
        if offset == 0 { download = Download(digest: digest, requestedAt: now) }
        download?.requestedAt = now
        send(.fetch(ArtifactFetch(digest: digest, offset: offset, maxBytes: 1 << 20)))
    }

    func receive(_ chunk: ArtifactChunk) {
        guard var current = download, current.digest == chunk.digest else { return }
        switch chunk.content {
        case .notFound:
            logger.error("the coordinator does not hold \(chunk.digest.hex.prefix(12)); the jobs that need it fail")
            give(up: chunk.digest, reason: "input \(chunk.digest.hex.prefix(12)) not found")
        case let .data(offset, total, bytes):
            guard total <= Self.maxArtifactBytes else {
                logger.error("the coordinator announced \(chunk.digest.hex.prefix(12)) as \(total) bytes, more than any artifact may be")
                give(up: chunk.digest, reason: "input \(chunk.digest.hex.prefix(12)) announced as \(total) bytes")
                return
            }
            guard offset == UInt64(current.bytes.count) else { return }
            current.bytes += bytes
            if UInt64(current.bytes.count) < total {
                download = current
                requestFetch(current.digest, offset: UInt64(current.bytes.count))
                return
            }
            download = nil
            if !cache.admit(current.bytes, as: current.digest) {
                let failures = (fetchFailures[current.digest] ?? 0) + 1
                fetchFailures[current.digest] = failures
                guard failures < Self.maxFetches else {
                    logger.error("artifact \(current.digest.hex.prefix(12)) failed its digest check \(failures) times; the jobs that need it fail")
                    give(up: current.digest, reason: "input \(current.digest.hex.prefix(12)) failed its digest check \(failures) times")
                    return
                }
                logger.warning("artifact \(current.digest.hex.prefix(12)) failed its digest check: fetching it again")
                requestFetch(current.digest, offset: 0)
                return
            }
            fetchFailures[current.digest] = nil
            for (id, assign) in fetching.sorted(by: { $0.key < $1.key }) {
                fetching[id] = nil
                accept(assign)
            }
        }
    }

    /// Fails (retryably) every job waiting for `digest`, then goes on with the others' inputs.
    private func give(up digest: SHA256Digest, reason: String) {
        download = nil
        fetchFailures[digest] = nil
        for (id, assign) in fetching.sorted(by: { $0.key < $1.key }) where assign.job.inputs.contains(where: { $0.digest == digest }) {
            fetching[id] = nil
            send(.fail(JobFailure(jobID: id, attempt: assign.attempt, reason: reason, retryable: true)))
        }
        for (id, assign) in fetching.sorted(by: { $0.key < $1.key }) {
            fetching[id] = nil
            accept(assign)
        }
    }
}
