import Core
import Foundation
import Grid
import Store
import Testing

/// A full disk on the head node, made by the test: the store on a small tmpfs mounted for the
/// test (removed after) and a file written into it until the disk refuses more.
@Suite(.serialized) struct FullDiskTests {
    static var canMount: Bool {
        let probe = FileManager.default.temporaryDirectory.appendingPathComponent("mount-probe-\(getpid())").path
        defer { _ = run("/bin/umount", [probe]); try? FileManager.default.removeItem(atPath: probe) }
        try? FileManager.default.createDirectory(atPath: probe, withIntermediateDirectories: true)
        return run("/bin/mount", ["-t", "tmpfs", "-o", "size=1m", "tmpfs", probe]) == 0
    }

    @discardableResult
    static func run(_ tool: String, _ arguments: [String]) -> Int32 {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: tool)
        process.arguments = arguments
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        guard (try? process.run()) != nil else { return -1 }
        process.waitUntilExit()
        return process.terminationStatus
    }

    /// A folder of `cluster` with a tmpfs of `megabytes` mounted on it; `unmount` removes it.
    static func smallDisk(_ cluster: Cluster, _ name: String, megabytes: Int) throws -> String {
        let disk = cluster.path(name)
        try FileManager.default.createDirectory(atPath: disk, withIntermediateDirectories: true)
        #expect(run("/bin/mount", ["-t", "tmpfs", "-o", "size=\(megabytes)m", "tmpfs", disk]) == 0)
        return disk
    }

    static func unmount(_ disk: String) { run("/bin/umount", ["-l", disk]) }

    /// Writes zeros into `file` until the disk refuses.
    static func fill(_ file: String) {
        guard FileManager.default.createFile(atPath: file, contents: nil), let handle = FileHandle(forWritingAtPath: file) else { return }
        let block = Data(count: 64 << 10)
        while (try? handle.write(contentsOf: block)) != nil {}
        try? handle.close()
    }

    /// The disk fills in the middle of the grid: the coordinator refuses what it cannot commit
    /// and says so, `status` names the folder and the space needed; once the file is removed
    /// the grid goes on by itself and ends with one committed result per cell and the scores of
    /// an undisturbed run.
    /// The `smoke` grid's scores undisturbed (computed once).
    nonisolated(unsafe) static var reference: [[String: [UInt8]]]?

    func reference() throws -> [[String: [UInt8]]] {
        if let reference = Self.reference { return reference }
        let clean = try Cluster("disk-clean")
        try clean.coordinator()
        try clean.worker("solo")
        #expect(clean.wait("coordinator", seconds: 120))
        let scores = try Store(path: clean.store, readOnly: true).evaluations().map { [$0.job: $0.correctness] }
        Self.reference = scores
        return scores
    }

    @Test(.enabled(if: canMount, "needs root to mount a tmpfs (CI runs as root)"))
    func aFullDiskOnTheHeadNodePausesTheGridAndLosesNothing() throws {
        let reference = try reference()

        let cluster = try Cluster("disk")
        let disk = try Self.smallDisk(cluster, "disk", megabytes: 8)
        defer { Self.unmount(disk) }
        let store = disk + "/grid.db"
        try cluster.start("coordinator", ["coordinator", "--preset", "smoke", "--store", store, "--bind", cluster.endpoint])
        try cluster.worker("w1")
        #expect(cluster.until(seconds: 60) { ((try? Store(path: store, readOnly: true).status().counts[.done]) ?? 0) >= 2 })
        Self.fill(disk + "/filler")
        #expect(cluster.until(seconds: 60) {
            let log = cluster.log("coordinator")
            return log.contains("cannot commit: the disk refused a write to \(store)") || log.contains("cannot write \(store).artifacts/")
        }, "\(cluster.log("coordinator"))")
        try cluster.start("status", ["status", "--store", store])
        #expect(cluster.wait("status", seconds: 30))
        #expect(cluster.log("status").contains("the disk of \(disk) has "), "\(cluster.log("status"))")
        #expect(cluster.log("status").contains(" a coordinator wants (its largest artifact and the database)"), "\(cluster.log("status"))")
        let stalledAt = try Store(path: store, readOnly: true).status().counts[.done] ?? 0
        #expect(stalledAt < 25, "the grid finished before the disk filled; nothing was tested")
        try FileManager.default.removeItem(atPath: disk + "/filler")
        #expect(cluster.wait("coordinator", seconds: 180), "\(cluster.log("coordinator"))")
        #expect(cluster.exitCode("coordinator") == 0, "\(cluster.log("coordinator"))")
        let after = try Store(path: store, readOnly: true)
        let (results, _) = try after.resultCounts()
        #expect(results.count == 20 && results.values.allSatisfy { $0 == 1 }, "\(results)")
        #expect(try after.evaluations().map { [$0.job: $0.correctness] } == reference, "scores differ from an undisturbed run")
    }

    /// A worker whose cache's disk fills: it announces no slot and says so, the job it could
    /// not finish goes back not counted, another worker takes the jobs, and the grid ends with
    /// the scores of an undisturbed run.
    @Test(.enabled(if: canMount, "needs root to mount a tmpfs (CI runs as root)"))
    func aFullDiskOnAWorkerSendsItsJobsToOthers() throws {
        let reference = try reference()
        let cluster = try Cluster("worker-disk")
        let disk = try Self.smallDisk(cluster, "tight-cache", megabytes: 4)
        defer { Self.unmount(disk) }
        try cluster.coordinator(["--max-attempts", "1"])
        try cluster.start("tight", ["worker", "--connect", cluster.endpoint, "--id", "tight", "--cache-dir", disk, "--min-free-mb", "1",
                                    "--execution-log", cluster.path("exec-tight.log")])
        #expect(cluster.until(seconds: 60) { !cluster.executions("tight").isEmpty })
        Self.fill(disk + "/filler")
        #expect(cluster.until(seconds: 30) { cluster.log("tight").contains("taking no job until the cache's disk has 1.0 MB free") },
                "\(cluster.log("tight"))")
        try cluster.worker("roomy")
        #expect(cluster.wait("coordinator", seconds: 180), "\(cluster.log("coordinator"))")
        #expect(cluster.exitCode("coordinator") == 0, "--max-attempts 1, yet nothing failed: \(cluster.log("coordinator"))")
        let store = try Store(path: cluster.store, readOnly: true)
        #expect(try store.status().counts[.done] == 25)
        #expect(try store.evaluations().map { [$0.job: $0.correctness] } == reference, "scores differ from an undisturbed run")
    }
}
