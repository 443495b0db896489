import Coordinator
import Foundation
import Grid
import Logging
import Store
import Synchronization

/// `run`'s coordinator, serving on a thread of its own: its ZeroMQ socket is made, used and
/// closed there. It stops when the grid is complete or on SIGINT/SIGTERM (`StopFlag`).
final class EmbeddedCoordinator: Sendable {
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
    let endpoint: String

    init(graph: JobGraph, store: Store, bind: String, logger: Logger) throws {
        let ready = DispatchSemaphore(value: 0)
        let shared = self.shared
        let thread = Thread {
            defer {
                shared.state.withLock { $0.finished = true }
                shared.done.signal()
            }
            let service: CoordinatorService
            do {
                service = try CoordinatorService(graph: graph, store: store, options: CoordinatorService.Options(bind: bind), logger: logger)
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
            throw CLIError(started.1 ?? "the coordinator did not start")
        }
        self.endpoint = endpoint
    }

    var finished: Bool { shared.state.withLock { $0.finished } }
    var failure: String? { shared.state.withLock { $0.failure } }

    /// Blocks until the coordinator's thread has ended.
    func wait() {
        shared.done.wait()
        shared.done.signal()
    }
}
