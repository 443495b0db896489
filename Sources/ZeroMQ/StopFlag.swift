internal import Glibc

/// Set by SIGINT or SIGTERM; the poll loops of the coordinator and the worker look at it
/// between turns (zmq_poll returns EINTR when a signal arrives, so they look at once).
public enum StopFlag {
    nonisolated(unsafe) private static var raised: sig_atomic_t = 0

    public static var isRaised: Bool { raised != 0 }

    public static func raise() { raised = 1 }

    /// Installs the handlers (once per process).
    public static func installSignalHandlers() {
        let handler: @convention(c) (Int32) -> Void = { _ in StopFlag.raised = 1 }
        signal(SIGINT, handler)
        signal(SIGTERM, handler)
    }
}
