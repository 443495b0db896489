import Core
import Hashing
import Foundation
import Testing
import Wire
@testable import Worker

/// The worker's protocol without sockets, threads, files or a clock: events in, directives out.
@Suite struct WorkerInstanceTests {
    static let capabilities = Capabilities(cores: 2, memoryBytes: 1 << 30, maxConcurrentJobs: 2, blasThreads: 1,
                                           jobKinds: JobKind.allCases, blasCore: "Haswell", models: [.small])
    static let base = SHA256Digest.of("base checkpoint bytes")
    static let baseBytes = Array("base checkpoint bytes".utf8)

    /// A worker and its clock.
    struct Harness {
        var instance: WorkerInstance
        var now: UInt64 = 0

        init(cached: Set<SHA256Digest> = [], configure: (inout WorkerInstance.Settings) -> Void = { _ in }) {
            var settings = WorkerInstance.Settings(workerID: "w1", host: "node1", capabilities: WorkerInstanceTests.capabilities)
            settings.chunkBytes = 8
            configure(&settings)
            instance = WorkerInstance(settings: settings, cached: cached)
        }

        @discardableResult
        mutating func feed(_ event: WorkerInstance.Event, at time: UInt64? = nil) -> [WorkerInstance.Directive] {
            if let time { now = time }
            return instance.handle(event, now: now, wall: 1_700_000_000)
        }

        mutating func registered() {
            _ = feed(.start)
            _ = feed(.message(.ack(.ready)))
        }
    }

    static func sent(_ out: [WorkerInstance.Directive]) -> [Message] {
        out.compactMap { if case let .send(m) = $0 { m } else { nil } }
    }

    static func names(_ out: [WorkerInstance.Directive]) -> [String] {
        sent(out).map(\.name)
    }

    static func readies(_ out: [WorkerInstance.Directive]) -> Int { names(out).filter { $0 == "READY" }.count }

    static func job(_ kind: JobKind, id: String, inputs: [ArtifactRef] = [], source: PerceptionTask? = nil, target: PerceptionTask? = nil) -> Assign {
        let hp = Hyperparameters(steps: 10, batchSize: 2, learningRate: 1e-3, warmupSteps: 1, weightDecay: 0, gradClip: 1,
                                 loraRank: 4, loraAlpha: 8, trainExamples: 20, evalExamples: 8, blasThreads: 1)
        return Assign(job: JobSpec(id: id, gridHash: SHA256Digest.of("grid"), kind: kind, model: .small, seed: 1, source: source,
                                   target: target, preset: "smoke", hyperparameters: hp, inputs: inputs),
                      attempt: 1, leaseMilliseconds: 30_000)
    }

    /// A registered worker running eval-1, with eval-9's result sent and not yet acknowledged.
    static func oneRunningOneFinished() -> Harness {
        var h = Harness(cached: [base])
        h.registered()
        let other = job(.evaluate, id: "eval-9", inputs: evaluation.job.inputs, target: .jigsaw)
        h.feed(.message(.assign(evaluation)), at: 1)
        h.feed(.message(.assign(other)), at: 2)
        h.feed(.finished(other, .success(.evaluation(CorrectnessBits([true]))), durationMs: 1), at: 3)
        return h
    }

    static let evaluation = job(.evaluate, id: "eval-1", inputs: [ArtifactRef(role: .baseCheckpoint, digest: base, sizeBytes: 21)], target: .counting)

    /// READY at start, with the cache's digests; once acknowledged, no READY again while the
    /// coordinator is heard from.
    @Test func registersWithREADYAndStopsAskingOnceAcknowledged() {
        var h = Harness(cached: [Self.base])
        let first = h.feed(.start)
        let ready = Self.sent(first).compactMap { if case let .ready(r) = $0 { r } else { nil } }
        #expect(ready.count == 1)
        #expect(ready.first?.workerID == "w1" && ready.first?.capabilities.cachedArtifacts == [Self.base])
        #expect(ready.first?.capabilities.models == [.small])
        h.feed(.message(.ack(.ready)), at: 100)
        #expect(h.instance.isRegistered)
        var readies = 0
        for t in stride(from: UInt64(200), through: 3900, by: 100) {
            h.feed(.message(.heartbeat(Heartbeat(sentAtUnixMilliseconds: t))), at: t)
            readies += Self.readies(h.feed(.tick, at: t + 50))
        }
        #expect(readies == 0)
    }

