internal import Core

/// y = x W + b, with W stored in x (in x out) order, and an optional LoRA adapter.
final class Linear {
    let weight: Parameter
    let bias: Parameter
    let inFeatures: Int
    let outFeatures: Int
    var lora: LoRA?

    init(_ name: String, inFeatures: Int, outFeatures: Int) {
        self.inFeatures = inFeatures
        self.outFeatures = outFeatures
        weight = Parameter("\(name).weight", shape: [inFeatures, outFeatures])
        bias = Parameter("\(name).bias", shape: [outFeatures])
    }

    var parameters: [Parameter] { [weight, bias] }

    func initialize(random: inout RandomSource, std: Float) {
        random.fillNormal(weight.value, std: std)
        bias.value.zero()
    }

    func forward(_ x: UnsafePointer<Float>, rows: Int, _ y: UnsafeMutablePointer<Float>) {
        GEMM.multiply(m: rows, n: outFeatures, k: inFeatures, a: x, lda: inFeatures,
                      b: weight.value.pointer, ldb: outFeatures, c: y, ldc: outFeatures)
        Vector.addBias(bias.value.pointer, to: y, rows: rows, columns: outFeatures)
        lora?.forward(x, rows: rows, into: y)
    }

    /// Writes dL/dx into `dx` (when given) and accumulates the gradients of trainable
    /// parameters. Frozen base weights cost no GEMM: a LoRA step skips dW.
    func backward(_ x: UnsafePointer<Float>, _ dy: UnsafePointer<Float>, rows: Int, dx: UnsafeMutablePointer<Float>?) {
        if weight.trainable {
            GEMM.multiply(transposeA: true, m: inFeatures, n: outFeatures, k: rows, a: x, lda: inFeatures,
                          b: dy, ldb: outFeatures, beta: 1, c: weight.gradient.pointer, ldc: outFeatures)
        }
        if bias.trainable {
            Vector.sumRows(dy, rows: rows, columns: outFeatures, into: bias.gradient.pointer)
        }
        if let dx {
            GEMM.multiply(transposeB: true, m: rows, n: inFeatures, k: outFeatures, a: dy, lda: outFeatures,
                          b: weight.value.pointer, ldb: outFeatures, c: dx, ldc: inFeatures)
        }
        lora?.backward(x, dy, rows: rows, accumulateInto: dx)
    }

    func forwardFlops(rows: Int) -> Double {
        GEMM.flops(m: rows, n: outFeatures, k: inFeatures) + (lora?.forwardFlops(rows: rows) ?? 0)
    }
}
