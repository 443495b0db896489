internal import Wire

/// Jobs ready to run, grouped by the artifacts they take as inputs, oldest first in each
/// group; groups in the order they first filled. `pop` prefers a group whose inputs a worker
/// already holds, so a worker keeps evaluating the adapter it has fetched.
struct ReadyQueue {
    private struct Group {
        var inputs: [SHA256Digest]
        var jobs: [String] = []
        var head = 0
        var count: Int { jobs.count - head }
    }

    private var groups: [Group] = []
    private var index: [[SHA256Digest]: Int] = [:]
    private var total = 0

    var isEmpty: Bool { total == 0 }
    var count: Int { total }

    mutating func push(_ job: String, key: [SHA256Digest]) {
        let slot: Int
        if let existing = index[key] {
            slot = existing
        } else {
            slot = groups.count
            groups.append(Group(inputs: key))
            index[key] = slot
        }
        groups[slot].jobs.append(job)
        total += 1
    }

    /// The oldest job of a group whose inputs are all in `cached`, else of the first non-empty
    /// group; skipping jobs `avoid` rejects (they stay queued) while another can be had.
    mutating func pop(preferring cached: Set<SHA256Digest>, avoid: (String) -> Bool) -> String? {
        guard total > 0 else { return nil }
        let order = groups.indices.filter { groups[$0].count > 0 }
        // Groups the worker can run from its cache, the most inputs first (an adapter's
        // evaluations before the base-only jobs it could also run).
        let preferred = order.filter { g in !groups[g].inputs.isEmpty && groups[g].inputs.allSatisfy(cached.contains) }
            .sorted { (groups[$0].inputs.count, -$0) > (groups[$1].inputs.count, -$1) }
        for g in preferred + order {
            if let job = take(from: g, avoid: avoid) { return job }
        }
        return nil
    }

    private mutating func take(from g: Int, avoid: (String) -> Bool) -> String? {
        var group = groups[g]
        // Look at a few of the oldest: a job to avoid is moved behind them.
        for offset in 0..<min(group.count, 8) {
            let position = group.head + offset
            let job = group.jobs[position]
            if avoid(job) { continue }
            group.jobs.swapAt(group.head, position)
            group.head += 1
            if group.head > 1024, group.head * 2 > group.jobs.count {
                group.jobs.removeFirst(group.head)
                group.head = 0
            }
            groups[g] = group
            total -= 1
            return job
        }
        return nil
    }
}
