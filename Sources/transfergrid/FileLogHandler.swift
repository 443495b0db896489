import Foundation
import Logging
import Synchronization

/// A swift-log handler that appends lines to a file: `run` keeps its embedded coordinator's log
/// there, so that the terminal shows the progress display alone.
struct FileLogHandler: LogHandler {
    final class Sink: Sendable {
        private let handle: Mutex<FileHandle>

        init(path: String) throws {
            if !FileManager.default.fileExists(atPath: path) { _ = FileManager.default.createFile(atPath: path, contents: nil) }
            do {
                let file = try FileHandle(forWritingTo: URL(fileURLWithPath: path))
                file.seekToEndOfFile()
                handle = Mutex(file)
            } catch {
                throw CLIError("cannot write the log \(path): \(error.localizedDescription)")
            }
        }

        func write(_ line: String) {
            handle.withLock { $0.write(Data(line.utf8)) }
        }
    }

    let label: String
    let sink: Sink
    var logLevel: Logger.Level = .info
    var metadata: Logger.Metadata = [:]

    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    /// One line: time, level, label, the metadata (the handler's and the event's, the event's
    /// winning) as sorted `key=value` pairs, then the message.
    func log(event: LogEvent) {
        let merged = metadata.merging(event.metadata ?? [:]) { _, new in new }
        let pairs = merged.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: " ")
        sink.write("\(Date().ISO8601Format()) \(event.level) \(label):\(pairs.isEmpty ? "" : " " + pairs) \(event.message)\n")
    }
}
