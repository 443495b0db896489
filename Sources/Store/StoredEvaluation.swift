/// One committed cell: an evaluation of a base model (source nil) or of a finetune.
public struct StoredEvaluation: Sendable, Equatable {
    public var job: String
    public var model: String
    public var seed: UInt64
    public var source: String?
    public var target: String
    public var correct: Int
    public var total: Int
    /// One bit per question, LSB first.
    public var correctness: [UInt8]
    public var worker: String
    public var attempt: Int
    /// A runner's evaluation: the hex digest of the question set it scored (nil: the engine's).
    public var questionsDigest: String? = nil
}
