internal import Foundation
internal import Hashing
public import Core
internal import Engine
internal import Perception

/// Runs one job on the engine. Pure in what matters: the outcome is a function of the job
/// spec and its input files alone (every random stream is seeded from the spec, BLAS runs one
/// thread), so any worker, on any attempt, produces the same bits.
public enum JobRunner {
    public enum Outcome: Sendable {
        case evaluation(CorrectnessBits)
        /// A runner's evaluation: its correctness and the digest of the question set it scored.
        case scored(CorrectnessBits, questions: SHA256Digest)
        /// A file in the worker's cache, named by its digest.
        case artifact(ArtifactRef, path: String, finalLoss: Float)
    }

    public struct Failure: Error, CustomStringConvertible {
        public let description: String
        public let retryable: Bool
        /// Not the job's fault (the worker stopping, a damaged cache file): not counted toward
        /// its attempts.
        public var notCounted = false
        /// An input whose cached file no longer hashes to its name; it was removed.
        public var damagedInput: SHA256Digest?
        /// The worker's disk is full: it takes no job until it has space again.
        public var diskFull = false
    }

    /// Told (step, total steps, loss) after every step or batch; returns false to stop the job.
    public typealias ProgressHandler = (UInt32, UInt32, Float?) -> Bool

    /// - Parameter progress: called after every step or batch; when it returns false the job
    ///   ends at once with a retryable failure (the worker is shutting down).
    public static func run(_ job: JobSpec, cache: ArtifactCache, progress: ProgressHandler) throws(Failure) -> Outcome {
        BLASRuntime.setThreads(Int(job.hyperparameters.blasThreads))
        for input in job.inputs where !cache.intact(input.digest) {
            throw Failure(description: "input \(input.digest.hex.prefix(12)) in this worker's cache no longer hashes to its name: removed, to be fetched again",
                          retryable: true, notCounted: true, damagedInput: input.digest)
        }
        do {
            switch job.kind {
            case .noop:
                return try noop(job, progress: progress)
            case .pretrain:
                return try pretrain(job, cache: cache, progress: progress)
            case .finetune:
                return try finetune(job, cache: cache, progress: progress)
            case .evaluate:
                return try evaluate(job, cache: cache, progress: progress)
            }
        } catch let failure as Failure {
            throw failure
        } catch let error as EngineError where error.code == .diskFull {
            throw Failure(description: "the worker's disk is full: \(error.message)", retryable: true, notCounted: true, diskFull: true)
        } catch {
            throw Failure(description: "\(job.kind) \(job.id): \(error)", retryable: true)
        }
    }

    /// A seed for one purpose, derived from the job's grid seed and what the purpose is about.
    static func seed(_ job: JobSpec, _ purpose: String, _ parts: String...) -> UInt64 {
        seed(run: job.seed, purpose, parts)
    }

    /// A seed for what belongs to the job's base rather than to its run: the base's pretraining
    /// stream (rehearsed questions) and the benchmark's questions. Without a shared base
    /// (`baseSeed` nil) the base is the run's own and this is `seed(job, purpose)`.
    static func baseSeed(_ job: JobSpec, _ purpose: String) -> UInt64 {
        seed(run: job.hyperparameters.baseSeed ?? job.seed, purpose, [])
    }

    private static func seed(run: UInt64, _ purpose: String, _ parts: [String]) -> UInt64 {
        let digest = SHA256Digest.of((["transfergrid/v1", purpose, String(run)] + parts).joined(separator: "/"))
        return digest.bytes.prefix(8).reduce(0) { $0 << 8 | UInt64($1) }
    }

    static func settings(_ hp: Hyperparameters) -> TrainingSettings {
        TrainingSettings(steps: Int(hp.steps), learningRate: Float(hp.learningRate), warmupSteps: Int(hp.warmupSteps),
                         weightDecay: Float(hp.weightDecay), gradClip: Float(hp.gradClip))
    }

