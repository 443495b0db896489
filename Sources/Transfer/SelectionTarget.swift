/// The data-selection stage's outcome for one target of one model: the target's accuracy after
/// finetuning on it directly and after each selection policy's mixture (same example budget),
/// per run, with the tasks each mixture used.
public struct SelectionTarget: Hashable, Sendable, Codable {
    /// The target task's name.
    public var target: String
    /// Policy labels (EQ, PW, RND), in the order of `accuracy` and `sources`.
    public var policies: [String]
    /// accuracy[policy][run]; nil where not evaluated yet.
    public var accuracy: [[Double?]]
    /// Per run: zero-shot, and after finetuning on the target itself.
    public var baseline: [Double?]
    public var direct: [Double?]
    /// sources[policy][run]: the mixture's tasks (names), strongest first for the selected ones.
    public var sources: [[[String]]]

    public init(target: String, policies: [String], accuracy: [[Double?]], baseline: [Double?], direct: [Double?], sources: [[[String]]]) {
        self.target = target
        self.policies = policies
        self.accuracy = accuracy
        self.baseline = baseline
        self.direct = direct
        self.sources = sources
    }

    /// The mean over the runs that have a value; nil when none has.
    public static func mean(_ values: [Double?]) -> Double? {
        let defined = values.compactMap { $0 }
        return defined.isEmpty ? nil : defined.reduce(0, +) / Double(defined.count)
    }
}
