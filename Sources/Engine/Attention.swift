/// Multi-head self-attention core over a fused QKV matrix, with padded keys masked out.
///
/// Per example b and head h: S = Q K^T / sqrt(dh), P = softmax over the valid keys (padded keys
/// get exactly zero weight), O = P V. Q, K and V are strided column blocks of the (N x 3d) QKV
/// matrix, so every product is one sgemm with a leading dimension and no copy.
struct Attention {
    let batch: Int
    let tokens: Int
    let width: Int
    let heads: Int

    var headDim: Int { width / heads }
    var scale: Float { 1 / Float(headDim).squareRoot() }

    /// - Parameters:
    ///   - qkv: (batch * tokens) x (3 * width)
    ///   - keyMask: batch x tokens, 1 for a real token, 0 for padding
    ///   - probabilities: batch x heads x tokens x tokens, written (kept for backward)
    ///   - output: (batch * tokens) x width, written
    func forward(qkv: UnsafePointer<Float>, keyMask: UnsafePointer<Float>,
                 probabilities: UnsafeMutablePointer<Float>, output: UnsafeMutablePointer<Float>) {
        let (t, d, dh) = (tokens, width, headDim)
        for b in 0..<batch {
            let base = qkv + b * t * 3 * d
            let mask = keyMask + b * t
            for h in 0..<heads {
                let p = probabilities + (b * heads + h) * t * t
                GEMM.multiply(transposeB: true, m: t, n: t, k: dh, alpha: scale, a: base + h * dh, lda: 3 * d,
                              b: base + d + h * dh, ldb: 3 * d, c: p, ldc: t)
                for row in 0..<t { Self.maskedSoftmax(p + row * t, mask: mask, count: t) }
                GEMM.multiply(m: t, n: dh, k: t, a: p, lda: t, b: base + 2 * d + h * dh, ldb: 3 * d,
                              c: output + b * t * d + h * dh, ldc: d)
            }
        }
    }

    /// Writes dL/dQKV from dL/dO. `scratch` holds tokens x tokens floats.
    func backward(qkv: UnsafePointer<Float>, probabilities: UnsafePointer<Float>, outputGradient: UnsafePointer<Float>,
                  qkvGradient: UnsafeMutablePointer<Float>, scratch: UnsafeMutablePointer<Float>) {
        let (t, d, dh) = (tokens, width, headDim)
        for b in 0..<batch {
            let base = qkv + b * t * 3 * d
            let dbase = qkvGradient + b * t * 3 * d
            let dout = outputGradient + b * t * d
            for h in 0..<heads {
                let p = probabilities + (b * heads + h) * t * t
                // dP = dO V^T ; dV = P^T dO
                GEMM.multiply(transposeB: true, m: t, n: t, k: dh, a: dout + h * dh, lda: d,
                              b: base + 2 * d + h * dh, ldb: 3 * d, c: scratch, ldc: t)
                GEMM.multiply(transposeA: true, m: t, n: dh, k: t, a: p, lda: t, b: dout + h * dh, ldb: d,
                              c: dbase + 2 * d + h * dh, ldc: 3 * d)
                // dS = P * (dP - rowsum(dP * P)), scaled into the logits' units.
                for row in 0..<t {
                    let pr = p + row * t, dr = scratch + row * t
                    let inner = Vector.dot(pr, dr, count: t)
                    var i = 0
                    while i + 8 <= t {
                        Vector.store(Vector.load(pr, i) * (Vector.load(dr, i) - inner) * scale, dr, i)
                        i += 8
                    }
                    while i < t { dr[i] = pr[i] * (dr[i] - inner) * scale; i += 1 }
                }
                // dQ = dS K ; dK = dS^T Q
                GEMM.multiply(m: t, n: dh, k: t, a: scratch, lda: t, b: base + d + h * dh, ldb: 3 * d,
                              c: dbase + h * dh, ldc: 3 * d)
                GEMM.multiply(transposeA: true, m: t, n: dh, k: t, a: scratch, lda: t, b: base + h * dh, ldb: 3 * d,
                              c: dbase + d + h * dh, ldc: 3 * d)
            }
        }
    }

    /// Softmax of one row over the keys whose mask is 1; masked keys get exactly 0.
    static func maskedSoftmax(_ row: UnsafeMutablePointer<Float>, mask: UnsafePointer<Float>, count: Int) {
        // The maximum over valid keys, lane-wise first (masked lanes read as -inf).
        let lowest = Vector.V(repeating: -.infinity)
        var lanes = lowest
        var i = 0
        while i + 8 <= count {
            let v = Vector.load(row, i).replacing(with: lowest, where: Vector.load(mask, i) .== 0)
            lanes = lanes.replacing(with: v, where: v .> lanes)
            i += 8
        }
        var maximum = -Float.infinity
        for lane in 0..<8 { maximum = Swift.max(maximum, lanes[lane]) }
        while i < count {
            if mask[i] != 0 { maximum = Swift.max(maximum, row[i]) }
            i += 1
        }
        var acc = Vector.V.zero
        i = 0
        while i + 8 <= count {
            let e = Vector.exp(Vector.load(row, i) - maximum) * Vector.load(mask, i)
            Vector.store(e, row, i)
            acc += e
            i += 8
        }
        var total = acc.sum()
        while i < count {
            let e = mask[i] != 0 ? Vector.exp(row[i] - maximum) : 0
            row[i] = e
            total += e
            i += 1
        }
        Vector.scale(row, by: 1 / total, count: count)
    }

    /// Flops of one forward pass (the two products per head).
    var forwardFlops: Double {
        Double(batch * heads) * (GEMM.flops(m: tokens, n: tokens, k: headDim) * 2)
    }
}
