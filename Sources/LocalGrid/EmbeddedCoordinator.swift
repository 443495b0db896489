public import Coordinator
internal import Foundation
public import Grid
public import Logging
public import Store
internal import Synchronization

/// A coordinator serving on a thread of its own in this process: its ZeroMQ socket is made,
/// used and closed there. It stops when the grid is complete or on SIGINT/SIGTERM (`StopFlag`).
public final class EmbeddedCoordinator: Sendable {
    private struct State {
        var endpoint: String?
        var failure: String?
        var finished = false
    }

    /// What the coordinator's thread and the caller share.
    private final class Shared: Sendable {
        let state = Mutex(State())
        let done = DispatchSemaphore(value: 0)
    }

    private let shared = Shared()
    /// Where workers connect (the port filled in when `tcp://host:*` was asked).
    public let endpoint: String

    /// Starts the coordinator and waits until it is bound (or could not start).
    public init(graph: JobGraph, store: Store, options: CoordinatorService.Options, logger: Logger) throws(LocalGridError) {
        let ready = DispatchSemaphore(value: 0)
        let shared = self.shared
        let thread = Thread {
            defer {
                shared.state.withLock { $0.finished = true }
                shared.done.signal()
            }
            let service: CoordinatorService
            do {
                service = try CoordinatorService(graph: graph, store: store, options: options, logger: logger)
            } catch {
                shared.state.withLock { $0.failure = "\(error)" }
                ready.signal()
                return
            }
            shared.state.withLock { $0.endpoint = service.endpoint }
            ready.signal()
            do { try service.run() } catch { shared.state.withLock { $0.failure = "\(error)" } }
        }
        thread.name = "coordinator"
        thread.start()
        ready.wait()
        let started = shared.state.withLock { ($0.endpoint, $0.failure) }
        guard let endpoint = started.0 else {
            shared.done.wait()
            throw LocalGridError(started.1 ?? "the coordinator did not start")
        }
        self.endpoint = endpoint
    }

    /// Whether the coordinator's thread has ended.
    public var finished: Bool { shared.state.withLock { $0.finished } }
    /// Why it stopped, when it failed.
    public var failure: String? { shared.state.withLock { $0.failure } }

    /// Blocks until the coordinator's thread has ended.
    public func wait() {
        shared.done.wait()
        shared.done.signal()
    }
}
