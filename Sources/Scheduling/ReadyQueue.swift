internal import Core

/// Jobs ready to run, grouped by their kind, model and the artifacts they take as inputs; groups in the
/// order they first filled. In a group the costliest job comes first, then the oldest (longest
/// job first: a grid whose finetunes have budgets of their own, `finetune.task_steps`, does not
/// end on its longest finetune running alone). `pop` prefers a group whose inputs a worker
/// already holds, so a worker keeps evaluating the adapter it has fetched.
struct ReadyQueue {
    private struct Key: Hashable {
        var kind: JobKind
        var model: ModelName
        var inputs: [SHA256Digest]
    }

    private struct Entry {
        var job: String
        var cost: UInt64
    }

    private struct Group {
        var model: ModelName
        var inputs: [SHA256Digest]
        var entries: [Entry] = []
        var head = 0
        var count: Int { entries.count - head }
    }

    private var groups: [Group] = []
    private var index: [Key: Int] = [:]
    private var total = 0

    var isEmpty: Bool { total == 0 }

    /// How many jobs wait, by model.
    var waitingByModel: [ModelName: Int] {
        groups.reduce(into: [:]) { counts, group in if group.count > 0 { counts[group.model, default: 0] += group.count } }
    }
    var count: Int { total }

    /// Queues `job`, a `kind` job on `model` that needs the artifacts `inputs` and costs `cost`
    /// (a training job's steps; evaluations cost 0 and keep their age order).
    mutating func push(_ job: String, kind: JobKind, model: ModelName, inputs: [SHA256Digest], cost: UInt64 = 0) {
        let key = Key(kind: kind, model: model, inputs: inputs)
        let slot: Int
        if let existing = index[key] {
            slot = existing
        } else {
            slot = groups.count
            groups.append(Group(model: model, inputs: inputs))
            index[key] = slot
        }
        Self.insert(Entry(job: job, cost: cost), into: &groups[slot])
        total += 1
    }

    /// In place (a copy of the group would copy its entries at every push: quadratic time).
    private static func insert(_ entry: Entry, into group: inout Group) {
        // Behind every queued job that costs as much or more: equal costs stay oldest first.
        var position = group.entries.endIndex
        while position > group.head, group.entries[position - 1].cost < entry.cost { position -= 1 }
        group.entries.insert(entry, at: position)
    }

    /// The first job of a group whose inputs are all in `cached`, else of the first non-empty
    /// group, among the groups of the `models` a worker runs; skipping jobs `avoid` rejects (they
    /// stay queued).
    mutating func pop(preferring cached: Set<SHA256Digest>, models: Set<ModelName>, avoid: (String) -> Bool) -> String? {
        guard total > 0 else { return nil }
        let order = groups.indices.filter { groups[$0].count > 0 && models.contains(groups[$0].model) }
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
        guard let job = Self.take(from: &groups[g], avoid: avoid) else { return nil }
        total -= 1
        return job
    }

    /// In place, as `insert`.
    private static func take(from group: inout Group, avoid: (String) -> Bool) -> String? {
        // Look at a few of the first: a job to avoid is moved behind them.
        for offset in 0..<min(group.count, 8) {
            let position = group.head + offset
            let entry = group.entries[position]
            if avoid(entry.job) { continue }
            group.entries.swapAt(group.head, position)
            group.head += 1
            if group.head > 1024, group.head * 2 > group.entries.count {
                group.entries.removeFirst(group.head)
                group.head = 0
            }
            return entry.job
        }
        return nil
    }
}
