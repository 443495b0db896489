internal import Core
internal import Foundation
public import Grid
public import Logging
public import Store
public import Scheduling
internal import Transfer
internal import Wire
internal import ZeroMQ

/// The coordinator's IO shell: owns the ROUTER socket, the store and the artifact files, and
/// runs the scheduler. Each turn: take every message waiting (up to a batch), let the
/// scheduler decide, commit the turn's writes in one transaction, then send.
public final class CoordinatorService {
    public struct Options: Sendable {
        public var bind: String
        public var scheduler = SchedulerConfig()
        /// Messages taken per turn at most (one transaction each turn).
        public var batch = 4096
        /// Leave when every job is done or failed.
        public var exitWhenComplete = true
        /// CURVE encryption and authorized workers only; nil: plaintext, anyone may connect.
        public var curve: CurveSecurity?
        /// Allow a non-loopback bind without CURVE (`BindExposure`).
        public var insecure = false
        /// Seconds between tries to commit while the disk refuses writes.
        public var stallPause = 2.0

        public init(bind: String) { self.bind = bind }

        /// The exposure rule (`BindExposure.check`): returns the warning to log when the options
        /// are allowed only because of `insecure`.
        public func validate() throws(CoordinatorError) -> String? {
            try BindExposure.check(bind: bind, curve: curve != nil, insecure: insecure)
        }
    }

    public let store: Store
    public let graph: JobGraph
    public let options: Options
    private let logger: Logger
    private let context: Context
    private let socket: Socket
    private let gatekeeper: Gatekeeper?
    /// Failed handshakes on the ROUTER (a plaintext client on a CURVE port, a wrong server key).
    private let monitor: SocketMonitor
    private var scheduler: Scheduler
    private let receiver: ArtifactReceiver
    private let codec = WireCodec()
    private var limiter = LogLimiter()
    private let clock = ContinuousClock()
    private let start: ContinuousClock.Instant
    /// Frames refused, by reason (for logs and tests).
    public private(set) var refused: [String: Int] = [:]
    /// The last commit failed for want of disk: paused until one succeeds.
    private var stalled = false
    /// The chunk bytes each worker may have queued (`FetchBudget`).
    private var fetchBudget = FetchBudget()

    /// The endpoint actually bound (with the port filled in when `tcp://host:*` was asked).
    public let endpoint: String

    public init(graph: JobGraph, store: Store, options: Options, logger: Logger) throws {
        self.graph = graph
        self.store = store
        self.options = options
        var logger = logger
        logger[metadataKey: "grid"] = "\(graph.spec.name)"
        self.logger = logger
        if let warning = try options.validate() { logger.warning("\(warning)") }
        receiver = try ArtifactReceiver(directory: store.artifactDirectory)
        let artifacts = receiver.present()
        for digest in artifacts.damaged { Self.logDamaged(digest, store: store, logger: logger, served: false) }
        scheduler = try Self.scheduler(graph, store, artifacts: artifacts.present, config: options.scheduler, now: 0)
        let leased = scheduler.counts[.leased] ?? 0
        if leased > 0 {
            logger.info("resume: \(leased) job(s) leased by the previous coordinator stay with their workers if they claim them within \(options.scheduler.adoptionGrace) ms")
        }
        context = try Context()
        socket = try context.socket(.router)
        try socket.set(.routerMandatory, true)
        try socket.set(.routerHandover, true)
        try socket.set(.maxMessageSize, Int64(codec.maxFrameBytes))
        // Per peer: a worker that stops reading has at most this many messages queued (CHUNKs
        // besides are bounded by `FetchBudget`); sends never wait, so it slows no one.
        try socket.set(.sendHighWaterMark, 1_000)
        try socket.set(.receiveHighWaterMark, 100_000)
        try socket.set(.linger, 2000)
        if let curve = options.curve {
            // The ZAP handler first: a CURVE handshake then always gets its answer from it.
            gatekeeper = try Gatekeeper(context: context, keys: curve.keys)
            try socket.set(.curveServer, true)
            try socket.set(.curveSecretKey, curve.serverKeys.secretKey.bytes)
            try socket.set(.zapDomain, CurveSecurity.domain)
            // Where libzmq has the (draft) option, a missing handler also fails closed.
            try? socket.set(.zapEnforceDomain, true)
        } else {
            gatekeeper = nil
        }
        monitor = try socket.monitor(events: [.handshakeFailedProtocol, .handshakeFailedNoDetail])
        do {
            try socket.bind(options.bind)
        } catch {
            throw CoordinatorError("cannot bind \(options.bind): \(error); is another coordinator running there? choose another --bind")
        }
        endpoint = (try? socket.lastEndpoint) ?? options.bind
        start = clock.now
        let counts = scheduler.counts
        logger.info("""
            grid \(graph.spec.name) (\(graph.hash.hex.prefix(12))): \(graph.jobs.count) jobs, \(counts[.done] ?? 0) done, \
            \(counts[.failed] ?? 0) failed, \(counts[.pending] ?? 0) to run; listening on \(endpoint)
            """)
    }

