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
        model.zeroGradients()
        let result = try model.forward(batch)
        model.backward()
        let rate = settings.learningRate(atStep: optimizer.stepCount + 1)
        let norm = optimizer.step(learningRate: rate)
        let accuracy = Float(result.correct.filter { $0 }.count) / Float(result.correct.count)
        return StepResult(loss: result.loss, accuracy: accuracy, gradientNorm: norm, learningRate: rate)
    }
}
