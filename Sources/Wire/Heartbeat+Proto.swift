internal import GridProto

extension Heartbeat {
    init(proto p: Transfergrid__V1__Heartbeat, at path: String) throws(WireError) {
        var ids: [String] = []
        for (index, id) in ProtoField.elements(p.running_job_ids, p.n_running_job_ids).enumerated() {
            ids.append(try ProtoField.string(id, "\(path).running_job_ids[\(index)]"))
        }
        self.init(
            sentAtUnixMilliseconds: try ProtoField.required(p.has_sent_at_unix_ms, p.sent_at_unix_ms, "\(path).sent_at_unix_ms"),
            runningJobIDs: ids)
    }

    func proto(in arena: ProtoArena) -> UnsafeMutablePointer<Transfergrid__V1__Heartbeat> {
        let message = arena.message(transfergrid__v1__heartbeat__init)
        message.pointee.has_sent_at_unix_ms = 1
        message.pointee.sent_at_unix_ms = sentAtUnixMilliseconds
        message.pointee.n_running_job_ids = runningJobIDs.count
        message.pointee.running_job_ids = arena.array(runningJobIDs.map { Optional(arena.string($0)) })
        return message
    }
}
