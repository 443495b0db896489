/// Cliques of mutual transfer: i and j are joined when transfer goes the same way in both
/// directions (both PGFs > 0 for the positive graph, both < 0 for the negative one).
public enum Cliques {
    public enum Sign: String, Sendable, Codable { case positive, negative }

    /// The undirected graph of a sign on the seed-mean matrix.
    public static func graph(_ matrix: [[Double?]], sign: Sign) -> [Set<Int>] {
        let n = matrix.count
        var adjacency = [Set<Int>](repeating: [], count: n)
        for i in 0..<n {
            for j in (i + 1)..<max(n, i + 1) {
                guard let a = matrix[i][j], let b = matrix[j][i] else { continue }
                if sign == .positive ? (a > 0 && b > 0) : (a < 0 && b < 0) {
                    adjacency[i].insert(j)
                    adjacency[j].insert(i)
                }
            }
        }
        return adjacency
    }

    /// The robust graph: an edge only when every run agrees in sign, both directions.
    public static func robustGraph(_ runs: [[[Double?]]], sign: Sign) -> [Set<Int>] {
        guard let first = runs.first else { return [] }
        let n = first.count
        var adjacency = [Set<Int>](repeating: [], count: n)
        for i in 0..<n {
            for j in (i + 1)..<max(n, i + 1) {
                let agrees = runs.allSatisfy { m in
                    guard let a = m[i][j], let b = m[j][i] else { return false }
                    return sign == .positive ? (a > 0 && b > 0) : (a < 0 && b < 0)
                }
                if agrees {
                    adjacency[i].insert(j)
                    adjacency[j].insert(i)
                }
            }
        }
        return adjacency
    }

    /// Every maximal clique (Bron-Kerbosch with pivoting), each sorted, the list sorted by size
    /// (largest first) then members.
    public static func maximal(_ adjacency: [Set<Int>]) -> [[Int]] {
        var out: [[Int]] = []
        func expand(_ r: Set<Int>, _ p: Set<Int>, _ x: Set<Int>) {
            if p.isEmpty && x.isEmpty {
                out.append(r.sorted())
                return
            }
            let pivot = p.union(x).max { adjacency[$0].intersection(p).count < adjacency[$1].intersection(p).count }
            var p = p, x = x
            for v in p.subtracting(pivot.map { adjacency[$0] } ?? []).sorted() {
                expand(r.union([v]), p.intersection(adjacency[v]), x.intersection(adjacency[v]))
                p.remove(v)
                x.insert(v)
            }
        }
        expand([], Set(adjacency.indices), [])
        return out.sorted { $0.count != $1.count ? $0.count > $1.count : $0.lexicographicallyPrecedes($1) }
    }

    /// The maximum cliques: every maximal clique of the largest size (size 1 cliques included
    /// only when the graph has no edge).
    public static func maximum(_ adjacency: [Set<Int>]) -> [[Int]] {
        let all = maximal(adjacency)
        guard let size = all.first?.count else { return [] }
        return all.filter { $0.count == size }
    }
}
