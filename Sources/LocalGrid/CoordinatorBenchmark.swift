internal import Foundation
internal import Grid
internal import Store

/// The coordinator measured with real processes: jobs per second through a coordinator and
/// worker processes of `executable` (noop jobs, every result committed before its ACK), and the
/// time from a worker's SIGKILL to its job's next attempt on another worker.
public struct CoordinatorBenchmark: Sendable {
    public var executable: String
    public var jobs: Int
    public var slots: Int
    public var livenessTimeout: Double

    public init(executable: String, jobs: Int, slots: Int, livenessTimeout: Double) {
        self.executable = executable
        self.jobs = jobs
        self.slots = slots
        self.livenessTimeout = livenessTimeout
    }

    /// Jobs per second from the first commit to the last, and the wall seconds from the
    /// coordinator's start to its exit, with `count` worker processes.
    public func throughput(workers count: Int) throws(LocalGridError) -> (jobsPerSecond: Double, wall: Double) {
        let dir = try Self.scratch()
        defer { try? FileManager.default.removeItem(at: dir) }
        do {
            let spec = dir.appendingPathComponent("noop.yaml")
            try GridSpec.noop(count: jobs).yamlText().write(to: spec, atomically: true, encoding: .utf8)
            let store = dir.appendingPathComponent("bench.db").path
            let endpoint = "tcp://127.0.0.1:\(Int.random(in: 20_000..<60_000))"
            let started = Date()
            let coordinator = try ChildProcess.launch(executable, ["coordinator", "--grid", spec.path, "--store", store, "--bind", endpoint],
                                                      log: dir.appendingPathComponent("coordinator.log"))
            var pool: [Process] = []
            for n in 0..<count {
                pool.append(try ChildProcess.launch(executable, ["worker", "--connect", endpoint, "--id", "bench-\(n)", "--jobs", "\(slots)",
                                                                 "--cache-dir", dir.appendingPathComponent("cache-\(n)").path],
                                                    log: dir.appendingPathComponent("worker-\(n).log")))
            }
            defer { for process in pool + [coordinator] where process.isRunning { kill(process.processIdentifier, SIGKILL) } }
            // A coordinator that dies or hangs ends the run with its log, never a wait for ever.
            let limit = max(120, Double(jobs) / 200)
            guard Self.wait(coordinator, seconds: limit) else {
                throw LocalGridError("the coordinator did not finish \(jobs) jobs in \(Int(limit)) s; see \(dir.path)/coordinator.log")
            }
            let wall = Date().timeIntervalSince(started)
            guard coordinator.terminationStatus == 0 else {
                throw LocalGridError("the coordinator exited with status \(coordinator.terminationStatus): \(Self.tail(dir.appendingPathComponent("coordinator.log")))")
            }
            for worker in pool where !Self.wait(worker, seconds: 10) { kill(worker.processIdentifier, SIGTERM) }
            let status = try Store(path: store, readOnly: true).status()
            guard status.counts[.done] == jobs, let first = status.firstDone, let last = status.lastDone, last > first else {
                throw LocalGridError("the benchmark grid did not complete (\(status.counts)); see \(dir.path)")
            }
            return (Double(jobs) / (last - first), wall)
        } catch let error as LocalGridError { throw error } catch { throw LocalGridError("the throughput benchmark failed: \(error)") }
    }

    /// Starts a long pretrain on one of two workers, kills that worker with SIGKILL, and times
    /// until the store shows the job's next attempt started on the other.
    public func reassignmentDelay() throws(LocalGridError) -> Double {
        let dir = try Self.scratch()
        defer { try? FileManager.default.removeItem(at: dir) }
        do {
            var spec = try GridSpec.preset("smoke")
            spec.name = "reassign"
            spec.pretrain.steps = 1_000_000
            let specFile = dir.appendingPathComponent("long.yaml")
            try spec.yamlText().write(to: specFile, atomically: true, encoding: .utf8)
            let store = dir.appendingPathComponent("bench.db").path
            let endpoint = "tcp://127.0.0.1:\(Int.random(in: 20_000..<60_000))"
            let coordinator = try ChildProcess.launch(executable, ["coordinator", "--grid", specFile.path, "--store", store, "--bind", endpoint,
                                                                   "--liveness-timeout", "\(livenessTimeout)"],
                                                      log: dir.appendingPathComponent("coordinator.log"))
            var pool: [String: Process] = [:]
            for id in ["a", "b"] {
                pool[id] = try ChildProcess.launch(executable, ["worker", "--connect", endpoint, "--id", id, "--cache-dir",
                                                                dir.appendingPathComponent(id).path], log: dir.appendingPathComponent("\(id).log"))
            }
            defer {
                for process in pool.values where process.isRunning { kill(process.processIdentifier, SIGKILL) }
                if coordinator.isRunning { kill(coordinator.processIdentifier, SIGKILL) }
            }
            let job = try JobGraph(spec: spec).jobs[0].id
            var holder: String?
            let deadline = Date().addingTimeInterval(30)
            while holder == nil, Date() < deadline {
                holder = (try? Store(path: store, readOnly: true).attempts(job: job))?.first?.worker
                usleep(20_000)
            }
            guard let holder, let victim = pool[holder] else { throw LocalGridError("the pretrain was never assigned; see \(dir.path)") }
            usleep(300_000)
            kill(victim.processIdentifier, SIGKILL)
            let killedAt = Date().timeIntervalSince1970
            while Date().timeIntervalSince1970 < killedAt + 60 {
                if let next = (try? Store(path: store, readOnly: true).attempts(job: job))?.first(where: { $0.attempt == 2 }) {
                    return next.started - killedAt
                }
                usleep(20_000)
            }
            throw LocalGridError("the job was not reassigned within 60 s; see \(dir.path)")
        } catch let error as LocalGridError { throw error } catch { throw LocalGridError("the reassignment benchmark failed: \(error)") }
    }

    /// Waits for `process` to exit; false after `seconds`.
    static func wait(_ process: Process, seconds: Double) -> Bool {
        let deadline = Date().addingTimeInterval(seconds)
        while process.isRunning, Date() < deadline { usleep(20_000) }
        return !process.isRunning
    }

    /// The last lines of a log, for an error message.
    static func tail(_ log: URL, lines: Int = 5) -> String {
        let text = (try? String(contentsOf: log, encoding: .utf8)) ?? ""
        return text.split(separator: "\n").suffix(lines).joined(separator: "\n")
    }

    private static func scratch() throws(LocalGridError) -> URL {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("bench-coordinator-\(UUID().uuidString.prefix(8))")
        do { try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true) } catch {
            throw LocalGridError("cannot make \(dir.path): \(error)")
        }
        return dir
    }
}
