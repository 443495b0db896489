internal import Foundation

/// The one-sided Mann-Whitney U test: is sample A stochastically greater than sample B?
public enum MannWhitney {
    public struct Result: Hashable, Sendable, Codable {
        public var u: Double
        public var pValue: Double
        /// "exact" (no ties) or "normal" (ties: normal approximation with tie correction).
        public var method: String
    }

    public static func greater(_ a: [Double], than b: [Double]) -> Result {
        let m = a.count, n = b.count
        precondition(m > 0 && n > 0, "Mann-Whitney needs two non-empty samples")
        var u = 0.0
        for x in a { for y in b { u += x > y ? 1 : (x == y ? 0.5 : 0) } }
        let pooled = a + b
        if Set(pooled).count == pooled.count {
            return Result(u: u, pValue: exactUpperTail(u: u, m: m, n: n), method: "exact")
        }
        // Ties: normal approximation with tie correction and continuity correction.
        var tieTerm = 0.0
        for (_, group) in Dictionary(grouping: pooled, by: { $0 }) where group.count > 1 {
            let t = Double(group.count)
            tieTerm += t * t * t - t
        }
        let (dm, dn) = (Double(m), Double(n))
        let mean = dm * dn / 2
        let variance = dm * dn / 12 * ((dm + dn + 1) - tieTerm / ((dm + dn) * (dm + dn - 1)))
        guard variance > 0 else { return Result(u: u, pValue: 1, method: "normal") }
        let z = (u - mean - 0.5) / variance.squareRoot()
        return Result(u: u, pValue: 0.5 * erfc(z / 2.0.squareRoot()), method: "normal")
    }

    /// P(U >= u) under the null, without ties: U = (rank sum of A) - m(m+1)/2, and the number
    /// of m-subsets of ranks 1...m+n with each rank sum, by dynamic programming.
    static func exactUpperTail(u: Double, m: Int, n: Int) -> Double {
        let total = m + n
        let maxSum = (total * (total + 1)) / 2
        // ways[k][s]: subsets of size k of the ranks seen so far with sum s (as Doubles: large).
        var ways = [[Double]](repeating: [Double](repeating: 0, count: maxSum + 1), count: m + 1)
        ways[0][0] = 1
        for rank in 1...total {
            for k in stride(from: min(rank, m), through: 1, by: -1) {
                for s in stride(from: maxSum, through: rank, by: -1) where ways[k - 1][s - rank] > 0 {
                    ways[k][s] += ways[k - 1][s - rank]
                }
            }
        }
        let all = ways[m].reduce(0, +)
        let threshold = u + Double(m * (m + 1)) / 2
        var tail = 0.0
        for s in 0...maxSum where Double(s) >= threshold - 1e-9 { tail += ways[m][s] }
        return tail / all
    }
}
