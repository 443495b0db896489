public import Core

/// A command this worker runs for the jobs of one model: configured on the worker (`--runner
/// MODEL=COMMAND` or a runners file), never sent by a coordinator. The command is an argument
/// vector run directly, never through a shell, so nothing in a job can become a command.
public struct RunnerCommand: Hashable, Sendable {
    public let model: ModelName
    /// The program and its arguments.
    public let arguments: [String]
    /// A job still running after this long is stopped (its whole process group) and failed.
    public var timeoutSeconds: Double

    public static let defaultTimeoutSeconds = 24.0 * 3600

    public init(model: ModelName, arguments: [String], timeoutSeconds: Double = defaultTimeoutSeconds) {
        self.model = model
        self.arguments = arguments
        self.timeoutSeconds = timeoutSeconds
    }

    /// Reads `MODEL=COMMAND`: the command split at spaces (a runners file takes arguments that
    /// hold spaces). The error says what is wrong and how to write it.
    public init(parsing text: String, timeoutSeconds: Double = defaultTimeoutSeconds) throws(WorkerError) {
        guard let equals = text.firstIndex(of: "=") else {
            throw WorkerError("--runner \"\(text)\" has no '='; write MODEL=COMMAND, such as tinyvlm='python3 runners/reference/runner.py'")
        }
        let name = String(text[..<equals]), command = text[text.index(after: equals)...]
        let arguments = command.split(separator: " ", omittingEmptySubsequences: true).map(String.init)
        guard !arguments.isEmpty else { throw WorkerError("--runner \(name)= gives no command; write MODEL=COMMAND") }
        try self.init(model: name, arguments: arguments, timeoutSeconds: timeoutSeconds)
    }

    /// A runner for the model named `name`, checked: a model name that is not an engine size.
    public init(model name: String, arguments: [String], timeoutSeconds: Double) throws(WorkerError) {
        if let problem = ModelName.problem(with: name) { throw WorkerError("runner model: \(problem)") }
        guard let model = ModelName(name), model.engineSize == nil else {
            throw WorkerError("runner model \(name) is an engine size, which the engine runs; give the runner's model a name of its own")
        }
        guard !arguments.isEmpty, !arguments[0].isEmpty else { throw WorkerError("the runner of \(name) has no command") }
        guard timeoutSeconds > 0, timeoutSeconds.isFinite else {
            throw WorkerError("the runner of \(name) has timeout \(timeoutSeconds) s; give a positive number of seconds")
        }
        self.init(model: model, arguments: arguments, timeoutSeconds: timeoutSeconds)
    }
}
