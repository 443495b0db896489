/// The four personas of the study, each the extreme of one aggregate:
/// Donor (highest T+: finetuning on it helps others), Pirate (most negative T-: it hurts
/// others), Sponge (highest Theta+: others help it), Sieve (most negative Theta-: others hurt it).
///
/// The paper's exact rule is not public. This one ranks the tasks by the seed-mean aggregate
/// and tests the top task's per-run values against every other task's per-run values with a
/// one-sided Mann-Whitney U test; the persona holds when p < alpha.
public struct Persona: Hashable, Sendable, Codable {
    public enum Role: String, CaseIterable, Sendable, Codable { case donor, pirate, sponge, sieve }

    public var role: Role
    public var task: String
    public var value: Double
    public var pValue: Double
    public var significant: Bool
    public var test: String
    /// Every task, best first, with its seed-mean value.
    public var ranking: [RankedTask]

    public struct RankedTask: Hashable, Sendable, Codable {
        public var task: String
        public var value: Double
    }

    public static let alpha = 0.05

    /// - Parameters:
    ///   - mean: the seed-mean aggregate per task
    ///   - perRun: perRun[run][task], the aggregate of each run's own matrix
    static func assign(_ role: Role, tasks: [String], mean: [Double], perRun: [[Double]]) -> Persona {
        let higherIsStronger = role == .donor || role == .sponge
        let order = tasks.indices.sorted { higherIsStronger ? mean[$0] > mean[$1] : mean[$0] < mean[$1] }
        let top = order[0]
        let sign = higherIsStronger ? 1.0 : -1.0
        let own = perRun.map { sign * $0[top] }
        let others = perRun.flatMap { run in run.indices.filter { $0 != top }.map { sign * run[$0] } }
        let result = MannWhitney.greater(own, than: others)
        return Persona(
            role: role, task: tasks[top], value: mean[top], pValue: result.pValue, significant: result.pValue < alpha,
            test: "one-sided Mann-Whitney U (\(result.method)): the task's \(own.count) per-run values vs the other tasks' \(others.count)",
            ranking: order.map { RankedTask(task: tasks[$0], value: mean[$0]) })
    }
}
