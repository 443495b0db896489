/// What a job does.
public enum JobKind: Hashable, Sendable, CaseIterable, CustomStringConvertible {
    /// Train a base model on the generic mixture; produces a base checkpoint.
    case pretrain
    /// LoRA-finetune a base model on one source task; produces an adapter.
    case finetune
    /// Score a base model (with an optional adapter) on one target task; produces counts.
    case evaluate
    /// Benchmark only: does no work and reports an evaluation of zero questions; measures the
    /// coordinator and the protocol alone.
    case noop

    public var description: String {
        switch self {
        case .pretrain: "pretrain"
        case .finetune: "finetune"
        case .evaluate: "evaluate"
        case .noop: "noop"
        }
    }
}
