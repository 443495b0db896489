import Foundation
import Grid
import Store
import Testing

/// Churn, for `make soak`: a long noop grid (jobs of 300 ms) while workers join (each with a fresh id) and
/// leave (half by SIGKILL, half by SIGTERM) `TRANSFERGRID_CHURN_CYCLES` times (`--max-attempts
/// 100`: a job whose workers keep dying is not given up), and a reader
/// runs `status` all along. Every worker must register; the coordinator's memory, sampled every second, must show no
/// upward trend; no job is lost or counted twice; the worker table stays bounded; the WAL
/// stays bounded while the reader reads (its largest size is printed).
@Suite(.serialized) struct ChurnTests {
    static var cycles: Int { Int(ProcessInfo.processInfo.environment["TRANSFERGRID_CHURN_CYCLES"] ?? "") ?? 0 }

    static func residentKB(_ pid: Int32) -> Int? {
        guard let text = try? String(contentsOfFile: "/proc/\(pid)/status", encoding: .utf8),
              let line = text.split(separator: "\n").first(where: { $0.hasPrefix("VmRSS:") }) else { return nil }
        return Int(line.split(separator: " ", omittingEmptySubsequences: true)[1])
    }

    @Test(.enabled(if: cycles > 0, "make soak sets TRANSFERGRID_CHURN_CYCLES"))
    func workersComingAndGoingByTheThousandLeakNothing() throws {
        let cluster = try Cluster("churn")
        // Jobs of 300 ms, 40 per worker that joins: about 4 workers of 4 slots each do some
        // 50 a second, so the grid outlasts the churn and every worker leaves jobs in flight.
        let jobs = max(1_000, Self.cycles * 40)
        var spec = GridSpec.noop(count: jobs)
        spec.noopMillis = 300
        try spec.yamlText().write(toFile: cluster.path("noop.yaml"), atomically: true, encoding: .utf8)
        try cluster.start("coordinator", ["coordinator", "--grid", cluster.path("noop.yaml"), "--store", cluster.store, "--bind", cluster.endpoint,
                                          "--liveness-timeout", "1", "--max-attempts", "100"])
        let pid = try #require(cluster.processes["coordinator"]?.processIdentifier)
        #expect(cluster.until(seconds: 180) { cluster.log("coordinator").contains("listening on") }, "the noop jobs installed")
        var memory: [Int] = [], wal: [Int] = []
        var nextSample = Date()
        // A worker is stopped once it has registered and lived its drawn 1-3 s; one that has not
        // registered after 20 s is stopped too and counted as a failure below.
        var alive: [(name: String, started: Date, life: Double)] = []
        var random = SystemRandomNumberGenerator()
        var statusRuns = 0, joins = 0, registered = 0
        var unregistered: [String] = []
        let began = Date()
        while joins < Self.cycles || !alive.isEmpty {
            alive.removeAll { worker in
                let age = Date().timeIntervalSince(worker.started)
                let ready = cluster.log(worker.name).contains("registered")
                guard (ready && age > worker.life) || age > 20 else { return false }
                cluster.signal(worker.name, Bool.random(using: &random) ? SIGKILL : SIGTERM)
                _ = cluster.wait(worker.name, seconds: 5)
                cluster.processes[worker.name] = nil
                try? FileManager.default.removeItem(atPath: cluster.path("cache-\(worker.name)"))
                if ready { registered += 1 } else { unregistered.append(worker.name) }
                return true
            }
            // About four workers at a time.
            if alive.count < 4 && joins < Self.cycles {
                joins += 1
                let name = "churn-\(joins)"
                try cluster.start(name, ["worker", "--connect", cluster.endpoint, "--id", name, "--jobs", "4", "--cache-dir", cluster.path("cache-\(name)"), "--stay"])
                alive.append((name, Date(), Double.random(in: 1...3, using: &random)))
            }
            if cluster.processes["status"]?.isRunning != true {
                try cluster.start("status", ["status", "--store", cluster.store])
                statusRuns += 1
            }
            if Date() >= nextSample {
                nextSample = nextSample.addingTimeInterval(1)
                if let kb = Self.residentKB(pid) { memory.append(kb) }
                wal.append(Int((try? FileManager.default.attributesOfItem(atPath: cluster.store + "-wal")[.size] as? Int) ?? 0))
            }
            usleep(20_000)
        }
        let seconds = Date().timeIntervalSince(began)
        try cluster.worker("finisher", ["--jobs", "64"])
        #expect(cluster.wait("coordinator", seconds: 600), "\(cluster.log("coordinator").suffix(2000))")
        let store = try Store(path: cluster.store, readOnly: true)
        let (results, _) = try store.resultCounts()
        #expect(try store.status().counts[.done] == jobs)
        #expect(results.count == jobs && results.values.allSatisfy { $0 == 1 }, "a job lost or counted twice")
        let announced = cluster.log("coordinator").split(separator: "\n").filter { $0.contains("ready:") }.count
        #expect(unregistered.isEmpty, "\(unregistered.count) workers never registered, the first: \(unregistered.prefix(3)) \(unregistered.first.map { cluster.log($0).suffix(1500) } ?? "")")
        #expect(announced >= registered, "the coordinator logged \(announced) registrations, the workers \(registered)")
        #expect(try store.status().workers.count <= 100 + 5, "the worker table grows with churn: the latest 100 lost and the live ones")
        // No upward trend: the last third's mean within 20 % (and 10 MB) of the middle third's.
        let third = memory.count / 3
        #expect(third >= 3, "too few memory samples: \(memory)")
        let middle = Double(memory[third..<(2 * third)].reduce(0, +)) / Double(third)
        let last = Double(memory[(memory.count - third)...].reduce(0, +)) / Double(third)
        #expect(last <= middle * 1.2 + 10_240, "memory grows: \(memory)")
        print("churn: \(Self.cycles) workers joined and left in \(Int(seconds)) s, \(registered) registered (coordinator: \(announced)), \(memory.count) memory samples; coordinator RSS first \(memory.first ?? 0) KB, middle third mean \(Int(middle)) KB, "
            + "last third mean \(Int(last)) KB, max \(memory.max() ?? 0) KB; WAL max \(wal.max() ?? 0) bytes with \(statusRuns) status reads; "
            + "\(try store.status().workers.count) worker rows")
    }
}
