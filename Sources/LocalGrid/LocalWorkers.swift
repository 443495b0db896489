internal import Foundation

/// Worker processes on this machine, each with its own folder under `directory` (its cache and
/// `worker.log`). One that exits while the grid still needs it is started again (its jobs go
/// back to the queue when the coordinator notices), up to `maxRestarts` in all; past that the
/// pool has given up.
public struct LocalWorkers {
    public let executable: String
    public let count: Int
    public let directory: String
    public let maxRestarts: Int
    /// The arguments of worker `n` (0-based), given its folder.
    public let arguments: @Sendable (_ n: Int, _ folder: String) -> [String]
    private var processes: [Process?] = []
    public private(set) var restarts = 0

    public init(executable: String, count: Int, directory: String, maxRestarts: Int = 5,
                arguments: @escaping @Sendable (_ n: Int, _ folder: String) -> [String]) {
        self.executable = executable
        self.count = count
        self.directory = directory
        self.maxRestarts = maxRestarts
        self.arguments = arguments
    }

    /// `transfergrid worker` processes of `executable`, one job each, joining `endpoint`.
    public static func transfergrid(_ executable: String, endpoint: String, count: Int, directory: String) -> LocalWorkers {
        LocalWorkers(executable: executable, count: count, directory: directory) { n, folder in
            ["worker", "--connect", endpoint, "--id", "local-\(n)", "--jobs", "1", "--cache-dir", folder]
        }
    }

    /// Whether workers kept dying: more than `maxRestarts` restarts.
    public var givenUp: Bool { restarts > maxRestarts }
    /// Workers whose process is running now.
    public var running: Int { processes.compactMap { $0 }.filter(\.isRunning).count }

    public mutating func start() throws(LocalGridError) {
        processes = []
        for n in 0..<count { processes.append(try launch(n)) }
    }

    private func launch(_ n: Int) throws(LocalGridError) -> Process {
        let folder = URL(fileURLWithPath: directory).appendingPathComponent("\(n)")
        return try ChildProcess.launch(executable, arguments(n, folder.path), log: folder.appendingPathComponent("worker.log"))
    }

    /// Restarts workers that exited while the grid still needs them (not while `stopping`);
    /// says what happened, or nil when nothing did.
    public mutating func check(stopping: Bool) -> String? {
        guard !stopping else { return nil }
        var notes: [String] = []
        for (n, process) in processes.enumerated() {
            guard let process, !process.isRunning else { continue }
            if givenUp { processes[n] = nil; continue }
            restarts += 1
            notes.append("local worker \(n) exited (status \(process.terminationStatus)); starting it again")
            processes[n] = try? launch(n)
        }
        return notes.isEmpty ? nil : notes.joined(separator: "\n")
    }

    /// Waits up to `grace` seconds for the workers to leave (they do once the coordinator says
    /// the grid is complete or goes away); with `force` sends them SIGTERM at once. Whatever
    /// still runs then gets SIGTERM, and SIGKILL 2 s later.
    public func stop(force: Bool, grace: Double = 10) {
        let running = processes.compactMap { $0 }.filter(\.isRunning)
        if force { running.forEach { $0.terminate() } }
        let deadline = Date().addingTimeInterval(grace)
        while running.contains(where: \.isRunning), Date() < deadline { Thread.sleep(forTimeInterval: 0.1) }
        for process in running where process.isRunning {
            process.terminate()
            Thread.sleep(forTimeInterval: 2)
            if process.isRunning { kill(process.processIdentifier, SIGKILL) }
        }
        running.forEach { $0.waitUntilExit() }
    }
}
