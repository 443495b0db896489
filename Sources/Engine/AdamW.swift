internal import Glibc

/// AdamW (decoupled weight decay, as PyTorch's `torch.optim.AdamW`) over a fixed set of
/// parameters, with its moment buffers allocated once. Weight decay applies to matrices
/// (rank-2 tensors), not to biases or normalisation gains.
final class AdamW {
    private let parameters: [Parameter]
    private let first: [Tensor]
    private let second: [Tensor]
    private let settings: TrainingSettings
    private(set) var stepCount = 0

    init(parameters: [Parameter], settings: TrainingSettings) {
        self.parameters = parameters
        self.settings = settings
        first = parameters.map { Tensor(shape: $0.shape) }
        second = parameters.map { Tensor(shape: $0.shape) }
    }

    /// The global L2 norm of the gradients.
    func gradientNorm() -> Float {
        var total: Double = 0
        for p in parameters { total += Double(Vector.dot(p.gradient.pointer, p.gradient.pointer, count: p.gradient.count)) }
        return Float(total.squareRoot())
    }

    /// Clips the gradients to `settings.gradClip` and applies one update at `learningRate`.
    /// - Returns: the gradient norm before clipping.
    @discardableResult
    func step(learningRate: Float) -> Float {
        stepCount += 1
        let norm = gradientNorm()
        let clipScale: Float = settings.gradClip > 0 && norm > settings.gradClip ? settings.gradClip / (norm + 1e-6) : 1
        let (b1, b2, eps) = (settings.beta1, settings.beta2, settings.epsilon)
        let correction1 = 1 - powf(b1, Float(stepCount))
        let correction2 = 1 - powf(b2, Float(stepCount))
        let stepSize = learningRate / correction1
        let inverseRoot2 = 1 / correction2.squareRoot()
        for (index, p) in parameters.enumerated() {
            let decay: Float = p.shape.count >= 2 ? 1 - learningRate * settings.weightDecay : 1
            let (w, g, m, v) = (p.value.pointer, p.gradient.pointer, first[index].pointer, second[index].pointer)
            var i = 0
            let n = p.value.count
            while i + 8 <= n {
                let grad = Vector.load(g, i) * clipScale
                let m1 = b1 * Vector.load(m, i) + (1 - b1) * grad
                let v1 = b2 * Vector.load(v, i) + (1 - b2) * grad * grad
                Vector.store(m1, m, i)
                Vector.store(v1, v, i)
                let denominator = v1.squareRoot() * inverseRoot2 + eps
                Vector.store(Vector.load(w, i) * decay - stepSize * m1 / denominator, w, i)
                i += 8
            }
            while i < n {
                let grad = g[i] * clipScale
                m[i] = b1 * m[i] + (1 - b1) * grad
                v[i] = b2 * v[i] + (1 - b2) * grad * grad
                w[i] = w[i] * decay - stepSize * m[i] / (v[i].squareRoot() * inverseRoot2 + eps)
                i += 1
            }
        }
        return norm
    }
}