    /// The base model trained on a mixture of all 13 tasks (in turn, or staged).
    /// A benchmark job: waits `noopMillis` in steps of at most 100 ms, each reported as
    /// progress (so a stopping worker ends it at once), and scores nothing.
    static func noop(_ job: JobSpec, progress: ProgressHandler) throws -> Outcome {
        let total = job.hyperparameters.noopMillis
        var waited: UInt32 = 0
        while waited < total {
            let slice = min(100, total - waited)
            Thread.sleep(forTimeInterval: Double(slice) / 1000)
            waited += slice
            try report(progress(waited, total, nil), job)
        }
        return .evaluation(CorrectnessBits([]))
    }

    static func pretrain(_ job: JobSpec, cache: ArtifactCache, progress: ProgressHandler) throws -> Outcome {
        let hp = job.hyperparameters
        let model = try VisionLanguageModel(config: try engineConfig(job), seed: seed(job, "init", job.model.description))
        let trainer = Trainer(model: model, settings: settings(hp))
        let dataSeed = seed(job, "pretrain-data")
        let tasks = PerceptionTask.allCases
        var loss: Float = 0
        var schedule = PretrainSchedule(tasks: tasks, steps: Int(hp.steps), batch: Int(hp.batchSize), staged: hp.stagedTasks,
                                         weights: hp.taskWeights, first: hp.firstStages)
        for step in 0..<Int(hp.steps) {
            let questions = (0..<Int(hp.batchSize)).map { i in
                let (task, index) = schedule.next(step: step, i: i)
                return TaskGenerator.question(task, split: .train, index: index, seed: dataSeed, version: hp.taskVersions[task])
            }
            loss = try trainer.step(parts: Tokenizer.parts(questions, config: model.config)).loss
            try report(progress(UInt32(step + 1), hp.steps, loss), job)
        }
        return try cache.store(role: .baseCheckpoint, finalLoss: loss) { path throws(EngineError) in try Checkpoint.saveBase(model, to: path) }
    }

    /// LoRA adapters trained on the source task, or on a mixture of tasks in turn (with
    /// shuffled labels: the format control), base frozen; with rehearsal, part of each batch
    /// is pretraining questions (true labels, whatever the finetune's own labels). The
    /// finetune's own questions are seen through the benchmark shift, rehearsed ones are not.
    static func finetune(_ job: JobSpec, cache: ArtifactCache, progress: ProgressHandler) throws -> Outcome {
        let tasks = job.source.map { [$0] } ?? job.mixture
        guard !tasks.isEmpty else { throw Failure(description: "finetune \(job.id) has no source or mixture", retryable: false) }
        let label = finetuneLabel(job)
        let hp = job.hyperparameters
        let model = try loadBase(job, cache: cache)
        model.addAdapters(rank: Int(hp.loraRank), alpha: Float(hp.loraAlpha), seed: seed(job, "lora", job.model.description, label))
        let trainer = Trainer(model: model, settings: settings(hp))
        let dataSeed = seed(job, "finetune-data", label)
        var labels = RandomSource(seed: seed(job, "shuffled-labels", label))
        var schedule = MixtureSchedule(tasks: tasks, weights: job.mixtureWeights, seed: seed(job, "mixture", label))
        var rehearsal = Rehearsal(share: hp.rehearsalShare, pool: hp.rehearsalPool, batch: Int(hp.batchSize),
                                  seed: seed(job, "rehearsal", label))
        let pretrainData = baseSeed(job, "pretrain-data")
        let shift = hp.domainShift
        var loss: Float = 0
        for step in 0..<Int(hp.steps) {
            let questions = (0..<Int(hp.batchSize)).map { i in
                if i < rehearsal.perBatch {
                    let (task, index) = rehearsal.next()
                    return TaskGenerator.question(task, split: .train, index: index, seed: pretrainData, version: hp.taskVersions[task])
                }
                let (task, index) = schedule.next()
                let question = TaskGenerator.question(task, split: .train, index: index, seed: dataSeed, version: hp.taskVersions[task],
                                                      shift: shift)
                return job.shuffledLabels ? question.relabelled(Int(labels.next() % UInt64(question.options.count))) : question
            }
            loss = try trainer.step(parts: Tokenizer.parts(questions, config: model.config)).loss
            try report(progress(UInt32(step + 1), hp.steps, loss), job)
        }
        return try cache.store(role: .loraAdapter, finalLoss: loss) { path throws(EngineError) in try Checkpoint.saveAdapters(model, to: path) }
    }

