internal import Foundation
internal import Yams

/// A runners file (`transfergrid worker --runners FILE`): one entry per model, each with its
/// command as a list (so an argument may hold spaces) and an optional timeout in seconds:
///
///     qwen2.5-vl-3b:
///       command: [python3, /opt/runners/qwen_vl.py]
///       timeout: 14400
public enum RunnersFile {
    private struct Entry: Decodable {
        let command: [String]
        let timeout: Double?
    }

    public static func load(path: String, defaultTimeout: Double = RunnerCommand.defaultTimeoutSeconds) throws(WorkerError) -> [RunnerCommand] {
        guard let data = FileManager.default.contents(atPath: path), let text = String(data: data, encoding: .utf8) else {
            throw WorkerError("cannot read the runners file \(path); check the path")
        }
        let entries: [String: Entry]
        do {
            entries = try YAMLDecoder().decode([String: Entry].self, from: text)
        } catch {
            throw WorkerError("\(path) is not a runners file (MODEL: {command: [PROGRAM, ARGUMENT, ...], timeout: SECONDS}): \(error)")
        }
        var runners: [RunnerCommand] = []
        for (model, entry) in entries.sorted(by: { $0.key < $1.key }) {
            do {
                runners.append(try RunnerCommand(model: model, arguments: entry.command, timeoutSeconds: entry.timeout ?? defaultTimeout))
            } catch {
                throw WorkerError("\(path): \(error.message)")
            }
        }
        return runners
    }
}
