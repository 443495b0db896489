/// Vectorised elementwise loops and reductions over Float32 buffers, eight lanes at a time.
///
/// Plain scalar loops over `tanhf`/`expf` do not vectorise and cost as much as the GEMMs in a
/// small transformer; these use SIMD8<Float> with polynomial `exp` (Cephes, ~1 ulp) and `tanh`
/// built on it. Reductions sum lane-wise and then across lanes, in a fixed order: the same
/// inputs give the same bits.
enum Vector {
    typealias V = SIMD8<Float>

    @inline(__always) static func load(_ p: UnsafePointer<Float>, _ i: Int) -> V {
        UnsafeRawPointer(p + i).loadUnaligned(as: V.self)
    }

    @inline(__always) static func store(_ v: V, _ p: UnsafeMutablePointer<Float>, _ i: Int) {
        UnsafeMutableRawPointer(p + i).storeBytes(of: v, as: V.self)
    }

    /// y += x
    static func add(_ x: UnsafePointer<Float>, into y: UnsafeMutablePointer<Float>, count: Int) {
        var i = 0
        while i + 8 <= count { store(load(y, i) + load(x, i), y, i); i += 8 }
        while i < count { y[i] += x[i]; i += 1 }
    }

    static func scale(_ y: UnsafeMutablePointer<Float>, by a: Float, count: Int) {
        var i = 0
        while i + 8 <= count { store(load(y, i) * a, y, i); i += 8 }
        while i < count { y[i] *= a; i += 1 }
    }

    static func sum(_ x: UnsafePointer<Float>, count: Int) -> Float {
        var acc = V.zero
        var i = 0
        while i + 8 <= count { acc += load(x, i); i += 8 }
        var total = acc.sum()
        while i < count { total += x[i]; i += 1 }
        return total
    }

    static func dot(_ x: UnsafePointer<Float>, _ y: UnsafePointer<Float>, count: Int) -> Float {
        var acc = V.zero
        var i = 0
        while i + 8 <= count { acc += load(x, i) * load(y, i); i += 8 }
        var total = acc.sum()
        while i < count { total += x[i] * y[i]; i += 1 }
        return total
    }

    /// Adds each of `rows` rows of `x` (length `columns`) into `y` (length `columns`): bias gradients.
    static func sumRows(_ x: UnsafePointer<Float>, rows: Int, columns: Int, into y: UnsafeMutablePointer<Float>) {
        for r in 0..<rows { add(x + r * columns, into: y, count: columns) }
    }

    /// Adds `bias` to each of `rows` rows of `y`.
    static func addBias(_ bias: UnsafePointer<Float>, to y: UnsafeMutablePointer<Float>, rows: Int, columns: Int) {
        for r in 0..<rows { add(bias, into: y + r * columns, count: columns) }
    }

    // MARK: Transcendentals

    /// e^x for eight lanes, within 2 ulp: n = round(x log2 e) by the 1.5 * 2^23 magic number
    /// (whose bits then hold n), r = x - n ln 2 in two parts, Cephes's degree-5 polynomial for
    /// e^r, and 2^n built in the exponent bits. Only arithmetic and bit casts, so it stays in
    /// vector registers (generic SIMD clamps, floors and conversions do not).
    @inline(__always) static func exp(_ input: V) -> V {
        let low = V(repeating: -87.3), high = V(repeating: 88.3)
        var x = input.replacing(with: low, where: input .< low)
        x = x.replacing(with: high, where: x .> high)
        let magic: Float = 12_582_912
        let t = x * 1.442_695_04 + magic
        let n = t - magic
        var r = x - n * 0.693_359_375
        r = r + n * 2.121_944_4e-4
        let z = r * r
        var y = V(repeating: 1.987_569_15e-4)
        y = y * r + 1.398_199_95e-3
        y = y * r + 8.333_451_9e-3
        y = y * r + 4.166_579_59e-2
        y = y * r + 1.666_666_55e-1
        y = y * r + 5.000_000_1e-1
        y = y * z + r + 1
        let exponent = (unsafeBitCast(t, to: SIMD8<UInt32>.self) &- 0x4B40_0000 &+ 127) &<< 23
        return y * unsafeBitCast(exponent, to: V.self)
    }

    /// tanh for eight lanes: 1 - 2 / (e^(2x) + 1), saturating to +-1.
    @inline(__always) static func tanh(_ x: V) -> V {
        let e = exp(x * 2)
        return 1 - 2 / (e + 1)
    }

    /// Scalar e^x through the vector kernel (same bits as the lanes).
    @inline(__always) static func exp(_ x: Float) -> Float { exp(V(repeating: x))[0] }
    @inline(__always) static func tanh(_ x: Float) -> Float { tanh(V(repeating: x))[0] }
}
