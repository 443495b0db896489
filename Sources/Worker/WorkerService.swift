internal import Core
internal import Engine
internal import Foundation
public import Logging
internal import Wire
public import ZeroMQ

/// A worker process: one DEALER connection to the coordinator, owned by the IO thread (this
/// one), and `jobs` compute threads. Heartbeats come from the IO thread, which the compute never
/// blocks. A result stays in `unacknowledged` until the coordinator ACKs it (after its commit)
/// and is sent again after every (re)registration.
public final class WorkerService {
    public struct Options: Sendable {
        public var connect: String
        public var workerID: String
        public var host: String
        public var jobs = 1
        public var cacheDirectory: String
        public var heartbeatMilliseconds: UInt64 = 1000
        /// The coordinator is presumed gone after this much silence; READY is sent again.
        public var coordinatorTimeoutMilliseconds: UInt64 = 4000
        /// Appends "<job id> <attempt>" to this file when a job starts (tests count executions).
        public var executionLog: String?
        /// Leave when the coordinator says the grid is complete.
        public var exitWhenComplete = true
        /// CURVE: this worker's key pair and the coordinator's public key. Without it the
        /// connection is plaintext (a coordinator that uses CURVE refuses it).
        public var curve: (client: CurveKeyPair, server: CurveKey)?

        public init(connect: String, workerID: String, host: String, cacheDirectory: String) {
            self.connect = connect
            self.workerID = workerID
            self.host = host
            self.cacheDirectory = cacheDirectory
        }
    }

    /// What compute threads hand back to the IO thread.
    enum Report {
        case progress(Wire.Progress)
        case finished(Assign, Result<JobRunner.Outcome, JobRunner.Failure>, durationMs: UInt64)
    }

    public let options: Options
    let logger: Logger
    private let codec = WireCodec()
    private let context: Context
    private let dealer: Socket
    private let wakeReceiver: Socket
    let cache: ArtifactCache
    let pool: ComputePool
    private let clock = ContinuousClock()
    private let start: ContinuousClock.Instant

    private var registered = false
    private var lastReadySent: UInt64 = 0
    private var readyBackoff: UInt64 = 250
    private var lastHeard: UInt64 = 0
    private var lastHeartbeat: UInt64 = 0
    var running: [String: Assign] = [:]
    /// Jobs waiting for their inputs to arrive.
    var fetching: [String: Assign] = [:]
    var download: Download?
    /// Digest checks failed so far, per artifact being fetched.
    var fetchFailures: [SHA256Digest: Int] = [:]
    private var unacknowledged: [String: (message: JobResult, artifact: SHA256Digest?, sentAt: UInt64)] = [:]
    private var completed = false
    /// Why the coordinator refused this worker for good (a final DISCONNECT), if it did.
    private var refusal: String?

    struct Download {
        var digest: SHA256Digest
        var bytes: [UInt8] = []
        var requestedAt: UInt64
    }

    private let monitor: SocketMonitor
    private var lastExplained: [UInt16: UInt64] = [:]

    public init(options: Options, logger: Logger) throws {
        self.options = options
        self.logger = logger
        cache = try ArtifactCache(directory: options.cacheDirectory)
        context = try Context()
        dealer = try context.socket(.dealer)
        try dealer.set(.routingID, Array(options.workerID.utf8))
        try dealer.set(.reconnectInterval, 100)
        try dealer.set(.reconnectIntervalMax, 2000)
        try dealer.set(.maxMessageSize, Int64(codec.maxFrameBytes))
        try dealer.set(.linger, 1000)
        if let curve = options.curve {
            try dealer.set(.curveServerKey, curve.server.bytes)
            try dealer.set(.curvePublicKey, curve.client.publicKey.bytes)
            try dealer.set(.curveSecretKey, curve.client.secretKey.bytes)
        }
        monitor = try dealer.monitor(events: [.handshakeFailedAuth, .handshakeFailedProtocol, .handshakeFailedNoDetail])
        wakeReceiver = try context.socket(.pull)
        let wakeEndpoint = "inproc://worker-wake"
        try wakeReceiver.bind(wakeEndpoint)
        pool = try ComputePool(threads: options.jobs, context: context, wakeEndpoint: wakeEndpoint, cache: cache,
                               executionLog: options.executionLog)
        start = clock.now
        do {
            try dealer.connect(options.connect)
        } catch {
            throw WorkerError("cannot connect to \(options.connect): \(error); give an endpoint such as tcp://head-node:5555")
        }
    }

