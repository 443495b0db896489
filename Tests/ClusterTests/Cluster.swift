import Foundation
import Testing

/// Real coordinator and worker processes on loopback, from the built `transfergrid`, each in a
/// scratch folder with its own log; killed at the end whatever happened.
final class Cluster {
    let directory: URL
    let port: Int
    /// The coordinator's address: loopback, or its network-namespace host's address.
    var address = "127.0.0.1"
    var processes: [String: Process] = [:]

    static var binary: URL {
        let candidates = [
            ProcessInfo.processInfo.environment["TRANSFERGRID_BIN"].map { URL(fileURLWithPath: $0) },
            Bundle.main.executableURL?.deletingLastPathComponent().appendingPathComponent("transfergrid"),
            URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("transfergrid"),
            Bundle.main.bundleURL.deletingLastPathComponent().appendingPathComponent("transfergrid"),
        ].compactMap { $0 }
        return candidates.first { FileManager.default.isExecutableFile(atPath: $0.path) } ?? candidates[candidates.count - 1]
    }

    init(_ name: String) throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("cluster-\(name)-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        port = Self.freePort()
    }

    /// A port no socket holds now, below Linux's ephemeral range (32768 and up), where the
    /// ports of outgoing connections come from: a random port there was once taken already
    /// and the coordinator under test could not bind it.
    static func freePort() -> Int {
        for _ in 0..<100 {
            let port = Int.random(in: 20_000..<32_768)
            let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
            guard fd >= 0 else { continue }
            defer { close(fd) }
            var address = sockaddr_in()
            address.sin_family = sa_family_t(AF_INET)
            address.sin_port = in_port_t(UInt16(port).bigEndian)
            address.sin_addr = in_addr(s_addr: INADDR_ANY)
            let bound = withUnsafePointer(to: &address) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
            }
            if bound == 0 { return port }
        }
        return Int.random(in: 20_000..<32_768)
    }

    deinit {
        for process in processes.values where process.isRunning { kill(process.processIdentifier, SIGKILL) }
    }

    var endpoint: String { "tcp://\(address):\(port)" }
    var store: String { directory.appendingPathComponent("grid.db").path }
    func path(_ name: String) -> String { directory.appendingPathComponent(name).path }

    /// Starts `transfergrid ARGS`, output to `<name>.log`; inside network namespace `host` when
    /// given (`ip netns exec` replaces itself with the binary, so the process is the binary),
    /// with `environment` added to this process's.
    @discardableResult
    func start(_ name: String, _ arguments: [String], host: String? = nil, environment: [String: String] = [:]) throws -> Process {
        let process = Process()
        if !environment.isEmpty {
            process.environment = ProcessInfo.processInfo.environment.merging(environment) { _, new in new }
        }
        if let host {
            process.executableURL = URL(fileURLWithPath: NetworkHosts.ip)
            process.arguments = ["netns", "exec", host, Self.binary.path] + arguments
        } else {
            process.executableURL = Self.binary
            process.arguments = arguments
        }
        process.currentDirectoryURL = directory
        let log = path("\(name).log")
        _ = FileManager.default.createFile(atPath: log, contents: nil)
        let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: log))
        try handle.seekToEnd()
        process.standardOutput = handle
        process.standardError = handle
        try process.run()
        processes[name] = process
        return process
    }

    func coordinator(_ extra: [String] = [], name: String = "coordinator", host: String? = nil) throws {
        try start(name, ["coordinator", "--preset", "smoke", "--store", store, "--bind", endpoint] + extra, host: host)
    }

    func worker(_ id: String, _ extra: [String] = [], host: String? = nil, name: String? = nil, environment: [String: String] = [:]) throws {
        try start(name ?? id, ["worker", "--connect", endpoint, "--id", id, "--cache-dir", path("cache-\(id)"),
                       "--execution-log", path("exec-\(id).log")] + extra, host: host, environment: environment)
    }

    func log(_ name: String) -> String { (try? String(contentsOfFile: path("\(name).log"), encoding: .utf8)) ?? "" }

    /// Job ids started by a worker, in order (one line per execution).
    func executions(_ id: String) -> [String] {
        ((try? String(contentsOfFile: path("exec-\(id).log"), encoding: .utf8)) ?? "")
            .split(separator: "\n").map { String($0.split(separator: " ")[0]) }
    }

    /// Waits for a process to end; false on timeout.
    func wait(_ name: String, seconds: Double) -> Bool {
        guard let process = processes[name] else { return true }
        let deadline = Date().addingTimeInterval(seconds)
        while process.isRunning, Date() < deadline { usleep(20_000) }
        return !process.isRunning
    }

    /// Polls until `condition` holds; false on timeout.
    func until(seconds: Double, _ condition: () -> Bool) -> Bool {
        let deadline = Date().addingTimeInterval(seconds)
        while Date() < deadline {
            if condition() { return true }
            usleep(20_000)
        }
        return condition()
    }

    /// Whether `python3 -c CODE` runs cleanly here (the Python packages a test needs are installed).
    static func python(_ code: String) -> Bool {
        let probe = Process()
        probe.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        probe.arguments = ["python3", "-c", code]
        probe.standardError = FileHandle.nullDevice
        probe.standardOutput = FileHandle.nullDevice
        guard (try? probe.run()) != nil else { return false }
        probe.waitUntilExit()
        return probe.terminationStatus == 0
    }

    func signal(_ name: String, _ signal: Int32) {
        if let process = processes[name], process.isRunning { kill(process.processIdentifier, signal) }
    }

    func exitCode(_ name: String) -> Int32? {
        guard let process = processes[name], !process.isRunning else { return nil }
        return process.terminationStatus
    }

    /// Whether a line of `name`'s log says the coordinator declared `worker` lost: the worker
    /// goes as metadata (`worker.id=ID`), the words as the message.
    func declaredLost(_ worker: String, in name: String = "coordinator") -> Bool {
        log(name).split(separator: "\n").contains { $0.contains("worker.id=\(worker)") && $0.contains("worker silent for") }
    }
}
