internal import Core

/// A low-rank adapter on one linear layer: y += (alpha / rank) * (x A) B.
///
/// A (in x rank) starts random, B (rank x out) starts at zero, so a fresh adapter changes
/// nothing. The adapter's tensors are stored apart from the base checkpoint.
final class LoRA {
    let a: Parameter
    let b: Parameter
    let rank: Int
    let scale: Float
    /// x A of the last forward pass (rows x rank), kept for backward.
    private(set) var xa: Tensor
    private var dxa: Tensor

    init(_ name: String, inFeatures: Int, outFeatures: Int, rank: Int, alpha: Float) {
        self.rank = rank
        self.scale = alpha / Float(rank)
        a = Parameter("\(name).lora_a", shape: [inFeatures, rank])
        b = Parameter("\(name).lora_b", shape: [rank, outFeatures])
        xa = Tensor(shape: [0, rank])
        dxa = Tensor(shape: [0, rank])
    }

    var parameters: [Parameter] { [a, b] }

    func initialize(random: inout RandomSource) {
        random.fillNormal(a.value, std: 1 / Float(a.shape[0]).squareRoot())
        b.value.zero()
    }

    private func reserve(rows: Int) {
        if xa.shape[0] != rows {
            xa = Tensor(shape: [rows, rank])
            dxa = Tensor(shape: [rows, rank])
        }
    }

    /// y += scale * (x A) B
    func forward(_ x: UnsafePointer<Float>, rows: Int, into y: UnsafeMutablePointer<Float>) {
        reserve(rows: rows)
        let (inF, outF) = (a.shape[0], b.shape[1])
        GEMM.multiply(m: rows, n: rank, k: inF, a: x, lda: inF, b: a.value.pointer, ldb: rank, c: xa.pointer, ldc: rank)
        GEMM.multiply(m: rows, n: outF, k: rank, alpha: scale, a: xa.pointer, lda: rank, b: b.value.pointer, ldb: outF,
                      beta: 1, c: y, ldc: outF)
    }

    /// Accumulates dA and dB; adds the adapter's share of dL/dx into `dx` when given.
    func backward(_ x: UnsafePointer<Float>, _ dy: UnsafePointer<Float>, rows: Int, accumulateInto dx: UnsafeMutablePointer<Float>?) {
        let (inF, outF) = (a.shape[0], b.shape[1])
        // dB += scale * (xA)^T dy ; d(xA) = scale * dy B^T ; dA += x^T d(xA) ; dx += d(xA) A^T
        GEMM.multiply(transposeA: true, m: rank, n: outF, k: rows, alpha: scale, a: xa.pointer, lda: rank,
                      b: dy, ldb: outF, beta: 1, c: b.gradient.pointer, ldc: outF)
        GEMM.multiply(transposeB: true, m: rows, n: rank, k: outF, alpha: scale, a: dy, lda: outF,
                      b: b.value.pointer, ldb: outF, c: dxa.pointer, ldc: rank)
        GEMM.multiply(transposeA: true, m: inF, n: rank, k: rows, a: x, lda: inF, b: dxa.pointer, ldb: rank,
                      beta: 1, c: a.gradient.pointer, ldc: rank)
        if let dx {
            GEMM.multiply(transposeB: true, m: rows, n: inF, k: rank, a: dxa.pointer, lda: rank,
                          b: a.value.pointer, ldb: rank, beta: 1, c: dx, ldc: inF)
        }
    }

    /// Flops of one forward pass over `rows` rows.
    func forwardFlops(rows: Int) -> Double {
        GEMM.flops(m: rows, n: rank, k: a.shape[0]) + GEMM.flops(m: rows, n: b.shape[1], k: rank)
    }
}
