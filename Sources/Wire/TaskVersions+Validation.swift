internal import Core

extension TaskVersions {
    /// One version per task, each from 1 to the task's latest.
    func validate(at path: String) throws(WireError) {
        guard !values.isEmpty else { return }
        let tasks = PerceptionTask.allCases
        guard values.count == tasks.count else {
            throw .invalid(path, "\(values.count) version(s); give one per task (\(tasks.count)) or none")
        }
        for task in tasks where !(1...task.latestVersion).contains(self[task]) {
            throw .invalid(path, "\(task.abbreviation) version \(self[task]); this build knows versions 1 to \(task.latestVersion)")
        }
    }
}
