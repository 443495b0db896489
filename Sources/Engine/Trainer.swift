/// Trains a model: full training when it has no adapters (pretraining), LoRA finetuning when
/// it has (only the adapters are trainable then).
public final class Trainer {
    public let model: VisionLanguageModel
    public let settings: TrainingSettings
    private let optimizer: AdamW

    public init(model: VisionLanguageModel, settings: TrainingSettings) {
        self.model = model
        self.settings = settings
        optimizer = AdamW(parameters: model.trainableParameters, settings: settings)
    }

    public var stepsTaken: Int { optimizer.stepCount }

    public struct StepResult: Sendable {
        public var loss: Float
        public var accuracy: Float
        public var gradientNorm: Float
        public var learningRate: Float
    }

    /// One optimisation step on one batch.
    @discardableResult
    public func step(_ batch: ModelInput) throws(EngineError) -> StepResult {
        try step(parts: [batch])
    }

    /// One optimisation step on one batch given in parts (questions with different image
    /// counts, so that each part's sequence is only as long as it needs): the gradient of the
    /// mean loss over all their questions, as if they were one batch.
    @discardableResult
    public func step(parts: [ModelInput]) throws(EngineError) -> StepResult {
        let total = parts.reduce(0) { $0 + $1.batchSize }
        guard total > 0 else { throw EngineError(.invalidInput, "a training step needs at least one question") }
        model.zeroGradients()
        var loss: Float = 0
        var correct = 0
        for part in parts {
            let share = Float(part.batchSize) / Float(total)
            let result = try model.forward(part)
            model.backward(scale: share)
            loss += result.loss * share
            correct += result.correct.filter { $0 }.count
        }
        let rate = settings.learningRate(atStep: optimizer.stepCount + 1)
        let norm = optimizer.step(learningRate: rate)
        return StepResult(loss: loss, accuracy: Float(correct) / Float(total), gradientNorm: norm, learningRate: rate)
    }
}