    /// Unanswered, READY is repeated after 250 ms, then 500, 1000, 2000, and at most every 4 s.
    @Test func readyBacksOffExponentially() {
        var h = Harness()
        var times: [UInt64] = []
        for t in stride(from: UInt64(0), through: 20_000, by: 10) {
            if Self.readies(h.feed(t == 0 ? .start : .tick, at: t)) > 0 { times.append(t) }
        }
        let gaps = zip(times.dropFirst(), times).map { $0 - $1 }
        #expect(Array(gaps.prefix(5)) == [250, 500, 1000, 2000, 4000])
        #expect(gaps.dropFirst(4).allSatisfy { $0 == 4000 })
    }

    /// A coordinator restart: silence past the timeout (or a DISCONNECT that is not final) sends
    /// READY again; after the new ACK the unacknowledged result is sent again.
    @Test func reRegistersAfterACoordinatorRestartAndResendsUnacknowledgedResults() {
        var h = Harness(cached: [Self.base])
        h.registered()
        #expect(Self.sent(h.feed(.message(.assign(Self.evaluation)), at: 10)).isEmpty)
        let bits = CorrectnessBits([true, false, true])
        let done = h.feed(.finished(Self.evaluation, .success(.evaluation(bits)), durationMs: 7), at: 20)
        #expect(Self.names(done).contains("RESULT"))
        #expect(h.instance.unacknowledgedJobs == ["eval-1"])
        // The coordinator dies before its ACK: silence, then READY again, with back-off.
        let silent = h.feed(.tick, at: 4_021)
        #expect(Self.readies(silent) == 1 && !h.instance.isRegistered)
        // Not registered: the result waits (no resend to a coordinator that does not know us).
        #expect(!Self.names(h.feed(.tick, at: 9_000)).contains("RESULT"))
        let back = h.feed(.message(.ack(.ready)), at: 9_100)
        let results = Self.sent(back).compactMap { if case let .result(r) = $0 { r } else { nil } }
        #expect(results.map(\.jobID) == ["eval-1"] && results.first?.outcome == .evaluation(bits))
        // A second ACK(READY) changes nothing: the result is not sent twice.
        #expect(!Self.names(h.feed(.message(.ack(.ready)), at: 9_150)).contains("RESULT"))
        h.feed(.message(.ack(.result(jobID: "eval-1", attempt: 1, duplicate: false))), at: 9_200)
        #expect(h.instance.unacknowledgedJobs.isEmpty)
        // A DISCONNECT that is not final: register again at once.
        let bye = h.feed(.message(.disconnect(Disconnect(.coordinatorStopping))), at: 9_300)
        #expect(Self.readies(bye) == 1 && !h.instance.isRegistered)
    }