    var now: UInt64 { (clock.now - start).wholeMilliseconds }

    /// Serves until the coordinator says the grid is complete, or SIGINT/SIGTERM.
    public func run() throws {
        var poller = Poller()
        _ = poller.add(dealer)
        _ = poller.add(wakeReceiver)
        _ = poller.add(monitor.socket)
        sendReady()
        while !StopFlag.isRaised, !completed, refusal == nil {
            _ = try? poller.poll(timeoutMilliseconds: 100)
            while let event = try monitor.next(timeoutMilliseconds: 0) { explain(event) }
            while let frames = try dealer.receive(dontWait: true) {
                guard let frame = frames.last else { continue }
                do {
                    handle(try codec.decode(frame))
                } catch {
                    logger.warning("a frame from the coordinator refused: \(error)")
                }
            }
            while (try wakeReceiver.receive(dontWait: true)) != nil {}
            for report in pool.drain() { handle(report) }
            housekeeping()
        }
        shutDown()
        if let refusal { throw WorkerError("the coordinator refused this worker: \(refusal)") }
    }

    /// Says why the coordinator will not talk to us, once per kind of failure per 30 s.
    private func explain(_ event: MonitorEvent) {
        let text: String
        if event.kind.contains(.handshakeFailedAuth) {
            let key = options.curve.map { " (\($0.client.publicKey.z85))" } ?? ""
            text = "the coordinator refused this worker's key\(key); on the coordinator: transfergrid keys authorize KEY"
        } else if event.kind.contains(.handshakeFailedProtocol) || event.kind.contains(.handshakeFailedNoDetail) {
            text = options.curve == nil
                ? "the handshake with \(options.connect) failed: the coordinator may require CURVE; start this worker with --keys DIR"
                : "the CURVE handshake with \(options.connect) failed: is coordinator.pub the coordinator's current key, and does it use --keys?"
        } else {
            return
        }
        let kind = event.kind.rawValue
        if now >= (lastExplained[kind] ?? 0) + 30_000 || lastExplained[kind] == nil {
            lastExplained[kind] = now
            logger.error("\(text)")
        }
    }

    // MARK: From the coordinator

    private func handle(_ message: Message) {
        lastHeard = now
        switch message {
        case .ack(.ready):
            // A second ACK (READY was repeated while the first was on its way) changes nothing:
            // results in flight are not sent twice.
            guard !registered else { return }
            registered = true
            readyBackoff = 250
            logger.info("registered with \(options.connect)")
            for (id, entry) in unacknowledged.sorted(by: { $0.key < $1.key }) { resend(id, entry.message, entry.artifact) }
        case let .ack(.result(jobID, _, duplicate)):
            unacknowledged[jobID] = nil
            if duplicate { logger.info("\(jobID): the coordinator already had a result; ours is kept as a duplicate") }
        case .ack(.failure):
            break
        case let .assign(assign):
            accept(assign)
        case let .chunk(chunk):
            receive(chunk)
        case .heartbeat:
            break
        case let .disconnect(bye):
            if bye.final {
                refusal = bye.detail.isEmpty ? bye.description : bye.detail
            } else if bye.reason == .gridComplete, options.exitWhenComplete {
                logger.info("the grid is complete; leaving")
                completed = true
            } else {
                logger.info("coordinator: \(bye); registering again")
                registered = false
                lastReadySent = 0
            }
        case .ready, .progress, .result, .fail, .fetch:
            logger.warning("unexpected \(message.name) from the coordinator: ignored")
        }
    }

    // MARK: From the compute threads