    private var now: UInt64 { (clock.now - start).wholeMilliseconds }

    /// An artifact found damaged at rest (at start, or when a FETCH asked for it) and set aside.
    private static func logDamaged(_ digest: SHA256Digest, store: Store, logger: Logger, served: Bool) {
        logger.error("artifact \(digest.hex.prefix(12)) in \(store.artifactDirectory) no longer hashes to its name: \(served ? "not served, " : "")set aside as \(digest.hex).damaged; the job that made it runs again")
    }

    /// A scheduler as the store has it: its jobs, the attempts' workers, the committed scores.
    private static func scheduler(_ graph: JobGraph, _ store: Store, artifacts: Set<SHA256Digest>, config: SchedulerConfig,
                                  now: UInt64) throws -> Scheduler {
        let evaluations = try store.evaluations()
        let scores = Dictionary(evaluations.map { ($0.job, Counts(correct: $0.correct, total: $0.total)) }, uniquingKeysWith: { a, _ in a })
        let questionSets = Dictionary(evaluations.compactMap { e in e.questionsDigest.flatMap(SHA256Digest.init(hex:)).map { (e.job, $0) } },
                                      uniquingKeysWith: { a, _ in a })
        return Scheduler(graph: graph, stored: try store.jobs(), artifacts: artifacts, issued: try store.attemptWorkers(),
                         scores: scores, questionSets: questionSets, blasCore: try store.blasCore(), config: config, now: now)
    }

    /// A turn whose commit the disk refused: nothing of it was sent, and the scheduler, which
    /// had moved on, is rebuilt from the store (the workers register again, keeping the jobs
    /// they hold). Logged once per episode with the space needed; the loop then retries every
    /// `stallPause` seconds until the disk takes the writes again.
    private func stall(_ error: StoreError) throws {
        if !stalled {
            let room = store.diskRoom()
            let advice = room.map { ": free space in \($0.folder) (about \(DiskSpace.describe($0.needed)) to be safe: its largest artifact and the database)" } ?? ""
            logger.error("cannot commit: \(error.message). Nothing uncommitted is acknowledged; the coordinator pauses, retries every \(options.stallPause) s and goes on by itself once the disk takes writes again\(advice)")
        }
        stalled = true
        scheduler = try Self.scheduler(graph, store, artifacts: scheduler.artifacts, config: options.scheduler, now: now)
        Thread.sleep(forTimeInterval: options.stallPause)
    }

    public var isComplete: Bool { scheduler.isComplete }
    /// Complete, with jobs failed or blocked: the grid ended without all its scores.
    public var endedIncomplete: Bool {
        let counts = scheduler.counts
        return scheduler.isComplete && (counts[.failed] ?? 0) + (counts[.blocked] ?? 0) > 0
    }
    public var counts: [JobState: Int] { scheduler.counts }

