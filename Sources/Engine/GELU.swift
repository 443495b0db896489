/// GELU, tanh approximation (as PyTorch's `gelu(approximate="tanh")`):
/// gelu(x) = x/2 * (1 + tanh(sqrt(2/pi) * (x + 0.044715 x^3))).
enum GELU {
    private static let c: Float = 0.797_884_56  // sqrt(2 / pi)
    private static let k: Float = 0.044_715

    static func forward(_ x: UnsafePointer<Float>, _ y: UnsafeMutablePointer<Float>, count: Int) {
        var i = 0
        while i + 8 <= count {
            let v = Vector.load(x, i)
            let inner: Vector.V = c * (v + k * v * v * v)
            let t = Vector.tanh(inner)
            Vector.store(0.5 * v * (1 + t), y, i)
            i += 8
        }
        while i < count {
            let v = x[i]
            y[i] = 0.5 * v * (1 + Vector.tanh(c * (v + k * v * v * v)))
            i += 1
        }
    }

    /// dx = dy * gelu'(x).
    static func backward(_ x: UnsafePointer<Float>, _ dy: UnsafePointer<Float>, _ dx: UnsafeMutablePointer<Float>, count: Int) {
        var i = 0
        while i + 8 <= count {
            let v = Vector.load(x, i)
            let v2: Vector.V = v * v
            let inner: Vector.V = c * (v + k * v2 * v)
            let t = Vector.tanh(inner)
            let slope: Vector.V = c * (1 + 3 * k * v2)
            let derivative: Vector.V = 0.5 * (1 + t) + 0.5 * v * (1 - t * t) * slope
            Vector.store(Vector.load(dy, i) * derivative, dx, i)
            i += 8
        }
        while i < count {
            let v = x[i]
            let t = Vector.tanh(c * (v + k * v * v * v))
            dx[i] = dy[i] * (0.5 * (1 + t) + 0.5 * v * (1 - t * t) * c * (1 + 3 * k * v * v))
            i += 1
        }
    }
}
