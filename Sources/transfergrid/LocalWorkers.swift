import Foundation

/// `run`'s local worker processes: `transfergrid worker` children, one job each, each with its
/// own id and cache under `directory`. A worker that dies while the grid runs is started again
/// (its jobs go back to the queue when the coordinator notices), up to a limit.
struct LocalWorkers {
    let endpoint: String
    let count: Int
    let directory: String
    let maxRestarts = 5
    private var processes: [Process?] = []
    private var restarts = 0

    init(endpoint: String, count: Int, directory: String) {
        self.endpoint = endpoint
        self.count = count
        self.directory = directory
    }

    var givenUp: Bool { restarts > maxRestarts }

    mutating func start() throws {
        processes = try (0..<count).map { try launch($0) }
    }

    private func launch(_ n: Int) throws -> Process {
        let folder = URL(fileURLWithPath: directory).appendingPathComponent("\(n)")
        return try ChildProcess.launch(["worker", "--connect", endpoint, "--id", "local-\(n)", "--jobs", "1", "--cache-dir", folder.path],
                                       log: folder.appendingPathComponent("worker.log"))
    }

    /// Restarts workers that exited while the grid still needs them; says what happened.
    mutating func check(stopping: Bool) -> String? {
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

    /// Waits for the workers to leave (they do once the coordinator says the grid is complete
    /// or goes away); with `force`, or after 10 s, sends them SIGTERM, then SIGKILL.
    func stop(force: Bool) {
        let running = processes.compactMap { $0 }.filter(\.isRunning)
        if force { running.forEach { $0.terminate() } }
        let deadline = Date().addingTimeInterval(10)
        while running.contains(where: \.isRunning), Date() < deadline { Thread.sleep(forTimeInterval: 0.1) }
        for process in running where process.isRunning {
            process.terminate()
            Thread.sleep(forTimeInterval: 2)
            if process.isRunning { kill(process.processIdentifier, SIGKILL) }
        }
        running.forEach { $0.waitUntilExit() }
    }
}
