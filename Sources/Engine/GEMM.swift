internal import COpenBLAS

/// Matrix products through OpenBLAS's sgemm, row-major: C = alpha * op(A) * op(B) + beta * C,
/// with op(A) of shape m x k and op(B) of shape k x n. Leading dimensions allow strided views
/// (a head's columns inside the fused QKV matrix, say).
enum GEMM {
    @inline(__always)
    static func multiply(
        transposeA: Bool = false, transposeB: Bool = false, m: Int, n: Int, k: Int,
        alpha: Float = 1, a: UnsafePointer<Float>, lda: Int, b: UnsafePointer<Float>, ldb: Int,
        beta: Float = 0, c: UnsafeMutablePointer<Float>, ldc: Int
    ) {
        precondition(m >= 0 && n >= 0 && k >= 0, "negative GEMM shape \(m)x\(n)x\(k)")
        precondition(lda >= (transposeA ? m : k) && ldb >= (transposeB ? k : n) && ldc >= n,
                     "GEMM leading dimensions too small: m \(m) n \(n) k \(k) lda \(lda) ldb \(ldb) ldc \(ldc)")
        if m == 0 || n == 0 { return }
        cblas_sgemm(
            CblasRowMajor, transposeA ? CblasTrans : CblasNoTrans, transposeB ? CblasTrans : CblasNoTrans,
            Int32(m), Int32(n), Int32(k), alpha, a, Int32(lda), b, Int32(ldb), beta, c, Int32(ldc))
    }

    /// Floating-point operations of one m x n x k product (multiply and add counted apart).
    static func flops(m: Int, n: Int, k: Int) -> Double { 2 * Double(m) * Double(n) * Double(k) }
}