    func handle(_ report: Report) {
        switch report {
        case let .progress(progress):
            send(.progress(progress))
        case let .finished(assign, outcome, duration):
            running[assign.job.id] = nil
            switch outcome {
            case let .success(.evaluation(bits)):
                let result = JobResult(jobID: assign.job.id, attempt: assign.attempt, outcome: .evaluation(bits), durationMilliseconds: duration)
                unacknowledged[assign.job.id] = (result, nil, now)
                send(.result(result))
            case let .success(.artifact(ref, _, loss)):
                let result = JobResult(jobID: assign.job.id, attempt: assign.attempt, outcome: .artifact(ref, finalLoss: loss), durationMilliseconds: duration)
                unacknowledged[assign.job.id] = (result, ref.digest, now)
                resend(assign.job.id, result, ref.digest)
            case let .failure(failure):
                logger.error("\(assign.job.id) attempt \(assign.attempt) failed: \(failure.description)")
                send(.fail(JobFailure(jobID: assign.job.id, attempt: assign.attempt, reason: String(failure.description.prefix(1000)),
                                      retryable: failure.retryable)))
            }
        }
    }

    /// Sends a result again, its artifact's chunks first.
    private func resend(_ jobID: String, _ result: JobResult, _ artifact: SHA256Digest?) {
        if let artifact, let bytes = cache.read(artifact) {
            var offset = 0
            repeat {
                let end = min(bytes.count, offset + (1 << 20))
                send(.chunk(ArtifactChunk(digest: artifact, content: .data(offset: UInt64(offset), totalBytes: UInt64(bytes.count),
                                                                             bytes: Array(bytes[offset..<end])))))
                offset = end
            } while offset < bytes.count
        }
        unacknowledged[jobID]?.sentAt = now
        send(.result(result))
    }

    // MARK: Time

    private func housekeeping() {
        let t = now
        if registered, t > lastHeard + options.coordinatorTimeoutMilliseconds {
            logger.warning("no word from the coordinator for \(t - lastHeard) ms; registering again")
            registered = false
            lastReadySent = 0
        }
        if !registered, t >= lastReadySent + readyBackoff {
            sendReady()
            readyBackoff = min(readyBackoff * 2, 4000)
        }
        if t >= lastHeartbeat + options.heartbeatMilliseconds {
            lastHeartbeat = t
            send(.heartbeat(Heartbeat(sentAtUnixMilliseconds: UInt64(Date().timeIntervalSince1970 * 1000),
                                      runningJobIDs: running.keys.sorted())))
        }
        if registered {
            for (id, entry) in unacknowledged.sorted(by: { $0.key < $1.key }) where t > entry.sentAt + 5000 {
                resend(id, entry.message, entry.artifact)
            }
        }
        if let current = download, t > current.requestedAt + 5000 {
            requestFetch(current.digest, offset: UInt64(current.bytes.count))
        }
    }

    private func sendReady() {
        lastReadySent = now
        let capabilities = Capabilities(cores: UInt32(ProcessInfo.processInfo.activeProcessorCount),
                                        memoryBytes: ProcessInfo.processInfo.physicalMemory, maxConcurrentJobs: UInt32(options.jobs),
                                        blasThreads: 1, jobKinds: JobKind.allCases, cachedArtifacts: cache.digests(),
                                        blasCore: BLASRuntime.coreName, models: ModelSize.allCases.map(ModelName.init))
        send(.ready(Ready(workerID: options.workerID, host: options.host, capabilities: capabilities)))
    }

    func send(_ message: Message) {
        do {
            try dealer.send([try codec.encode(message)], dontWait: true)
        } catch {
            logger.debug("sending \(message.name) failed: \(error)")
        }
    }

    private func shutDown() {
        if !completed, refusal == nil {
            for (id, assign) in running.sorted(by: { $0.key < $1.key }) {
                send(.fail(JobFailure(jobID: id, attempt: assign.attempt, reason: "worker shutting down", retryable: true)))
            }
            // Give unacknowledged results a last chance to be committed.
            let deadline = now + 2000
            while !unacknowledged.isEmpty, now < deadline {
                if let frames = (try? dealer.receive(dontWait: true)) ?? nil, let frame = frames.last, let message = try? codec.decode(frame) {
                    handle(message)
                } else {
                    usleep(10_000)
                }
            }
            send(.disconnect(Disconnect(.workerStopping)))
        }
        if !unacknowledged.isEmpty { logger.warning("\(unacknowledged.count) result(s) not acknowledged; they will run again") }
        pool.stop()
    }
}