    /// Serves until the grid is complete (when asked to) or SIGINT/SIGTERM.
    public func run() throws {
        var poller = Poller()
        _ = poller.add(socket)
        if let gatekeeper { _ = poller.add(gatekeeper.socket) }
        _ = poller.add(monitor.socket)
        var lastTick: UInt64 = 0
        while !StopFlag.isRaised {
            if options.exitWhenComplete, scheduler.isComplete { break }
            guard try wait(&poller) else { continue }
            try admit()
            while let event = try monitor.next(timeoutMilliseconds: 0) {
                refuse("handshake", "a connection failed its handshake (\(options.curve == nil ? "protocol error" : "not a CURVE client with this coordinator's key"), code 0x\(String(event.value, radix: 16)))")
            }
            var outputs: [SchedulerOutput] = []
            var taken = 0
            while taken < options.batch, let frames = try socket.receive(dontWait: true) {
                taken += 1
                handle(frames, &outputs)
            }
            let t = now
            if t >= lastTick + 100 {
                lastTick = t
                outputs += scheduler.handle(.tick, now: t, wall: Date().timeIntervalSince1970)
                fetchBudget.keep { scheduler.isRegistered($0) }
            }
            do {
                try flush(outputs)
                if stalled, outputs.contains(where: { if case .store = $0 { true } else { false } }) {
                    stalled = false
                    logger.info("the disk takes writes again: going on")
                }
            } catch let error as StoreError where error.code == .cannotWrite {
                try stall(error)
            }
        }
        shutDown(Disconnect(scheduler.isComplete ? .gridComplete : .coordinatorStopping))
    }

    /// Waits up to 50 ms for a message; false when a signal interrupted the wait.
    /// (A helper, not a `catch where` inside the loop: that crashes the Swift 6.3 compiler.)
    private func wait(_ poller: inout Poller) throws -> Bool {
        do {
            _ = try poller.poll(timeoutMilliseconds: 50)
            return true
        } catch {
            if error.code == .interrupted { return false }
            throw error
        }
    }

    private func handle(_ frames: [Frame], _ outputs: inout [SchedulerOutput]) {
        guard frames.count == 2 else {
            refuse("malformed", "a message of \(frames.count) frame(s) from \(describe(frames.first)); expected an identity and one envelope")
            return
        }
        let identity = frames[0]
        let message: Message
        do {
            message = try codec.decode(frames[1])
        } catch {
            refuse(error.code == .unsupportedVersion ? "wrong-version" : "undecodable", "a frame from \(describe(identity)) refused: \(error)")
            return
        }
        let t = now, wall = Date().timeIntervalSince1970
        switch message {
        case .fetch where !scheduler.isRegistered(identity), .chunk where !scheduler.isRegistered(identity):
            refuse("unregistered", "\(message.name) from \(describe(identity)), which is not a registered worker: ignored")
        case let .fetch(fetch):
            // The budget first: a flood costs neither reads nor digest checks.
            if let total = receiver.size(fetch.digest),
               !fetchBudget.allow(fetch, from: identity, bytes: ArtifactReceiver.chunkBytes(fetch, total: total), total: total) {
                refuse("fetch-flood", "FETCH from \(describe(identity)) with \(fetchBudget.limit >> 20) MiB of chunks already sent and not yet shown received: ignored")
                return
            }
            let (chunk, damaged) = receiver.read(fetch)
            if damaged {
                Self.logDamaged(fetch.digest, store: store, logger: logger, served: true)
                outputs += scheduler.handle(.artifactDamaged(fetch.digest), now: t, wall: wall)
            }
            outputs.append(.send(to: identity, .chunk(chunk)))
        case let .chunk(chunk):
            switch receiver.receive(chunk) {
            case .incomplete: break
            case .stored:
                outputs += scheduler.handle(.artifactStored(chunk.digest), now: t, wall: wall)
            case let .rejected(reason):
                refuse("artifact", "artifact from \(describe(identity)): \(reason)")
            }
        default:
            outputs += scheduler.handle(.message(from: identity, message), now: t, wall: wall)
        }
    }

    /// Answers the CURVE handshakes waiting for a ZAP verdict.
    private func admit() throws {
        guard let gatekeeper else { return }
        for verdict in try gatekeeper.serve() {
            switch verdict {
            case let .admitted(name, address):
                for text in limiter.lines(kind: "admitted", "worker key \(name) admitted from \(address)", now: now) { logger.info("\(text)") }
            case let .refused(reason, address):
                refuse("handshake", "refused a connection from \(address): \(reason)")
            }
        }
    }

    private func refuse(_ kind: String, _ line: String) {
        refused[kind, default: 0] += 1
        for text in limiter.lines(kind: kind, line, now: now) { logger.warning("\(text)") }
    }

    private func describe(_ identity: Frame?) -> String {
        guard let identity else { return "?" }
        if identity.allSatisfy({ $0 >= 32 && $0 < 127 }) { return String(decoding: identity.prefix(64), as: UTF8.self) }
        return "0x" + identity.prefix(16).map { String(format: "%02x", $0) }.joined()
    }

    /// Commits the turn's writes, then sends its messages, then logs.
    private func flush(_ outputs: [SchedulerOutput]) throws {
        var writes: [StoreWrite] = []
        for case let .store(write) in outputs { writes.append(write) }
        try store.apply(writes)
        for output in outputs {
            switch output {
            case let .send(identity, message): send(message, to: identity)
            case let .log(line, metadata): logger.info("\(line)", metadata: metadata.mapValues { .string($0) })
            case let .refused(kind, line): refuse(kind, line)
            case .store: break
            }
        }
    }

    private func send(_ message: Message, to identity: [UInt8]) {
        do {
            try socket.send([identity, try codec.encode(message)], dontWait: true)
        } catch let error as ZMQError where error.code == .hostUnreachable || error.code == .again {
            // The peer is gone or not reading: it will register again, and what it misses is
            // sent again (results) or reassigned (jobs).
        } catch {
            logger.error("sending \(message.name) to \(describe(identity)) failed: \(error)")
        }
    }

    private func shutDown(_ bye: Disconnect) {
        for identity in scheduler.workerIdentities {
            send(.disconnect(bye), to: identity)
        }
        if !refused.isEmpty {
            let total = refused.values.reduce(0, +)
            let kinds = refused.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }.joined(separator: ", ")
            logger.info("refused since start: \(total) (connections for handshake, messages for the rest): \(kinds)")
        }
        let counts = scheduler.counts
        logger.info("\(bye): \(counts[.done] ?? 0) done, \(counts[.failed] ?? 0) failed, \(counts[.blocked] ?? 0) blocked, \(counts[.pending] ?? 0) pending, \(counts[.leased] ?? 0) leased")
        if endedIncomplete {
            logger.error("the grid ended incomplete: \(counts[.failed] ?? 0) job(s) failed and \(counts[.blocked] ?? 0) blocked by them; `transfergrid status` says why, and the same command with --rerun-failed runs them again")
        }
    }
}
