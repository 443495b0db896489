public import Foundation

/// A child process with its standard output and error appended to a log file.
public enum ChildProcess {
    /// This process's own executable (`/proc/self/exe`).
    public static var currentExecutable: String {
        (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? CommandLine.arguments[0]
    }

    /// Starts `executable` with `arguments`, its output appended to `log` (made, with its
    /// folder, when missing). The child gets SIGINT and SIGTERM unblocked, whatever the mask of
    /// the calling thread (a child inherits it, and one that blocks SIGTERM cannot be stopped).
    public static func launch(_ executable: String, _ arguments: [String], log: URL) throws(LocalGridError) -> Process {
        var stopSignals = sigset_t()
        sigemptyset(&stopSignals)
        sigaddset(&stopSignals, SIGINT)
        sigaddset(&stopSignals, SIGTERM)
        pthread_sigmask(SIG_UNBLOCK, &stopSignals, nil)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        do {
            try FileManager.default.createDirectory(at: log.deletingLastPathComponent(), withIntermediateDirectories: true)
            if !FileManager.default.fileExists(atPath: log.path) { _ = FileManager.default.createFile(atPath: log.path, contents: nil) }
            let handle = try FileHandle(forWritingTo: log)
            handle.seekToEndOfFile()
            process.standardOutput = handle
            process.standardError = handle
            try process.run()
        } catch {
            throw LocalGridError("cannot start `\(executable) \(arguments.joined(separator: " "))`: \(error.localizedDescription)")
        }
        return process
    }
}
