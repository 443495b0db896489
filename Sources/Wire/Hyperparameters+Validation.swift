public import Core

extension Hyperparameters {
    /// Checks the ranges: batch size and BLAS threads at least 1, rates finite and not negative,
    /// warmup no longer than training, a rehearsal share of at most 1 with a pool to draw from, a positive task weight per
    /// task or none, a shift's contrast at most 0.99, its cast and noise at most 0.5, first
    /// stages only for a staged pretraining and each task at most once.
    public func validate(at path: String = "Hyperparameters") throws(WireError) {
        guard batchSize >= 1 else { throw .invalid("\(path).batch_size", "must be at least 1, got 0") }
        guard blasThreads >= 1 else { throw .invalid("\(path).blas_threads", "must be at least 1, got 0") }
        guard warmupSteps <= steps else {
            throw .invalid("\(path).warmup_steps", "\(warmupSteps) exceeds steps (\(steps))")
        }
        for (name, value) in [
            ("learning_rate", learningRate), ("weight_decay", weightDecay),
            ("grad_clip", gradClip), ("lora_alpha", loraAlpha), ("rehearsal_share", rehearsalShare),
            ("shift_contrast", shiftContrast), ("shift_cast", shiftCast), ("shift_noise", shiftNoise),
        ] {
            guard value.isFinite, value >= 0 else {
                throw .invalid("\(path).\(name)", "must be finite and not negative, got \(value)")
            }
        }
        guard shiftContrast <= Self.maxShiftContrast else {
            throw .invalid("\(path).shift_contrast", "must be at most \(Self.maxShiftContrast) (1 would leave no image), got \(shiftContrast)")
        }
        for (name, value) in [("shift_cast", shiftCast), ("shift_noise", shiftNoise)] where value > Self.maxShiftCastOrNoise {
            throw .invalid("\(path).\(name)", "must be at most \(Self.maxShiftCastOrNoise), got \(value)")
        }
        guard rehearsalShare <= 1 else { throw .invalid("\(path).rehearsal_share", "must be at most 1, got \(rehearsalShare)") }
        guard rehearsalShare == 0 || rehearsalPool >= 1 else {
            throw .invalid("\(path).rehearsal_pool", "must be at least 1 when rehearsal_share is \(rehearsalShare)")
        }
        guard rehearsalShare > 0 || rehearsalPool == 0 else {
            throw .invalid("\(path).rehearsal_pool", "is \(rehearsalPool) but rehearsal_share is 0: no questions are rehearsed")
        }
        try taskVersions.validate(at: "\(path).task_versions")
        if !firstStages.isEmpty {
            guard stagedTasks else {
                throw .invalid("\(path).first_stages", "orders a staged pretraining's stages, but staged_tasks is false")
            }
            guard Set(firstStages).count == firstStages.count else {
                throw .invalid("\(path).first_stages", "names a task twice: \(firstStages.map(\.abbreviation))")
            }
        }
        if !taskWeights.isEmpty {
            let tasks = PerceptionTask.allCases.count
            guard taskWeights.count == tasks else {
                throw .invalid("\(path).task_weights", "\(taskWeights.count) weight(s); give one per task (\(tasks)) or none")
            }
            guard taskWeights.allSatisfy({ $0.isFinite && $0 > 0 }) else {
                throw .invalid("\(path).task_weights", "weights must be finite and positive: \(taskWeights)")
            }
        }
    }
}
