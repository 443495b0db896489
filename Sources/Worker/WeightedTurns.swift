/// Turns among tasks by weight, deterministically: smooth weighted round robin. Each turn
/// every task in the pool gains its weight in credit, the richest (the first on a tie) is
/// chosen and pays the pool's total weight; over n turns a task is chosen within one of
/// n * weight / total times. The pool is a prefix of the tasks (a staged pretraining's tasks
/// already in); the credits start afresh whenever the pool changes.
struct WeightedTurns {
    let weights: [Double]
    private var credit: [Double]
    private var pool = 0

    init(weights: [Double]) {
        precondition(!weights.isEmpty && weights.allSatisfy { $0 > 0 }, "weighted turns need a positive weight per task")
        self.weights = weights
        credit = [Double](repeating: 0, count: weights.count)
    }

    /// The index of the task whose turn it is among the first `pool` tasks.
    mutating func next(pool: Int) -> Int {
        if pool != self.pool {
            self.pool = pool
            for k in credit.indices { credit[k] = 0 }
        }
        var best = 0
        var total = 0.0
        for k in 0..<pool {
            credit[k] += weights[k]
            total += weights[k]
            if credit[k] > credit[best] { best = k }
        }
        credit[best] -= total
        return best
    }
}
