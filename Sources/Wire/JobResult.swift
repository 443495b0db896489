public import Core
/// Worker -> coordinator: a job finished. The worker keeps it until the coordinator ACKs it
/// (after committing it to the store) and sends it again after a reconnect.
public struct JobResult: Hashable, Sendable {
    /// What a job produced: counts for an evaluation, an artifact for training.
    public enum Outcome: Hashable, Sendable {
        /// EVALUATE: per-question correctness (the counts follow from it).
        case evaluation(CorrectnessBits)
        /// PRETRAIN / FINETUNE: the checkpoint or adapter produced, and the last training loss.
        case artifact(ArtifactRef, finalLoss: Float)

        public static func == (lhs: Outcome, rhs: Outcome) -> Bool {
            switch (lhs, rhs) {
            case let (.evaluation(a), .evaluation(b)): a == b
            case let (.artifact(a, lossA), .artifact(b, lossB)): a == b && lossA.bitPattern == lossB.bitPattern
            default: false
            }
        }

        public func hash(into hasher: inout Hasher) {
            switch self {
            case let .evaluation(bits): hasher.combine(bits)
            case let .artifact(ref, loss):
                hasher.combine(ref)
                hasher.combine(loss.bitPattern)
            }
        }
    }

    public var jobID: String
    public var attempt: UInt32
    public var outcome: Outcome
    public var durationMilliseconds: UInt64
    /// An evaluation by a runner: the question set it scored. nil for the engine's.
    public var questionsDigest: SHA256Digest?

    public init(jobID: String, attempt: UInt32, outcome: Outcome, durationMilliseconds: UInt64, questionsDigest: SHA256Digest? = nil) {
        self.jobID = jobID
        self.attempt = attempt
        self.outcome = outcome
        self.durationMilliseconds = durationMilliseconds
        self.questionsDigest = questionsDigest
    }

    /// Questions answered right, for an evaluation.
    public var correctCount: Int? {
        if case let .evaluation(bits) = outcome { return bits.correctCount }
        return nil
    }

    /// Questions asked, for an evaluation.
    public var totalCount: Int? {
        if case let .evaluation(bits) = outcome { return bits.count }
        return nil
    }

    public func validate(at path: String = "Result") throws(WireError) {
        try WireRules.identifier(jobID, at: "\(path).job_id")
        try WireRules.attempt(attempt, at: "\(path).attempt")
        if case let .evaluation(bits) = outcome, bits.count > Int(UInt32.max) {
            throw .invalid("\(path).n_total", "\(bits.count) questions exceed the wire's 32-bit count")
        }
        if questionsDigest != nil, case .artifact = outcome {
            throw .invalid("\(path).questions_digest", "only an evaluation names a question set")
        }
    }
}
