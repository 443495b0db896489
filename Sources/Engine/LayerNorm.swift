/// Layer normalisation over the last dimension, with learned gain and bias (epsilon 1e-5).
final class LayerNorm {
    static let epsilon: Float = 1e-5

    let gain: Parameter
    let bias: Parameter
    let width: Int

    init(_ name: String, width: Int) {
        self.width = width
        gain = Parameter("\(name).weight", shape: [width])
        bias = Parameter("\(name).bias", shape: [width])
        gain.value.pointer.update(repeating: 1, count: width)
    }

    var parameters: [Parameter] { [gain, bias] }

    /// y = (x - mean) / sqrt(var + eps) * gain + bias, row by row; saves mean and 1/std.
    func forward(_ x: UnsafePointer<Float>, _ y: UnsafeMutablePointer<Float>, rows: Int,
                 mean: UnsafeMutablePointer<Float>, rstd: UnsafeMutablePointer<Float>) {
        let n = width
        let g = gain.value.pointer, b = bias.value.pointer
        for r in 0..<rows {
            let xr = x + r * n, yr = y + r * n
            let mu = Vector.sum(xr, count: n) / Float(n)
            var acc = Vector.V.zero
            var i = 0
            while i + 8 <= n { let d = Vector.load(xr, i) - mu; acc += d * d; i += 8 }
            var variance = acc.sum()
            while i < n { let d = xr[i] - mu; variance += d * d; i += 1 }
            variance /= Float(n)
            let s = 1 / (variance + Self.epsilon).squareRoot()
            mean[r] = mu
            rstd[r] = s
            i = 0
            while i + 8 <= n {
                Vector.store((Vector.load(xr, i) - mu) * s * Vector.load(g, i) + Vector.load(b, i), yr, i)
                i += 8
            }
            while i < n { yr[i] = (xr[i] - mu) * s * g[i] + b[i]; i += 1 }
        }
    }

    /// Adds dL/dx into `dx`; accumulates the gain and bias gradients when trainable.
    func backward(_ x: UnsafePointer<Float>, _ dy: UnsafePointer<Float>, accumulateInto dx: UnsafeMutablePointer<Float>,
                  rows: Int, mean: UnsafePointer<Float>, rstd: UnsafePointer<Float>) {
        let n = width
        let g = gain.value.pointer
        let dg = gain.gradient.pointer, db = bias.gradient.pointer
        let trainable = gain.trainable
        for r in 0..<rows {
            let xr = x + r * n, dyr = dy + r * n, dxr = dx + r * n
            let mu = mean[r], s = rstd[r]
            // Sums of dxhat and dxhat * xhat, where dxhat = dy * gain.
            var accA = Vector.V.zero, accB = Vector.V.zero
            var i = 0
            while i + 8 <= n {
                let xhat = (Vector.load(xr, i) - mu) * s
                let dxhat = Vector.load(dyr, i) * Vector.load(g, i)
                accA += dxhat
                accB += dxhat * xhat
                if trainable {
                    Vector.store(Vector.load(dg, i) + Vector.load(dyr, i) * xhat, dg, i)
                    Vector.store(Vector.load(db, i) + Vector.load(dyr, i), db, i)
                }
                i += 8
            }
            var sumA = accA.sum(), sumB = accB.sum()
            while i < n {
                let xhat = (xr[i] - mu) * s
                let dxhat = dyr[i] * g[i]
                sumA += dxhat
                sumB += dxhat * xhat
                if trainable { dg[i] += dyr[i] * xhat; db[i] += dyr[i] }
                i += 1
            }
            let meanA = sumA / Float(n), meanB = sumB / Float(n)
            i = 0
            while i + 8 <= n {
                let xhat = (Vector.load(xr, i) - mu) * s
                let dxhat = Vector.load(dyr, i) * Vector.load(g, i)
                Vector.store(Vector.load(dxr, i) + s * (dxhat - meanA - xhat * meanB), dxr, i)
                i += 8
            }
            while i < n {
                let xhat = (xr[i] - mu) * s
                dxr[i] += s * (dyr[i] * g[i] - meanA - xhat * meanB)
                i += 1
            }
        }
    }
}
