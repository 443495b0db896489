import Core
import Testing
@testable import Engine

/// Analytic gradients against central finite differences, per operation and for the whole
/// model with LoRA off and on.
///
/// The engine computes in Float32, so each check perturbs along a direction (the gradient's own
/// direction, whose derivative is |g|, and a random one) rather than one coordinate at a time,
/// and sums objectives in Double. Tolerance: |fd - analytic| <= 2 % of |g| + 1e-4.
@Suite struct GradientCheckTests {
    static let epsilon: Float = 1e-2

    /// Checks dObjective/dTensor along two directions.
    static func check(_ name: String, tensor: Tensor, gradient: [Float], objective: () -> Double,
                      sourceLocation: SourceLocation = #_sourceLocation) {
        var random = RandomSource(seed: UInt64(name.utf8.reduce(0) { $0 &* 31 &+ UInt64($1) }))
        let norm = gradient.reduce(0) { $0 + Double($1) * Double($1) }.squareRoot()
        let randomDirection = (0..<gradient.count).map { _ in random.normal() }
        let randomNorm = randomDirection.reduce(0) { $0 + Double($1) * Double($1) }.squareRoot()
        let directions: [[Float]] = [
            norm > 0 ? gradient.map { Float(Double($0) / norm) } : randomDirection,
            randomDirection.map { Float(Double($0) / randomNorm) },
        ]
        for direction in directions {
            let original = tensor.values
            tensor.copy(from: zip(original, direction).map { $0 + epsilon * $1 })
            let plus = objective()
            tensor.copy(from: zip(original, direction).map { $0 - epsilon * $1 })
            let minus = objective()
            tensor.copy(from: original)
            let numeric = (plus - minus) / Double(2 * epsilon)
            let analytic = zip(gradient, direction).reduce(0) { $0 + Double($1.0) * Double($1.1) }
            let tolerance = 0.02 * norm + 1e-4
            #expect(abs(numeric - analytic) <= tolerance,
                    "\(name): finite difference \(numeric), analytic \(analytic), |g| \(norm)", sourceLocation: sourceLocation)
        }
    }

    static func randomTensor(_ shape: [Int], seed: UInt64, std: Float = 1) -> Tensor {
        var random = RandomSource(seed: seed)
        let t = Tensor(shape: shape)
        random.fillNormal(t, std: std)
        return t
    }

    static func weighted(_ y: Tensor, _ r: Tensor) -> Double {
        zip(y.values, r.values).reduce(0) { $0 + Double($1.0) * Double($1.1) }
    }

    @Test func linearWithAndWithoutLoRA() {
        for withLoRA in [false, true] {
            let rows = 5
            let layer = Linear("l", inFeatures: 6, outFeatures: 4)
            var random = RandomSource(seed: 1)
            layer.initialize(random: &random, std: 0.5)
            random.fillNormal(layer.bias.value, std: 0.5)
            if withLoRA {
                let lora = LoRA("l", inFeatures: 6, outFeatures: 4, rank: 2, alpha: 3)
                lora.initialize(random: &random)
                random.fillNormal(lora.b.value, std: 0.5)  // nonzero B, so dA is not zero
                layer.lora = lora
            }
            let x = Self.randomTensor([rows, 6], seed: 2)
            let r = Self.randomTensor([rows, 4], seed: 3)
            let y = Tensor(shape: [rows, 4])
            let dx = Tensor(shape: [rows, 6])
            layer.forward(x.pointer, rows: rows, y.pointer)
            layer.backward(x.pointer, r.pointer, rows: rows, dx: dx.pointer)
            let objective = { () -> Double in layer.forward(x.pointer, rows: rows, y.pointer); return Self.weighted(y, r) }
            Self.check("linear.x lora=\(withLoRA)", tensor: x, gradient: dx.values, objective: objective)
            Self.check("linear.W lora=\(withLoRA)", tensor: layer.weight.value, gradient: layer.weight.gradient.values, objective: objective)
            Self.check("linear.b lora=\(withLoRA)", tensor: layer.bias.value, gradient: layer.bias.gradient.values, objective: objective)
            if let lora = layer.lora {
                Self.check("lora.A", tensor: lora.a.value, gradient: lora.a.gradient.values, objective: objective)
                Self.check("lora.B", tensor: lora.b.value, gradient: lora.b.gradient.values, objective: objective)
            }
        }
    }

    @Test func layerNorm() {
        let rows = 4, width = 12
        let norm = LayerNorm("n", width: width)
        var random = RandomSource(seed: 4)
        random.fillNormal(norm.gain.value, std: 1)
        random.fillNormal(norm.bias.value, std: 1)
        let x = Self.randomTensor([rows, width], seed: 5, std: 2)
        let r = Self.randomTensor([rows, width], seed: 6)
        let (y, dx, mean, rstd) = (Tensor(shape: [rows, width]), Tensor(shape: [rows, width]), Tensor(shape: [rows]), Tensor(shape: [rows]))
        norm.forward(x.pointer, y.pointer, rows: rows, mean: mean.pointer, rstd: rstd.pointer)
        norm.backward(x.pointer, r.pointer, accumulateInto: dx.pointer, rows: rows, mean: mean.pointer, rstd: rstd.pointer)
        let objective = { () -> Double in
            norm.forward(x.pointer, y.pointer, rows: rows, mean: mean.pointer, rstd: rstd.pointer)
            return Self.weighted(y, r)
        }
        Self.check("layernorm.x", tensor: x, gradient: dx.values, objective: objective)
        Self.check("layernorm.gain", tensor: norm.gain.value, gradient: norm.gain.gradient.values, objective: objective)
        Self.check("layernorm.bias", tensor: norm.bias.value, gradient: norm.bias.gradient.values, objective: objective)
    }

    @Test func gelu() {
        let count = 37  // vector lanes and the scalar tail
        let x = Self.randomTensor([count], seed: 8, std: 2)
        let r = Self.randomTensor([count], seed: 9)
        let (y, dx) = (Tensor(shape: [count]), Tensor(shape: [count]))
        GELU.backward(x.pointer, r.pointer, dx.pointer, count: count)
        let objective = { () -> Double in GELU.forward(x.pointer, y.pointer, count: count); return Self.weighted(y, r) }
        Self.check("gelu.x", tensor: x, gradient: dx.values, objective: objective)
    }

    @Test func maskedAttention() {
        let (batch, tokens, width, heads) = (2, 11, 8, 2)
        let attention = Attention(batch: batch, tokens: tokens, width: width, heads: heads)
        let qkv = Self.randomTensor([batch * tokens, 3 * width], seed: 10)
        let mask = Tensor(shape: [batch, tokens], values: (0..<(batch * tokens)).map { ($0 % tokens) % 4 == 3 ? 0 : 1 })
        let r = Self.randomTensor([batch * tokens, width], seed: 11)
        let probabilities = Tensor(shape: [batch, heads, tokens, tokens])
        let (out, dqkv, scratch) = (Tensor(shape: [batch * tokens, width]), Tensor(shape: [batch * tokens, 3 * width]), Tensor(shape: [tokens, tokens]))
        attention.forward(qkv: qkv.pointer, keyMask: mask.pointer, probabilities: probabilities.pointer, output: out.pointer)
        // Masked keys get exactly zero weight, and each row sums to 1.
        for row in 0..<(batch * heads * tokens) {
            let values = (0..<tokens).map { probabilities[row * tokens + $0] }
            #expect(abs(values.reduce(0, +) - 1) < 1e-5)
            for key in 0..<tokens where key % 4 == 3 { #expect(values[key] == 0) }
        }
        attention.backward(qkv: qkv.pointer, probabilities: probabilities.pointer, outputGradient: r.pointer,
                           qkvGradient: dqkv.pointer, scratch: scratch.pointer)
        let objective = { () -> Double in
            attention.forward(qkv: qkv.pointer, keyMask: mask.pointer, probabilities: probabilities.pointer, output: out.pointer)
            return Self.weighted(out, r)
        }
        Self.check("attention.qkv", tensor: qkv, gradient: dqkv.values, objective: objective)
    }

    @Test(arguments: [false, true])
    func wholeModel(withLoRA: Bool) throws {
        let model = try VisionLanguageModel(config: TinyModel.config, seed: 3)
        // Larger weights than the initialisation, so every path carries a visible gradient.
        var random = RandomSource(seed: 12)
        for p in model.baseParameters where p.shape.count == 2 { random.fillNormal(p.value, std: 0.3) }
        if withLoRA {
            model.addAdapters(rank: 2, alpha: 4, seed: 13)
            for p in model.adapterParameters { random.fillNormal(p.value, std: 0.3) }
        }
        let input = TinyModel.input()
        model.zeroGradients()
        try model.forward(input)
        model.backward()
        let objective = { () -> Double in Double((try? model.forward(input))?.loss ?? .nan) }
        for p in model.trainableParameters {
            Self.check("model(lora: \(withLoRA)).\(p.name)", tensor: p.value, gradient: p.gradient.values, objective: objective)
        }
        #expect(model.trainableParameters.count == (withLoRA ? 4 * 2 * 2 : model.baseParameters.count))
        if withLoRA {
            // Frozen base weights received no gradient at all.
            for p in model.baseParameters { #expect(p.gradient.values.allSatisfy { $0 == 0 }, "\(p.name)") }
        }
    }
}
