/// Which version of each task's question generator a job uses. A generator changes only by
/// gaining a version: every version stays what it was, so a stored grid's cells stay
/// reproducible bit for bit, and a grid asks for a newer version by name (`task_versions`).
public struct TaskVersions: Hashable, Sendable, CustomStringConvertible {
    /// One version per task in `PerceptionTask.allCases` order; empty: version 1 everywhere.
    public private(set) var values: [UInt32]

    /// Version 1 of every task.
    public static let initial = TaskVersions()

    public init() { values = [] }

    /// The given versions; tasks left out keep version 1.
    public init(_ versions: [PerceptionTask: Int]) {
        let all = PerceptionTask.allCases.map { UInt32(clamping: versions[$0] ?? 1) }
        values = all.allSatisfy { $0 == 1 } ? [] : all
    }

    /// As the wire carries them (`Hyperparameters.task_versions`), unchecked: Wire's decoder
    /// judges them. (A full list of ones is none; any other list is kept as it came.)
    public init(wire values: [UInt32]) {
        self.values = values.count == PerceptionTask.allCases.count && values.allSatisfy { $0 == 1 } ? [] : values
    }

    /// The task's version (a list `validate` would refuse reads as version 1 where it is short).
    public subscript(task: PerceptionTask) -> Int {
        let index = task.rawValue - 1
        return values.indices.contains(index) ? Int(values[index]) : 1
    }

    /// Version 1 of every task.
    public var isInitial: Bool { values.isEmpty }

    /// The tasks not at version 1: "FD 2"; "all 1" when none.
    public var description: String {
        let changed = PerceptionTask.allCases.filter { self[$0] != 1 }
        return changed.isEmpty ? "all 1" : changed.map { "\($0.abbreviation) \(self[$0])" }.joined(separator: ", ")
    }
}

extension PerceptionTask {
    /// The newest version of the task's question generator this build makes (`TaskVersions`).
    public var latestVersion: Int {
        switch self {
        case .forensicDetection: 3
        default: 1
        }
    }
}
