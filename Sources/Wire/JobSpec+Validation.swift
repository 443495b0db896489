public import Core

extension JobSpec {
    /// The rules of each kind:
    /// - pretrain and noop: no source, no target, no inputs;
    /// - finetune: a source or a mixture (not both), no target, exactly one base checkpoint
    ///   (none with a given base);
    /// - evaluate: a target; one base checkpoint (none with a given base), plus one LoRA
    ///   adapter exactly when a source or a mixture is set;
    /// - a given base: only a runner's model's finetune and evaluate jobs;
    /// - a mixture lists distinct tasks; shuffled labels come only with a mixture.
    public func validate(at path: String = "JobSpec") throws(WireError) {
        try WireRules.identifier(id, at: "\(path).job_id")
        try WireRules.identifier(preset, at: "\(path).preset")
        try hyperparameters.validate(at: "\(path).hyperparameters")
        let bases = inputs.filter { $0.role == .baseCheckpoint }.count
        // A given base stands for the base checkpoint.
        let wantedBases = givenBase == nil ? 1 : 0
        if let givenBase {
            try WireRules.identifier(givenBase, at: "\(path).given_base")
            if model.engineSize != nil { throw .invalid("\(path).given_base", "the engine's \(model) starts from a pretrained base, not a given one") }
            if kind == .pretrain || kind == .noop { throw .invalid("\(path).given_base", "a \(kind) job has no given base") }
        }
        let adapters = inputs.filter { $0.role == .loraAdapter }.count
        if Set(mixture).count != mixture.count { throw .invalid("\(path).mixture", "lists a task twice: \(mixture)") }
        if source != nil && !mixture.isEmpty { throw .invalid("\(path).mixture", "a job has a source or a mixture, not both") }
        if shuffledLabels && mixture.isEmpty { throw .invalid("\(path).shuffled_labels", "shuffled labels need a mixture") }
        if !mixtureWeights.isEmpty {
            guard mixtureWeights.count == mixture.count else {
                throw .invalid("\(path).mixture_weights", "\(mixtureWeights.count) weight(s) for \(mixture.count) task(s)")
            }
            guard mixtureWeights.allSatisfy({ $0.isFinite && $0 > 0 }) else {
                throw .invalid("\(path).mixture_weights", "weights must be finite and positive: \(mixtureWeights)")
            }
        }
        switch kind {
        case .pretrain, .noop:
            if source != nil || !mixture.isEmpty { throw .invalid("\(path).source", "a \(kind) job has no source task or mixture") }
            if target != nil { throw .invalid("\(path).target", "a \(kind) job has no target task") }
            if !inputs.isEmpty { throw .invalid("\(path).inputs", "a \(kind) job has no inputs, got \(inputs.count)") }
        case .finetune:
            if !hasAdapter { throw .missing("\(path).source") }
            if target != nil { throw .invalid("\(path).target", "a finetune job has no target task") }
            guard bases == wantedBases, adapters == 0 else {
                throw .invalid("\(path).inputs", "a finetune job takes \(wantedBases) base checkpoint(s) and no adapter, "
                    + "got \(bases) base(s) and \(adapters) adapter(s)")
            }
        case .evaluate:
            if target == nil { throw .missing("\(path).target") }
            let wantedAdapters = hasAdapter ? 1 : 0
            guard bases == wantedBases, adapters == wantedAdapters else {
                throw .invalid("\(path).inputs", "an evaluate job \(hasAdapter ? "with" : "without") "
                    + "a source or mixture takes \(wantedBases) base checkpoint(s) and \(wantedAdapters) adapter(s), "
                    + "got \(bases) base(s) and \(adapters) adapter(s)")
            }
        }
    }
}
