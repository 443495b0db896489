internal import Glibc
internal import Synchronization

/// Set by SIGINT or SIGTERM; the poll loops of the coordinator and the worker look at it
/// between turns (zmq_poll returns EINTR when a signal arrives, so they look at once). An
/// atomic, so the optimiser cannot keep a stale copy of it across the loop.
public enum StopFlag {
    private static let raised = Atomic<Bool>(false)

    public static var isRaised: Bool { raised.load(ordering: .relaxed) }

    public static func raise() { raised.store(true, ordering: .relaxed) }

    /// Installs the handlers (once per process, before any thread is started) and unblocks
    /// both signals: a parent may have left them blocked in the mask it handed down (a test
    /// runner's Foundation.Process does), and a blocked SIGTERM would never stop the loop.
    public static func installSignalHandlers() {
        let handler: @convention(c) (Int32) -> Void = { _ in StopFlag.raise() }
        signal(SIGINT, handler)
        signal(SIGTERM, handler)
        var set = sigset_t()
        sigemptyset(&set)
        sigaddset(&set, SIGINT)
        sigaddset(&set, SIGTERM)
        pthread_sigmask(SIG_UNBLOCK, &set, nil)
    }
}