    /// A training result is sent with its artifact's chunks first, every time it is sent.
    @Test func aTrainingResultUploadsItsArtifactBeforeEachSend() {
        var h = Harness()
        h.registered()
        let pretrain = Self.job(.pretrain, id: "pre-1")
        #expect(h.feed(.message(.assign(pretrain)), at: 5) == [.run(pretrain)])
        let adapter = SHA256Digest.of("weights")
        let ref = ArtifactRef(role: .baseCheckpoint, digest: adapter, sizeBytes: 7)
        let out = h.feed(.finished(pretrain, .success(.artifact(ref, path: "/cache/x", finalLoss: 0.25)), durationMs: 9), at: 6)
        #expect(Array(out.prefix(2)) == [.upload(adapter), .send(.result(JobResult(jobID: "pre-1", attempt: 1,
                                                                                     outcome: .artifact(ref, finalLoss: 0.25),
                                                                                     durationMilliseconds: 9)))])
        // Unacknowledged after the resend interval (the coordinator still heard from): both
        // again, in the same order.
        let again = h.feed(.message(.heartbeat(Heartbeat(sentAtUnixMilliseconds: 1))), at: 5_100)
            .filter { if case .send(.heartbeat) = $0 { false } else { true } }
        #expect(again.first == .upload(adapter) && Self.names(again) == ["RESULT"])
        // The new artifact is in the cache: a job that needs it starts without a fetch.
        let eval = Self.job(.evaluate, id: "eval-2", inputs: [ref], target: .jigsaw)
        #expect(h.feed(.message(.assign(eval)), at: 5_200) == [.run(eval)])
    }

    /// An input is fetched in chunks; a copy whose bytes do not hash to its name is fetched
    /// again from the start; the job runs once a copy checks out.
    @Test func aChunkedFetchWithACorruptChunkIsFetchedAgain() throws {
        var h = Harness()
        h.registered()
        func fetches(_ out: [WorkerInstance.Directive]) -> [UInt64] {
            Self.sent(out).compactMap { if case let .fetch(f) = $0 { f.offset } else { nil } }
        }
        func chunk(_ offset: Int, _ bytes: [UInt8]) -> WorkerInstance.Event {
            .message(.chunk(ArtifactChunk(digest: Self.base, content: .data(offset: UInt64(offset), totalBytes: UInt64(Self.baseBytes.count), bytes: bytes))))
        }
        #expect(fetches(h.feed(.message(.assign(Self.evaluation)), at: 10)) == [0])
        #expect(fetches(h.feed(chunk(0, Array(Self.baseBytes[0..<8])), at: 11)) == [8])
        var corrupt = Array(Self.baseBytes[8..<16])
        corrupt[3] ^= 0x40
        #expect(fetches(h.feed(chunk(8, corrupt), at: 12)) == [16])
        // A chunk at the wrong offset (a late duplicate) is ignored.
        #expect(h.feed(chunk(3, [1, 2]), at: 13).isEmpty)
        let last = h.feed(chunk(16, Array(Self.baseBytes[16...])), at: 14)
        var received = Array(Self.baseBytes)
        received[11] ^= 0x40
        #expect(last == [.admit(Self.base, bytes: received)])
        // The shell's check fails: fetched again from the start.
        #expect(fetches(h.feed(.admitted(Self.base, ok: false), at: 15)) == [0])
        h.feed(chunk(0, Array(Self.baseBytes[0..<8])), at: 16)
        h.feed(chunk(8, Array(Self.baseBytes[8..<16])), at: 17)
        #expect(h.feed(chunk(16, Array(Self.baseBytes[16...])), at: 18) == [.admit(Self.base, bytes: Self.baseBytes)])
        #expect(h.feed(.admitted(Self.base, ok: true), at: 19) == [.run(Self.evaluation)])
        #expect(h.instance.runningJobs == ["eval-1"])
    }

    /// An input that fails its check three times fails its jobs, retryably, for another worker.
    @Test func anInputThatNeverChecksOutFailsItsJobsRetryably() {
        var h = Harness()
        h.registered()
        h.feed(.message(.assign(Self.evaluation)), at: 1)
        var failures: [JobFailure] = []
        for attempt in 0..<3 {
            let at = UInt64(10 + attempt * 10)
            h.feed(.message(.chunk(ArtifactChunk(digest: Self.base, content: .data(offset: 0, totalBytes: 3, bytes: [1, 2, 3])))), at: at)
            failures += Self.sent(h.feed(.admitted(Self.base, ok: false), at: at + 1)).compactMap { if case let .fail(f) = $0 { f } else { nil } }
        }
        #expect(failures.count == 1)
        #expect(failures.first?.jobID == "eval-1" && failures.first?.retryable == true)
        #expect(failures.first?.reason.contains("failed its digest check 3 times") == true)
    }

    /// Heartbeats go every interval and name the jobs in hand (they renew their leases).
    @Test func heartbeatsNameTheRunningJobs() {
        var h = Harness(cached: [Self.base])
        h.registered()
        h.feed(.message(.assign(Self.evaluation)), at: 10)
        var beats: [Heartbeat] = []
        for t in stride(from: UInt64(100), through: 3_000, by: 100) {
            for event in [WorkerInstance.Event.message(.heartbeat(Heartbeat(sentAtUnixMilliseconds: t))), .tick] {
                beats += Self.sent(h.feed(event, at: t)).compactMap { if case let .heartbeat(b) = $0 { b } else { nil } }
            }
        }
        #expect(beats.count == 3)
        #expect(beats.allSatisfy { $0.runningJobIDs == ["eval-1"] && $0.sentAtUnixMilliseconds == 1_700_000_000_000 })
    }

    /// A final DISCONNECT ends the worker with the coordinator's reason; nothing more is sent.
    @Test func aFinalDisconnectEndsTheWorkerWithItsReason() {
        var h = Harness()
        h.registered()
        let refusal = Disconnect(.refused, detail: "worker w1 computes with OpenBLAS Haswell kernels, this grid with SkylakeX", final: true)
        #expect(h.feed(.message(.disconnect(refusal)), at: 5) == [.exit(refusal: refusal.detail)])
        #expect(h.feed(.tick, at: 10_000).isEmpty)
        #expect(h.feed(.message(.assign(Self.evaluation)), at: 10_001).isEmpty)
    }

    /// GRID_COMPLETE ends the worker, unless it was told to stay.
    @Test func gridCompleteEndsTheWorkerUnlessItStays() {
        var h = Harness()
        h.registered()
        #expect(h.feed(.message(.disconnect(Disconnect(.gridComplete))), at: 5).contains(.exit(refusal: nil)))
        var stay = Harness { $0.exitWhenComplete = false }
        stay.registered()
        #expect(!stay.feed(.message(.disconnect(Disconnect(.gridComplete))), at: 5).contains(.exit(refusal: nil)))
        #expect(!stay.instance.isRegistered && Self.readies(stay.feed(.tick, at: 300)) == 1, "registers again for the next grid")
    }

    /// A stop hands the running jobs back (retryable FAIL), waits for the last results' ACKs,
    /// then says DISCONNECT(WORKER_STOPPING) and ends; a job assigned meanwhile is not started.
    @Test func aStopHandsJobsBackAndWaitsForAcknowledgements() {
        var h = Self.oneRunningOneFinished()
        let stop = h.feed(.stop, at: 4)
        let fails = Self.sent(stop).compactMap { if case let .fail(f) = $0 { f } else { nil } }
        #expect(fails.map(\.jobID) == ["eval-1"] && fails.allSatisfy(\.retryable) && fails.allSatisfy(\.notCounted))
        #expect(!stop.contains(.exit(refusal: nil)), "waits for eval-9's ACK")
        #expect(h.feed(.message(.assign(Self.job(.evaluate, id: "late", inputs: Self.evaluation.job.inputs, target: .counting))), at: 5).isEmpty)
        let acked = h.feed(.message(.ack(.result(jobID: "eval-9", attempt: 1, duplicate: false))), at: 6)
        #expect(Self.names(acked) == ["DISCONNECT"] && acked.last == .exit(refusal: nil))
        // Without the ACK it leaves at the grace period's end.
        var g = Harness(cached: [Self.base])
        g.registered()
        g.feed(.message(.assign(Self.evaluation)), at: 1)
        g.feed(.finished(Self.evaluation, .success(.evaluation(CorrectnessBits([false]))), durationMs: 1), at: 2)
        #expect(!g.feed(.stop, at: 3).contains(.exit(refusal: nil)))
        #expect(!g.feed(.tick, at: 2_002).contains(.exit(refusal: nil)))
        #expect(g.feed(.tick, at: 2_003).last == .exit(refusal: nil))
    }

    /// READY lists the jobs the worker holds (running, and finished with a result not yet
    /// acknowledged), each with its attempt: a restarted coordinator re-adopts them.
    @Test func readyListsTheJobsTheWorkerHolds() {
        var h = Self.oneRunningOneFinished()
        let again = h.feed(.message(.disconnect(Disconnect(.notRegistered))), at: 1_000)
        let ready = Self.sent(again).compactMap { if case let .ready(r) = $0 { r } else { nil } }
        #expect(ready.count == 1)
        #expect(ready.first?.heldJobs == [HeldJob(jobID: "eval-1", attempt: 1), HeldJob(jobID: "eval-9", attempt: 1)])
        h.feed(.message(.ack(.ready)), at: 1_001)
        h.feed(.message(.ack(.result(jobID: "eval-9", attempt: 1, duplicate: false))), at: 1_002)
        let later = h.feed(.message(.disconnect(Disconnect(.notRegistered))), at: 2_000)
        #expect(Self.sent(later).compactMap { if case let .ready(r) = $0 { r.heldJobs } else { nil } } == [[HeldJob(jobID: "eval-1", attempt: 1)]])
    }

    /// An input damaged in the worker's cache: the job runner finds it before use (the file no
    /// longer hashes to its name) and removes it; the job fails not counted, and the next job
    /// that needs the input fetches it again instead of running on it.
    @Test func aDamagedCachedInputIsRemovedAndFetchedAgain() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("cache-\(UUID().uuidString.prefix(8))").path
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let cache = try ArtifactCache(directory: dir)
        #expect(cache.admit(Self.baseBytes, as: Self.base) == .stored && cache.intact(Self.base))
        var flipped = Self.baseBytes
        flipped[0] ^= 1
        try Data(flipped).write(to: URL(fileURLWithPath: cache.path(Self.base)))
        var failure: JobRunner.Failure?
        do { _ = try JobRunner.run(Self.evaluation.job, cache: cache) { _, _, _ in true } } catch { failure = error }
        #expect(failure?.damagedInput == Self.base && failure?.notCounted == true && failure?.retryable == true)
        #expect(!cache.contains(Self.base), "the damaged file is gone")

        var h = Harness(cached: [Self.base])
        h.registered()
        h.feed(.message(.assign(Self.evaluation)), at: 10)
        let failed = h.feed(.finished(Self.evaluation, .failure(try #require(failure)), durationMs: 1), at: 20)
        let fails = Self.sent(failed).compactMap { if case let .fail(f) = $0 { f } else { nil } }
        #expect(fails.count == 1 && fails[0].notCounted && fails[0].retryable)
        var retry = Self.evaluation
        retry.attempt = 2
        let next = h.feed(.message(.assign(retry)), at: 30)
        #expect(Self.names(next) == ["FETCH"], "fetched again, not run on the damaged file")
    }

    /// A full disk on the worker: below `minimumFreeBytes` it announces 0 slots (READY again),
    /// hands straight back (not counted) an ASSIGN that crossed that READY, and takes jobs again
    /// once the disk has room; fetched bytes the disk cannot take fail their jobs not counted
    /// and pause it too.
    @Test func aFullDiskStopsTheWorkerTakingJobsUntilItHasRoom() {
        var h = Harness(cached: [Self.base]) { $0.minimumFreeBytes = 1000 }
        h.registered()
        let full = h.feed(.diskSpace(free: 10), at: 100)
        let readies = Self.sent(full).compactMap { if case let .ready(r) = $0 { r } else { nil } }
        #expect(readies.map(\.capabilities.maxConcurrentJobs) == [0])
        #expect(full.contains { if case let .log(_, text, _) = $0 { text.contains("taking no job") } else { false } })
        let back = Self.sent(h.feed(.message(.assign(Self.evaluation)), at: 110)).compactMap { if case let .fail(f) = $0 { f } else { nil } }
        #expect(back.count == 1 && back[0].notCounted && back[0].reason.hasPrefix("the worker's disk is full"))
        #expect(h.instance.runningJobs.isEmpty)
        #expect(Self.sent(h.feed(.diskSpace(free: 10), at: 120)).isEmpty, "said once")
        let room = Self.sent(h.feed(.diskSpace(free: 5000), at: 130)).compactMap { if case let .ready(r) = $0 { r } else { nil } }
        #expect(room.map(\.capabilities.maxConcurrentJobs) == [2])
        #expect(h.feed(.message(.assign(Self.evaluation)), at: 140).contains(.run(Self.evaluation)))

        var g = Harness()
        g.registered()
        g.feed(.message(.assign(Self.evaluation)), at: 10)
        let stored = g.feed(.cannotStore(Self.base, reason: "cannot write incoming: No space left on device"), at: 20)
        let fails = Self.sent(stored).compactMap { if case let .fail(f) = $0 { f } else { nil } }
        #expect(fails.map(\.jobID) == ["eval-1"] && fails.allSatisfy(\.notCounted))
        #expect(Self.names(stored).filter { $0 == "FAIL" || $0 == "READY" } == ["FAIL", "READY"], "the FAIL first: the READY no longer holds the job")
        #expect(Self.sent(stored).contains { if case let .ready(r) = $0 { r.capabilities.maxConcurrentJobs == 0 } else { false } })
    }

    @Test func aReleasedAttemptIsStoppedAndAnotherAttemptIsNot() {
        var h = Self.oneRunningOneFinished()
        // Another attempt's release (an older one, say) leaves the running attempt alone.
        #expect(h.feed(.message(.ack(.released(jobID: "eval-1", attempt: 2)))).isEmpty)
        let out = h.feed(.message(.ack(.released(jobID: "eval-1", attempt: 1))))
        #expect(out.contains(.cancel(jobID: "eval-1", attempt: 1)), "\(out)")
    }
}
