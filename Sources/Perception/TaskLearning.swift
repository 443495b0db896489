public import Engine
public import Core
/// Trains a fresh small model on one task alone and measures it on held-out questions: the
/// learnability check of the tasks.
public enum TaskLearning {
    public struct Result: Sendable {
        public var accuracy: Double
        public var finalLoss: Float
    }

    /// The small model's shape, with the tasks' vocabulary.
    public static var config: ModelConfig { ModelConfig.small }

    /// - Parameter progress: called every 200 steps with the step, the last loss and the
    ///   training accuracy over those 200 steps.
    public static func run(_ task: PerceptionTask, steps: Int, batch: Int, trainQuestions: Int, evalQuestions: Int,
                           learningRate: Float, warmup: Int, seed: UInt64, version: Int = 1, width: Int? = nil, depth: Int? = nil,
                           progress: ((_ step: Int, _ loss: Float, _ accuracy: Float) -> Void)? = nil) throws(EngineError) -> Result {
        var shape = config
        if let width { shape.width = width }
        if let depth { shape.depth = depth }
        let model = try VisionLanguageModel(config: shape, seed: seed &+ UInt64(task.rawValue))
        let trainer = Trainer(model: model, settings: TrainingSettings(steps: steps, learningRate: learningRate,
                                                                        warmupSteps: min(warmup, steps), weightDecay: 0.01, gradClip: 1))
        var loss: Float = 0
        var recent: [Float] = []
        for step in 0..<steps {
            let start = (step * batch) % trainQuestions
            let questions = (0..<batch).map { TaskGenerator.question(task, split: .train, index: start + $0, seed: seed, version: version) }
            let result = try trainer.step(Tokenizer.batch(questions, config: shape))
            loss = result.loss
            recent.append(result.accuracy)
            if (step + 1) % 200 == 0 {
                progress?(step + 1, loss, recent.reduce(0, +) / Float(recent.count))
                recent = []
            }
        }
        return Result(accuracy: try accuracy(model, task, questions: evalQuestions, seed: seed, version: version), finalLoss: loss)
    }

    /// Accuracy on the first `questions` evaluation questions.
    public static func accuracy(_ model: VisionLanguageModel, _ task: PerceptionTask, questions: Int, seed: UInt64, version: Int = 1) throws(EngineError) -> Double {
        var correct = 0
        var index = 0
        while index < questions {
            let count = min(64, questions - index)
            let batch = (index..<(index + count)).map { TaskGenerator.question(task, split: .evaluation, index: $0, seed: seed, version: version) }
            correct += try model.forward(Tokenizer.batch(batch, config: model.config)).correct.filter { $0 }.count
            index += count
        }
        return Double(correct) / Double(questions)
    }
}