    /// Held-out questions of the target, seen through the benchmark shift: the same questions
    /// for every model and finetune of a base, so cells compare question by question.
    static func evaluate(_ job: JobSpec, cache: ArtifactCache, progress: ProgressHandler) throws -> Outcome {
        guard let target = job.target else { throw Failure(description: "evaluate \(job.id) has no target", retryable: false) }
        let model = try loadBase(job, cache: cache)
        if let adapter = job.inputs.first(where: { $0.role == .loraAdapter }) {
            try Checkpoint.loadAdapters(into: model, from: cache.path(adapter.digest))
        }
        let hp = job.hyperparameters
        let total = Int(hp.evalExamples)
        let questions = QuestionCache.evaluation.questions(target, seed: baseSeed(job, "eval-questions"), count: total,
                                                           version: hp.taskVersions[target], shift: hp.domainShift)
        var correct: [Bool] = []
        correct.reserveCapacity(total)
        while correct.count < total {
            let batch = Array(questions[correct.count..<min(total, correct.count + 64)])
            correct += try model.forward(Tokenizer.batch(batch, config: model.config)).correct
            try report(progress(UInt32(correct.count), UInt32(total), nil), job)
        }
        return .evaluation(CorrectnessBits(correct))
    }

    /// What a finetune trains on, as its seeds name it: the source, or the mixture (shuffled
    /// or not, with its weights).
    static func finetuneLabel(_ job: JobSpec) -> String {
        let tasks = job.source.map { [$0] } ?? job.mixture
        return job.source?.abbreviation ?? ((job.shuffledLabels ? "shuffled:" : "mixture:") + tasks.map(\.abbreviation).joined(separator: ",")
            + (job.mixtureWeights.isEmpty ? "" : ":" + job.mixtureWeights.map { String($0) }.joined(separator: ",")))
    }

    static func report(_ goOn: Bool, _ job: JobSpec) throws(Failure) {
        if !goOn { throw Failure(description: "worker shutting down", retryable: true, notCounted: true) }
    }

    /// The engine's shape for the job's model; a model the engine does not know fails for good.
    static func engineConfig(_ job: JobSpec) throws -> ModelConfig {
        guard let size = job.model.engineSize else {
            throw Failure(description: "model \(job.model) is not one of the engine's sizes (\(ModelSize.names))", retryable: false)
        }
        return size.engineConfig
    }

    static func loadBase(_ job: JobSpec, cache: ArtifactCache) throws -> VisionLanguageModel {
        guard let base = job.inputs.first(where: { $0.role == .baseCheckpoint }) else {
            throw Failure(description: "\(job.kind) \(job.id) has no base checkpoint input", retryable: false)
        }
        let model = try Checkpoint.loadBase(from: cache.path(base.digest))
        guard model.config == (try engineConfig(job)) else {
            throw Failure(description: "the base checkpoint \(base.digest.hex.prefix(12)) is not a \(job.model) model", retryable: false)
        }
        return model
    }
}

extension Hyperparameters {
    /// The benchmark's camera, from the wire's three numbers (all 0: none).
    var domainShift: DomainShift {
        DomainShift(contrast: Float(shiftContrast), cast: Float(shiftCast), noise: Float(shiftNoise))
    }
}
