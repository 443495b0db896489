internal import Glibc

/// AdamW with linear warmup and cosine decay, and global gradient-norm clipping.
public struct TrainingSettings: Hashable, Sendable {
    public var steps: Int
    public var learningRate: Float
    public var warmupSteps: Int
    public var weightDecay: Float
    /// Clip the global gradient norm to this; 0 turns clipping off.
    public var gradClip: Float
    public var beta1: Float = 0.9
    public var beta2: Float = 0.999
    public var epsilon: Float = 1e-8

    public init(steps: Int, learningRate: Float, warmupSteps: Int = 0, weightDecay: Float = 0.01, gradClip: Float = 1) {
        self.steps = steps
        self.learningRate = learningRate
        self.warmupSteps = warmupSteps
        self.weightDecay = weightDecay
        self.gradClip = gradClip
    }

    /// The learning rate of step `step` (1-based): linear warmup to `learningRate`, then a
    /// cosine decay to 0 at `steps`.
    public func learningRate(atStep step: Int) -> Float {
        if warmupSteps > 0 && step <= warmupSteps {
            return learningRate * Float(step) / Float(warmupSteps)
        }
        let decaySteps = max(steps - warmupSteps, 1)
        let progress = min(Float(step - warmupSteps) / Float(decaySteps), 1)
        return learningRate * 0.5 * (1 + cosf(.pi * progress))
    }
}
