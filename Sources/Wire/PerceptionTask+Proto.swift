internal import Core
internal import GridProto

extension PerceptionTask {
    // The wire enum numbers the tasks 1...13 in the same order as `PerceptionTask.rawValue`;
    // the round-trip tests check every case.
    init(proto: Transfergrid__V1__Task, at field: String) throws(WireError) {
        guard let task = PerceptionTask(rawValue: Int(proto.rawValue)) else {
            throw WireError(.unknownEnumValue, field: field, "Task \(proto.rawValue) is not defined")
        }
        self = task
    }

    var proto: Transfergrid__V1__Task {
        Transfergrid__V1__Task(rawValue: numericCast(rawValue))
    }
}
