import Foundation
import Grid
import Store
import Testing

/// Churn, for `make soak`: a long noop grid while workers join (each with a fresh id) and
/// leave (half by SIGKILL, half by SIGTERM) `TRANSFERGRID_CHURN_CYCLES` times (`--max-attempts
/// 100`: a job whose workers keep dying is not given up), and a reader
/// runs `status` all along. The coordinator's memory, sampled every second, must show no
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
        let jobs = 60_000
        try GridSpec.noop(count: jobs).yamlText().write(toFile: cluster.path("noop.yaml"), atomically: true, encoding: .utf8)
        try cluster.start("coordinator", ["coordinator", "--grid", cluster.path("noop.yaml"), "--store", cluster.store, "--bind", cluster.endpoint,
                                          "--liveness-timeout", "1", "--max-attempts", "100"])
        let pid = try #require(cluster.processes["coordinator"]?.processIdentifier)
        #expect(cluster.until(seconds: 180) { cluster.log("coordinator").contains("listening on") }, "60,000 jobs installed")
        var memory: [Int] = [], wal: [Int] = []
        var lastSample = Date.distantPast
        var alive: [(name: String, since: Date)] = []
        var random = SystemRandomNumberGenerator()
        var statusRuns = 0, joins = 0
        while joins < Self.cycles {
            // About four workers at a time, each living 1 to 3 s (long enough to register and
            // take jobs).
            alive.removeAll { worker in
                guard Date().timeIntervalSince(worker.since) > Double.random(in: 1...3, using: &random) else { return false }
                cluster.signal(worker.name, Bool.random(using: &random) ? SIGKILL : SIGTERM)
                _ = cluster.wait(worker.name, seconds: 5)
                cluster.processes[worker.name] = nil
                try? FileManager.default.removeItem(atPath: cluster.path("cache-\(worker.name)"))
                try? FileManager.default.removeItem(atPath: cluster.path("\(worker.name).log"))
                return true
            }
            if alive.count < 4 {
                joins += 1
                let name = "churn-\(joins)"
                try cluster.start(name, ["worker", "--connect", cluster.endpoint, "--id", name, "--jobs", "4", "--cache-dir", cluster.path("cache-\(name)"), "--stay"])
                alive.append((name, Date()))
            }
            if cluster.processes["status"]?.isRunning != true {
                try cluster.start("status", ["status", "--store", cluster.store])
                statusRuns += 1
            }
            if Date().timeIntervalSince(lastSample) >= 1 {
                lastSample = Date()
                if let kb = Self.residentKB(pid) { memory.append(kb) }
                wal.append(Int((try? FileManager.default.attributesOfItem(atPath: cluster.store + "-wal")[.size] as? Int) ?? 0))
            }
            usleep(20_000)
        }
        for worker in alive { cluster.signal(worker.name, SIGKILL) }
        try cluster.worker("finisher", ["--jobs", "16"])
        #expect(cluster.wait("coordinator", seconds: 600), "\(cluster.log("coordinator").suffix(2000))")
        let store = try Store(path: cluster.store, readOnly: true)
        let (results, _) = try store.resultCounts()
        #expect(try store.status().counts[.done] == jobs)
        #expect(results.count == jobs && results.values.allSatisfy { $0 == 1 }, "a job lost or counted twice")
        let registered = cluster.log("coordinator").split(separator: "\n").filter { $0.contains("ready:") }.count
        #expect(registered >= Self.cycles, "\(registered) registrations for \(Self.cycles) workers")
        #expect(try store.status().workers.count <= 100 + 5, "the worker table grows with churn: the latest 100 lost and the live ones")
        // No upward trend: the last third's mean within 20 % (and 10 MB) of the middle third's.
        let third = memory.count / 3
        #expect(third >= 3, "too few memory samples: \(memory)")
        let middle = Double(memory[third..<(2 * third)].reduce(0, +)) / Double(third)
        let last = Double(memory[(memory.count - third)...].reduce(0, +)) / Double(third)
        #expect(last <= middle * 1.2 + 10_240, "memory grows: \(memory)")
        print("churn: \(Self.cycles) workers joined and left, \(registered) registrations, \(memory.count) s; coordinator RSS first \(memory.first ?? 0) KB, middle third mean \(Int(middle)) KB, "
            + "last third mean \(Int(last)) KB, max \(memory.max() ?? 0) KB; WAL max \(wal.max() ?? 0) bytes with \(statusRuns) status reads; "
            + "\(try store.status().workers.count) worker rows")
    }
}
