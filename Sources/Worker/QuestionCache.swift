internal import Core
internal import Perception
internal import Synchronization

/// The evaluation questions of a target are a pure function of (task, seed, count) and the
/// same for every model and finetune of a seed, so a worker makes each set once and keeps the
/// most recently used few (a set of 128 questions is 1-6 MB). Rendering them was most of the
/// small model's evaluation time.
final class QuestionCache: Sendable {
    static let evaluation = QuestionCache(capacity: 32)

    struct Key: Hashable, Sendable {
        var task: PerceptionTask
        var seed: UInt64
        var count: Int
        var version: Int
        var shift: DomainShift
    }

    private struct Entries {
        var sets: [Key: [Question]] = [:]
        var recent: [Key] = []
    }

    let capacity: Int
    private let entries = Mutex(Entries())

    init(capacity: Int) {
        precondition(capacity >= 1, "a question cache holds at least one set")
        self.capacity = capacity
    }

    /// The evaluation split's first `count` questions of `task` for `seed` in generator
    /// `version`, seen through `shift`.
    func questions(_ task: PerceptionTask, seed: UInt64, count: Int, version: Int, shift: DomainShift) -> [Question] {
        let key = Key(task: task, seed: seed, count: count, version: version, shift: shift)
        if let hit = entries.withLock({ state in state.sets[key].map { set in Self.touch(key, &state); return set } }) {
            return hit
        }
        // Made outside the lock: two threads may make the same set once each, never wait on it.
        let made = (0..<count).map { TaskGenerator.question(task, split: .evaluation, index: $0, seed: seed, version: version, shift: shift) }
        entries.withLock { state in
            state.sets[key] = made
            Self.touch(key, &state)
            while state.recent.count > capacity { state.sets[state.recent.removeFirst()] = nil }
        }
        return made
    }

    private static func touch(_ key: Key, _ state: inout Entries) {
        state.recent.removeAll { $0 == key }
        state.recent.append(key)
    }
}
