internal import Core
internal import Engine
internal import Foundation
public import Logging
internal import Wire
public import ZeroMQ

/// A worker process: the ZeroMQ shell of a `WorkerInstance`. One DEALER connection to the
/// coordinator, owned by the IO thread (this one), and `jobs` compute threads. The IO thread
/// feeds the instance what arrives (frames, compute reports, the time) and carries out its
/// directives; the compute never blocks it, so heartbeats keep going while jobs run.
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
        /// Take no job while the cache's disk has fewer bytes free.
        public var minimumFreeBytes: UInt64 = 64 << 20
        /// CURVE: this worker's key pair and the coordinator's public key. Without it the
        /// connection is plaintext (a coordinator that uses CURVE refuses it).
        public var curve: (client: CurveKeyPair, server: CurveKey)?
        /// The commands this worker runs for runners' models (never a coordinator's).
        public var runners: [RunnerCommand] = []
        /// Whether this worker also runs the engine's sizes.
        public var engine = true
        /// Accelerators, one per slot: slot i runs its runner jobs with CUDA_VISIBLE_DEVICES
        /// set to `accelerators[i]`. Empty: the variable is left as it is.
        public var accelerators: [String] = []
        /// Where runners' job folders are made (`jobs/` beside the artifacts by default).
        public var jobsDirectory: String

        public init(connect: String, workerID: String, host: String, cacheDirectory: String) {
            self.connect = connect
            self.workerID = workerID
            self.host = host
            self.cacheDirectory = cacheDirectory
            jobsDirectory = (cacheDirectory as NSString).deletingLastPathComponent + "/jobs"
        }
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
    private var instance: WorkerInstance
    private var ended = false
    /// Why the coordinator refused this worker for good (a final DISCONNECT), if it did.
    private var refusal: String?
    /// When the cache's free space was last measured (milliseconds).
    private var lastDiskCheck: UInt64 = 0

    private let monitor: SocketMonitor
    private var lastExplained: [UInt16: UInt64] = [:]

    public init(options: Options, logger: Logger) throws {
        self.options = options
        var logger = logger
        logger[metadataKey: "worker.id"] = "\(options.workerID)"
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
        let models = (options.engine ? ModelSize.allCases.map(ModelName.init) : []) + options.runners.map(\.model)
        guard !models.isEmpty else { throw WorkerError("this worker runs no model: give --runner MODEL=COMMAND, or leave the engine on") }
        guard Set(options.runners.map(\.model)).count == options.runners.count else {
            throw WorkerError("two runners for one model: \(options.runners.map(\.model.rawValue).sorted()); give one command per model")
        }
        guard options.accelerators.isEmpty || options.accelerators.count >= options.jobs else {
            throw WorkerError("--jobs \(options.jobs) with \(options.accelerators.count) accelerator(s): one accelerator per slot; use --jobs \(options.accelerators.count)")
        }
        pool = try ComputePool(threads: options.jobs, context: context, wakeEndpoint: wakeEndpoint, cache: cache,
                               executionLog: options.executionLog,
                               runners: Dictionary(uniqueKeysWithValues: options.runners.map { ($0.model, $0) }),
                               jobsDirectory: options.jobsDirectory, accelerators: options.accelerators)
        let capabilities = Capabilities(cores: UInt32(ProcessInfo.processInfo.activeProcessorCount),
                                        memoryBytes: ProcessInfo.processInfo.physicalMemory, maxConcurrentJobs: UInt32(options.jobs),
                                        blasThreads: 1, jobKinds: JobKind.allCases, blasCore: BLASRuntime.coreName,
                                        models: models)
        var settings = WorkerInstance.Settings(workerID: options.workerID, host: options.host, capabilities: capabilities)
        settings.heartbeatInterval = options.heartbeatMilliseconds
        settings.coordinatorTimeout = options.coordinatorTimeoutMilliseconds
        settings.exitWhenComplete = options.exitWhenComplete
        settings.minimumFreeBytes = options.minimumFreeBytes
        instance = WorkerInstance(settings: settings, cached: Set(cache.digests()))
        start = clock.now
        do {
            try dealer.connect(options.connect)
        } catch {
            throw WorkerError("cannot connect to \(options.connect): \(error); give an endpoint such as tcp://head-node:5555")
        }
    }

    var now: UInt64 { (clock.now - start).wholeMilliseconds }

    /// Serves until the coordinator says the grid is complete or refuses this worker, or until
    /// SIGINT/SIGTERM (then the running jobs are handed back first).
    public func run() throws {
        var poller = Poller()
        _ = poller.add(dealer)
        _ = poller.add(wakeReceiver)
        _ = poller.add(monitor.socket)
        feed(.start)
        var stopping = false
        while !ended {
            if StopFlag.isRaised, !stopping {
                stopping = true
                feed(.stop)
            }
            _ = try? poller.poll(timeoutMilliseconds: stopping ? 10 : 100)
            while let event = try monitor.next(timeoutMilliseconds: 0) { explain(event) }
            while let frames = try dealer.receive(dontWait: true) {
                guard let frame = frames.last else { continue }
                do {
                    feed(.message(try codec.decode(frame)))
                } catch {
                    logger.warning("a frame from the coordinator refused: \(error)")
                }
            }
            while (try wakeReceiver.receive(dontWait: true)) != nil {}
            for report in pool.drain() where !stopping { feed(report) }
            if now >= lastDiskCheck + 2000, let free = cache.freeBytes {
                lastDiskCheck = now
                feed(.diskSpace(free: free))
            }
            feed(.tick)
        }
        pool.stop()
        if let refusal { throw WorkerError("the coordinator refused this worker: \(refusal)") }
    }

    /// Hands `event` to the instance and carries out what it asks, in order.
    private func feed(_ event: WorkerInstance.Event) {
        var queue = instance.handle(event, now: now, wall: Date().timeIntervalSince1970)
        while !queue.isEmpty {
            let directive = queue.removeFirst()
            switch directive {
            case let .send(message):
                send(message)
            case let .run(assign):
                pool.submit(assign)
            case let .cancel(jobID, attempt):
                pool.cancel(jobID: jobID, attempt: attempt)
            case let .admit(digest, bytes):
                let event: WorkerInstance.Event = switch cache.admit(bytes, as: digest) {
                case .stored: .admitted(digest, ok: true)
                case .mismatch: .admitted(digest, ok: false)
                case let .cannotWrite(reason): .cannotStore(digest, reason: reason)
                }
                queue += instance.handle(event, now: now, wall: Date().timeIntervalSince1970)
            case let .upload(digest):
                upload(digest)
            case let .log(level, message, metadata):
                logger.log(level: level, "\(message)", metadata: metadata)
            case let .exit(reason):
                refusal = reason
                ended = true
            }
        }
    }

    /// Sends a cached artifact as 1 MiB chunks.
    private func upload(_ digest: SHA256Digest) {
        guard let bytes = cache.read(digest) else {
            logger.error("artifact \(digest.hex.prefix(12)) is not in the cache: its result goes without it", metadata: ["artifact": "\(digest.hex.prefix(12))"])
            return
        }
        var offset = 0
        repeat {
            let end = min(bytes.count, offset + (1 << 20))
            send(.chunk(ArtifactChunk(digest: digest, content: .data(offset: UInt64(offset), totalBytes: UInt64(bytes.count),
                                                                       bytes: Array(bytes[offset..<end])))))
            offset = end
        } while offset < bytes.count
    }

    func send(_ message: Message) {
        do {
            try dealer.send([try codec.encode(message)], dontWait: true)
        } catch {
            logger.debug("sending \(message.name) failed: \(error)")
        }
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
}
