public import Core
public import Logging
public import Wire

extension WorkerInstance {
    /// Something that happened; `now` comes with it (milliseconds on a monotonic clock), and
    /// `wall` (seconds since 1970, only for the heartbeat's timestamp).
    public enum Event: Sendable {
        /// The shell is up: send READY.
        case start
        case message(Message)
        /// Time passed: heartbeats, timeouts, resends.
        case tick
        case progress(Wire.Progress)
        /// A compute thread ended a job.
        case finished(Assign, Result<JobRunner.Outcome, JobRunner.Failure>, durationMs: UInt64)
        /// The shell checked fetched bytes against their digest (`Directive.admit`).
        case admitted(SHA256Digest, ok: Bool)
        /// The cache's disk could not take fetched bytes (`Directive.admit`).
        case cannotStore(SHA256Digest, reason: String)
        /// The bytes free on the cache's disk, as the shell measured them.
        case diskSpace(free: UInt64)
        /// Stop (SIGINT, SIGTERM): hand the running jobs back and leave.
        case stop
    }

    /// What the shell must do, in order.
    public enum Directive: Sendable, Equatable {
        case send(Message)
        /// Start the job on a compute thread; its inputs are in the cache.
        case run(Assign)
        /// Check `bytes` against `digest` and keep them in the cache when they match; answer
        /// with `Event.admitted`.
        case admit(SHA256Digest, bytes: [UInt8])
        /// Send the cached artifact as CHUNK messages (before the RESULT that names it).
        case upload(SHA256Digest)
        /// Stop the running job's attempt: the coordinator released it (its compute thread ends it
        /// at its next step; a runner's process group is killed).
        case cancel(jobID: String, attempt: UInt32)
        case log(Logger.Level, String, Logger.Metadata)
        /// Leave: `refusal` is the coordinator's reason when it refused this worker for good.
        case exit(refusal: String?)

        public static func == (a: Directive, b: Directive) -> Bool {
            switch (a, b) {
            case let (.send(x), .send(y)): x == y
            case let (.run(x), .run(y)): x == y
            case let (.admit(x, p), .admit(y, q)): x == y && p == q
            case let (.upload(x), .upload(y)): x == y
            case let (.cancel(x, a), .cancel(y, b)): x == y && a == b
            case let (.log(l, m, _), .log(k, n, _)): l == k && m == n
            case let (.exit(x), .exit(y)): x == y
            default: false
            }
        }
    }
}
