internal import Core
internal import GridProto

extension Hyperparameters {
    init(proto p: Transfergrid__V1__Hyperparameters, at path: String) throws(WireError) {
        self.init(
            steps: try ProtoField.required(p.has_steps, p.steps, "\(path).steps"),
            batchSize: try ProtoField.required(p.has_batch_size, p.batch_size, "\(path).batch_size"),
            learningRate: try ProtoField.required(p.has_learning_rate, p.learning_rate, "\(path).learning_rate"),
            warmupSteps: try ProtoField.required(p.has_warmup_steps, p.warmup_steps, "\(path).warmup_steps"),
            weightDecay: try ProtoField.required(p.has_weight_decay, p.weight_decay, "\(path).weight_decay"),
            gradClip: try ProtoField.required(p.has_grad_clip, p.grad_clip, "\(path).grad_clip"),
            loraRank: try ProtoField.required(p.has_lora_rank, p.lora_rank, "\(path).lora_rank"),
            loraAlpha: try ProtoField.required(p.has_lora_alpha, p.lora_alpha, "\(path).lora_alpha"),
            trainExamples: try ProtoField.required(p.has_train_examples, p.train_examples, "\(path).train_examples"),
            evalExamples: try ProtoField.required(p.has_eval_examples, p.eval_examples, "\(path).eval_examples"),
            blasThreads: try ProtoField.required(p.has_blas_threads, p.blas_threads, "\(path).blas_threads"),
            stagedTasks: ProtoField.optional(p.has_staged_tasks, p.staged_tasks).map { $0 != 0 } ?? false)
        rehearsalShare = ProtoField.optional(p.has_rehearsal_share, p.rehearsal_share) ?? 0
        rehearsalPool = ProtoField.optional(p.has_rehearsal_pool, p.rehearsal_pool) ?? 0
        taskWeights = Array(ProtoField.elements(p.task_weights, p.n_task_weights))
        shiftContrast = ProtoField.optional(p.has_shift_contrast, p.shift_contrast) ?? 0
        shiftCast = ProtoField.optional(p.has_shift_cast, p.shift_cast) ?? 0
        shiftNoise = ProtoField.optional(p.has_shift_noise, p.shift_noise) ?? 0
        baseSeed = ProtoField.optional(p.has_base_seed, p.base_seed)
        taskVersions = TaskVersions(wire: Array(ProtoField.elements(p.task_versions, p.n_task_versions)))
        noopMillis = ProtoField.optional(p.has_noop_millis, p.noop_millis) ?? 0
        for (index, task) in ProtoField.elements(p.first_stages, p.n_first_stages).enumerated() {
            firstStages.append(try PerceptionTask(proto: task, at: "\(path).first_stages[\(index)]"))
        }
    }

    func proto(in arena: ProtoArena) -> UnsafeMutablePointer<Transfergrid__V1__Hyperparameters> {
        let message = arena.message(transfergrid__v1__hyperparameters__init)
        message.pointee.has_steps = 1
        message.pointee.steps = steps
        message.pointee.has_batch_size = 1
        message.pointee.batch_size = batchSize
        message.pointee.has_learning_rate = 1
        message.pointee.learning_rate = learningRate
        message.pointee.has_warmup_steps = 1
        message.pointee.warmup_steps = warmupSteps
        message.pointee.has_weight_decay = 1
        message.pointee.weight_decay = weightDecay
        message.pointee.has_grad_clip = 1
        message.pointee.grad_clip = gradClip
        message.pointee.has_lora_rank = 1
        message.pointee.lora_rank = loraRank
        message.pointee.has_lora_alpha = 1
        message.pointee.lora_alpha = loraAlpha
        message.pointee.has_train_examples = 1
        message.pointee.train_examples = trainExamples
        message.pointee.has_eval_examples = 1
        message.pointee.eval_examples = evalExamples
        message.pointee.has_blas_threads = 1
        message.pointee.blas_threads = blasThreads
        if stagedTasks {
            message.pointee.has_staged_tasks = 1
            message.pointee.staged_tasks = 1
        }
        if rehearsalShare > 0 {
            message.pointee.has_rehearsal_share = 1
            message.pointee.rehearsal_share = rehearsalShare
            message.pointee.has_rehearsal_pool = 1
            message.pointee.rehearsal_pool = rehearsalPool
        }
        if shiftContrast != 0 || shiftCast != 0 || shiftNoise != 0 {
            message.pointee.has_shift_contrast = 1
            message.pointee.shift_contrast = shiftContrast
            message.pointee.has_shift_cast = 1
            message.pointee.shift_cast = shiftCast
            message.pointee.has_shift_noise = 1
            message.pointee.shift_noise = shiftNoise
        }
        if let baseSeed {
            message.pointee.has_base_seed = 1
            message.pointee.base_seed = baseSeed
        }
        message.pointee.n_task_versions = taskVersions.values.count
        message.pointee.task_versions = arena.array(taskVersions.values)
        message.pointee.n_task_weights = taskWeights.count
        message.pointee.task_weights = arena.array(taskWeights)
        if noopMillis > 0 {
            message.pointee.has_noop_millis = 1
            message.pointee.noop_millis = noopMillis
        }
        message.pointee.n_first_stages = firstStages.count
        message.pointee.first_stages = arena.array(firstStages.map(\.proto))
        return message
    }
}
