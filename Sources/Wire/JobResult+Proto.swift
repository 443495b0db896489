internal import Core
internal import GridProto

extension JobResult {
    /// A result carries either the evaluation fields (n_correct, n_total, correctness) or the
    /// training fields (output, final_loss), all of one group and none of the other.
    init(proto p: Transfergrid__V1__Result, at path: String) throws(WireError) {
        let hasEvaluation = p.has_n_correct != 0 || p.has_n_total != 0 || p.has_correctness != 0
        let hasArtifact = p.output != nil || p.has_final_loss != 0
        let outcome: Outcome
        switch (hasEvaluation, hasArtifact) {
        case (true, true):
            throw .invalid(path, "carries both evaluation counts and a training artifact")
        case (false, false):
            throw WireError(.missingField, field: path, "carries neither evaluation counts nor a training artifact")
        case (true, false):
            let correct = try ProtoField.required(p.has_n_correct, p.n_correct, "\(path).n_correct")
            let total = try ProtoField.required(p.has_n_total, p.n_total, "\(path).n_total")
            let packed = try ProtoField.bytes(p.has_correctness, p.correctness, "\(path).correctness")
            let bits: CorrectnessBits
            do { bits = try CorrectnessBits(packed: packed, count: Int(total)) } catch {
                throw .invalid("\(path).correctness", error.detail)
            }
            guard bits.correctCount == Int(correct) else {
                throw .invalid("\(path).n_correct", "says \(correct) but correctness has \(bits.correctCount) bits set")
            }
            outcome = .evaluation(bits)
        case (false, true):
            outcome = .artifact(
                try ProtoField.message(p.output, "\(path).output") { (value) throws(WireError) in
                    try ArtifactRef(proto: value, at: "\(path).output")
                },
                finalLoss: try ProtoField.required(p.has_final_loss, p.final_loss, "\(path).final_loss"))
        }
        self.init(
            jobID: try ProtoField.string(p.job_id, "\(path).job_id"),
            attempt: try ProtoField.required(p.has_attempt, p.attempt, "\(path).attempt"),
            outcome: outcome,
            durationMilliseconds: try ProtoField.required(p.has_duration_ms, p.duration_ms, "\(path).duration_ms"))
        if p.has_questions_digest != 0 {
            guard case .evaluation = outcome else { throw .invalid("\(path).questions_digest", "only an evaluation names a question set") }
            questionsDigest = try ProtoField.digest(p.has_questions_digest, p.questions_digest, "\(path).questions_digest")
        }
    }

    func proto(in arena: ProtoArena) -> UnsafeMutablePointer<Transfergrid__V1__Result> {
        let message = arena.message(transfergrid__v1__result__init)
        message.pointee.job_id = arena.string(jobID)
        message.pointee.has_attempt = 1
        message.pointee.attempt = attempt
        switch outcome {
        case let .evaluation(bits):
            message.pointee.has_n_correct = 1
            message.pointee.n_correct = UInt32(truncatingIfNeeded: bits.correctCount)
            message.pointee.has_n_total = 1
            message.pointee.n_total = UInt32(truncatingIfNeeded: bits.count)
            message.pointee.has_correctness = 1
            message.pointee.correctness = arena.bytes(bits.packed)
        case let .artifact(ref, finalLoss):
            message.pointee.output = ref.proto(in: arena)
            message.pointee.has_final_loss = 1
            message.pointee.final_loss = finalLoss
        }
        if let questionsDigest {
            message.pointee.has_questions_digest = 1
            message.pointee.questions_digest = arena.bytes(questionsDigest.bytes)
        }
        message.pointee.has_duration_ms = 1
        message.pointee.duration_ms = durationMilliseconds
        return message
    }
}
