import Coordinator
import Foundation
import Grid
import LocalGrid
import Logging
import Store
import Testing

/// The local supervisor without the command line: the restart policy and stop on stand-in
/// processes, and the embedded coordinator on a real store.
@Suite struct LocalGridTests {
    static func folder() throws -> String {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("localgrid-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        return dir.path
    }

    /// Workers that die are started again, each restart counted, until more than `maxRestarts`;
    /// then the pool has given up and starts no more. Nothing restarts while stopping.
    @Test func workersThatDieAreRestartedUpToTheLimit() throws {
        let dir = try Self.folder()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        var pool = LocalWorkers(executable: "/bin/sh", count: 2, directory: dir, maxRestarts: 3) { n, folder in
            ["-c", "echo worker \(n) in \(folder); exit 3"]
        }
        try pool.start()
        #expect(pool.check(stopping: true) == nil, "no restart while stopping")
        var notes: [String] = []
        let deadline = Date().addingTimeInterval(20)
        while !pool.givenUp, Date() < deadline {
            Thread.sleep(forTimeInterval: 0.05)
            if let note = pool.check(stopping: false) { notes.append(note) }
        }
        #expect(pool.givenUp && pool.restarts == 4)
        #expect(notes.joined(separator: "\n").contains("exited (status 3); starting it again"))
        Thread.sleep(forTimeInterval: 0.3)
        #expect(pool.check(stopping: false) == nil && pool.running == 0, "given up: nothing more is started")
        let log = try String(contentsOfFile: dir + "/0/worker.log", encoding: .utf8)
        #expect(log.contains("worker 0 in \(dir)/0"))
    }

    /// `stop(force:)` ends workers that do not leave by themselves: SIGTERM at once.
    @Test func stopEndsWorkersThatDoNotLeave() throws {
        let dir = try Self.folder()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        var pool = LocalWorkers(executable: "/bin/sleep", count: 3, directory: dir) { _, _ in ["60"] }
        try pool.start()
        #expect(pool.running == 3)
        let started = Date()
        pool.stop(force: true, grace: 5)
        #expect(pool.running == 0)
        #expect(Date().timeIntervalSince(started) < 5)
    }

    /// A missing executable is a clear error, not a crash.
    @Test func aMissingExecutableIsAClearError() throws {
        var pool = LocalWorkers(executable: "/nonexistent/transfergrid", count: 1, directory: try Self.folder()) { _, _ in [] }
        #expect(throws: LocalGridError.self) { try pool.start() }
    }

    /// The embedded coordinator binds a loopback port and serves the grid; a bind beyond
    /// loopback without CURVE is refused before it listens (the exposure rule), with advice.
    @Test func theEmbeddedCoordinatorBindsOrRefusesWithTheExposureRule() throws {
        let dir = try Self.folder()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let graph = try JobGraph(spec: GridSpec.noop(count: 3))
        let store = try Store.open(for: graph, path: dir + "/grid.db", replaceGrid: false, rerunFailed: false).store
        let logger = Logger(label: "test")
        var exposed = CoordinatorService.Options(bind: "tcp://0.0.0.0:*")
        do {
            _ = try EmbeddedCoordinator(graph: graph, store: store, options: exposed, logger: logger)
            Issue.record("a non-loopback bind without CURVE was taken")
        } catch {
            #expect(error.message.contains("refusing to listen on tcp://0.0.0.0:* without CURVE"))
        }
        exposed.insecure = true
        #expect(try exposed.validate()?.contains("--insecure") == true)
        // Every job done already: it binds, finds the grid complete, and ends by itself.
        try store.apply(graph.jobs.map { .jobState(job: $0.id, state: .done, attempts: 1, failure: nil, at: 0) })
        let coordinator = try EmbeddedCoordinator(graph: graph, store: store, options: CoordinatorService.Options(bind: "tcp://127.0.0.1:*"),
                                                  logger: logger)
        #expect(coordinator.endpoint.hasPrefix("tcp://127.0.0.1:") && !coordinator.endpoint.hasSuffix(":*"))
        coordinator.wait()
        #expect(coordinator.finished && coordinator.failure == nil)
    }

    /// `status`'s text from a real store: the counts by state, a failure with its reason, and
    /// the ETA's three cases (done, no live workers, unknown).
    @Test func statusTextShowsCountsFailuresAndTheETA() throws {
        let dir = try Self.folder()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let graph = try JobGraph(spec: GridSpec.noop(count: 3))
        let store = try Store.open(for: graph, path: dir + "/grid.db", replaceGrid: false, rerunFailed: false).store
        let jobs = graph.jobs.map(\.id)
        try store.apply([.jobState(job: jobs[0], state: .done, attempts: 1, failure: nil, at: 0),
                         .jobState(job: jobs[1], state: .failed, attempts: 3, failure: "lease expired", at: 0)])
        let status = try store.status()
        let text = StatusText.lines(status, left: nil, now: 100).joined(separator: "\n")
        #expect(text.contains("1/3 done (33.3 %)"))
        #expect(text.contains("pending 1") && text.contains("failed 1") && text.contains("done 1"))
        #expect(text.contains("failed jobs (rerun with --rerun-failed)\n  \(jobs[1]): lease expired"))
        #expect(text.contains("ETA -- (known once"))
        #expect(StatusText.lines(status, left: 30, now: 100).contains { $0.hasSuffix("ETA -- (no live workers)") })
        #expect(StatusText.lines(status, left: 0, now: 100).contains { $0.hasSuffix("ETA -- (ended incomplete: 1 failed, 0 blocked; rerun with --rerun-failed)") })
    }
}
