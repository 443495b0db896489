import Core
import ArgumentParser
import Foundation
import Grid

extension TaskVersions {
    /// `--task-versions FD=3[,TASK=N...]`, checked as a grid's `task_versions`.
    static func parse(argument: String) throws -> TaskVersions {
        var named: [String: Int] = [:]
        for part in argument.split(separator: ",") {
            let pair = part.split(separator: "=").map { $0.trimmingCharacters(in: .whitespaces) }
            guard pair.count == 2, let version = Int(pair[1]) else {
                throw CLIError("--task-versions is \"\(argument)\"; give TASK=VERSION pairs, such as FD=3")
            }
            guard named.updateValue(version, forKey: pair[0]) == nil else { throw CLIError("--task-versions names \(pair[0]) twice") }
        }
        do { return try GridSpec.taskVersions(named, key: "--task-versions") } catch { throw CLIError(error.message) }
    }
}

/// `--task-versions`, as `tasks show`, `learn` and `probe` take it.
struct TaskVersionsOption: ParsableArguments {
    @Option(help: "Newer versions of some tasks' generators, TASK=VERSION such as FD=3 (a grid's task_versions; all 1 unless set).")
    var taskVersions: String?

    /// The versions named, checked; version 1 of every task when none are.
    func resolved() throws -> TaskVersions { try taskVersions.map(TaskVersions.parse(argument:)) ?? .initial }
}
