/// What one forward pass over a batch gives.
public struct ForwardResult: Sendable {
    /// Mean cross-entropy over the batch, over each question's valid options.
    public var loss: Float
    /// Predicted option per question (the highest logit among its valid options; ties go to
    /// the first).
    public var predictions: [Int]
    /// Whether each prediction equals the answer.
    public var correct: [Bool]
    /// batch x options logits, row-major (invalid options included, as computed).
    public var logits: [Float]
}
