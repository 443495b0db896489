import Core
import Wire

/// Representative messages of every type: minimal values, maximal values and every enum case.
enum Fixtures {
    static let digestA = SHA256Digest(bytes: (0..<32).map { UInt8($0) })!
    static let digestB = SHA256Digest(bytes: [UInt8](repeating: 0xff, count: 32))!
    static let digestZero = SHA256Digest(bytes: [UInt8](repeating: 0, count: 32))!

    /// The longest identifier the protocol allows.
    static let longID = String(repeating: "a", count: 127) + "Z"
    /// The longest free text, with multi-byte UTF-8.
    static let longText = String(repeating: "é", count: 2048)

    static let minimalHyperparameters = Hyperparameters(
        steps: 0, batchSize: 1, learningRate: 0, warmupSteps: 0, weightDecay: 0, gradClip: 0,
        loraRank: 0, loraAlpha: 0, trainExamples: 0, evalExamples: 0, blasThreads: 1)

    static let maximalHyperparameters = Hyperparameters(
        steps: .max, batchSize: .max, learningRate: .greatestFiniteMagnitude, warmupSteps: .max,
        weightDecay: 1e300, gradClip: .leastNonzeroMagnitude, loraRank: .max, loraAlpha: 16,
        trainExamples: .max, evalExamples: .max, blasThreads: .max)

    static let typicalHyperparameters = Hyperparameters(
        steps: 200, batchSize: 16, learningRate: 3e-4, warmupSteps: 20, weightDecay: 0.01,
        gradClip: 1, loraRank: 8, loraAlpha: 16, trainExamples: 2000, evalExamples: 400, blasThreads: 1)

    static func job(_ kind: JobKind, source: PerceptionTask? = nil, target: PerceptionTask? = nil,
                    model: ModelName = .small, hyperparameters: Hyperparameters = typicalHyperparameters) -> JobSpec {
        var inputs: [ArtifactRef] = []
        if kind != .pretrain { inputs.append(ArtifactRef(role: .baseCheckpoint, digest: digestA, sizeBytes: 123_456)) }
        if kind == .evaluate, source != nil { inputs.append(ArtifactRef(role: .loraAdapter, digest: digestB, sizeBytes: .max)) }
        let name = [kind.description, model.description, source?.abbreviation, target?.abbreviation]
            .compactMap { $0 }.joined(separator: ":")
        return JobSpec(
            id: name, gridHash: digestB, kind: kind, model: model, seed: 42, source: source,
            target: target, preset: "quick", hyperparameters: hyperparameters, inputs: inputs)
    }

    /// Every job shape: each kind, each model size, each task as source and as target.
    static var jobs: [JobSpec] {
        var jobs: [JobSpec] = ModelSize.allCases.map { job(.pretrain, model: ModelName($0)) }
        jobs.append(job(.pretrain, model: longModelName))
        for task in PerceptionTask.allCases {
            jobs.append(job(.finetune, source: task))
            jobs.append(job(.evaluate, target: task))
            jobs.append(job(.evaluate, source: task, target: task.next))
        }
        jobs.append(job(.pretrain, hyperparameters: minimalHyperparameters))
        var maximal = job(.finetune, source: .jigsaw, model: .large, hyperparameters: maximalHyperparameters)
        maximal.id = longID
        maximal.seed = .max
        maximal.preset = longID
        jobs.append(maximal)
        var staged = job(.pretrain)
        staged.hyperparameters.stagedTasks = true
        jobs.append(staged)
        var weightedPretrain = job(.pretrain)
        weightedPretrain.hyperparameters.stagedTasks = true
        weightedPretrain.hyperparameters.taskWeights = PerceptionTask.allCases.indices.map { 0.25 + Double($0) }
        jobs.append(weightedPretrain)
        var rehearsed = job(.finetune, source: .counting)
        rehearsed.hyperparameters.rehearsalShare = 0.25
        rehearsed.hyperparameters.rehearsalPool = 11_076
        jobs.append(rehearsed)
        var shifted = job(.evaluate, source: .counting, target: .jigsaw)
        shifted.hyperparameters.shiftContrast = 0.8
        shifted.hyperparameters.shiftCast = 0.1
        shifted.hyperparameters.shiftNoise = 0.05
        jobs.append(shifted)
        // A run of a shared base: its seed is not its base's; seed 0 must survive as present.
        for baseSeed: UInt64 in [0, 7, .max] {
            var shared = job(.evaluate, source: .counting, target: .jigsaw)
            shared.seed = 3
            shared.hyperparameters.baseSeed = baseSeed
            jobs.append(shared)
        }
        var versioned = job(.finetune, source: .forensicDetection)
        versioned.hyperparameters.taskVersions = TaskVersions([.forensicDetection: 2])
        jobs.append(versioned)
        var firstStaged = job(.pretrain)
        firstStaged.hyperparameters.stagedTasks = true
        firstStaged.hyperparameters.firstStages = [.forensicDetection, .visualSimilarity]
        jobs.append(firstStaged)
        var weighted = job(.finetune)
        weighted.mixture = [.jigsaw, .counting]
        weighted.mixtureWeights = [0.75, .leastNonzeroMagnitude]
        jobs.append(weighted)
        // The format control: a finetune on a mixture with shuffled labels, and a score of it.
        var control = job(.finetune)
        control.mixture = PerceptionTask.allCases
        control.shuffledLabels = true
        jobs.append(control)
        var controlScore = job(.evaluate, target: .counting)
        controlScore.mixture = [.jigsaw, .artStyle]
        controlScore.inputs.append(ArtifactRef(role: .loraAdapter, digest: digestB, sizeBytes: 1))
        jobs.append(controlScore)
        var zeroSeed = job(.evaluate, target: .counting)
        zeroSeed.seed = 0
        zeroSeed.gridHash = digestZero
        jobs.append(zeroSeed)
        return jobs
    }

    /// The longest model name a job may carry: 64 bytes of the allowed characters.
    static let longModelName = ModelName(String(repeating: "a.b_c-9", count: 9) + "z")!

    static var capabilities: [Capabilities] {
        [
            Capabilities(cores: 1, memoryBytes: 0, maxConcurrentJobs: 1, blasThreads: 1, jobKinds: [.evaluate], blasCore: "Haswell",
                         models: [ModelName(.small)]),
            Capabilities(
                cores: .max, memoryBytes: .max, maxConcurrentJobs: .max, blasThreads: .max,
                jobKinds: JobKind.allCases, cachedArtifacts: [digestA, digestB, digestZero], blasCore: longText,
                models: ModelSize.allCases.map(ModelName.init) + [longModelName]),
        ]
    }

    /// At least one message of every type, with minimal and maximal values.
    static var messages: [Message] {
        var messages: [Message] = []
        for capabilities in capabilities {
            messages.append(.ready(Ready(workerID: "w", host: "h", capabilities: capabilities, softwareVersion: "0")))
            messages.append(.ready(Ready(workerID: longID, host: longText, capabilities: capabilities)))
            messages.append(.ready(Ready(workerID: "w", host: "h", capabilities: capabilities,
                                         heldJobs: [HeldJob(jobID: "j", attempt: 1), HeldJob(jobID: longID, attempt: .max)],
                                         incarnation: .max)))
        }
        messages.append(.heartbeat(Heartbeat(sentAtUnixMilliseconds: 0)))
        messages.append(.heartbeat(Heartbeat(sentAtUnixMilliseconds: .max, runningJobIDs: (0..<64).map { "job-\($0)" } + [longID])))
        for (index, job) in jobs.enumerated() {
            messages.append(.assign(Assign(job: job, attempt: UInt32(index + 1), leaseMilliseconds: 30_000)))
        }
        messages.append(.assign(Assign(job: job(.pretrain), attempt: .max, leaseMilliseconds: .max)))
        messages.append(.assign(Assign(job: job(.pretrain), attempt: 1, leaseMilliseconds: 1)))
        messages.append(.progress(Progress(jobID: "j", attempt: 1, step: 0, totalSteps: 0)))
        messages.append(.progress(Progress(jobID: longID, attempt: .max, step: .max, totalSteps: .max, loss: .greatestFiniteMagnitude)))
        messages.append(.progress(Progress(jobID: "j", attempt: 2, step: 5, totalSteps: 10, loss: .nan)))
        messages.append(.progress(Progress(jobID: "j", attempt: 2, step: 5, totalSteps: 10, loss: -0.0)))
        messages.append(.result(JobResult(jobID: "j", attempt: 1, outcome: .evaluation(CorrectnessBits([])), durationMilliseconds: 0)))
        messages.append(.result(JobResult(jobID: "j", attempt: 1, outcome: .evaluation(CorrectnessBits([true])), durationMilliseconds: 1)))
        let answers = (0..<1001).map { $0 % 3 != 0 }
        messages.append(.result(JobResult(jobID: longID, attempt: .max, outcome: .evaluation(CorrectnessBits(answers)), durationMilliseconds: .max)))
        messages.append(.result(JobResult(jobID: "j", attempt: 1, outcome: .evaluation(CorrectnessBits([Bool](repeating: true, count: 64))), durationMilliseconds: 7)))
        messages.append(.result(JobResult(
            jobID: "p", attempt: 3, outcome: .artifact(ArtifactRef(role: .baseCheckpoint, digest: digestA, sizeBytes: 0), finalLoss: 0.25),
            durationMilliseconds: 12)))
        messages.append(.result(JobResult(
            jobID: "f", attempt: 1, outcome: .artifact(ArtifactRef(role: .loraAdapter, digest: digestB, sizeBytes: .max), finalLoss: .infinity),
            durationMilliseconds: 12)))
        messages.append(.fail(JobFailure(jobID: "j", attempt: 1, reason: "x", retryable: false)))
        messages.append(.fail(JobFailure(jobID: longID, attempt: .max, reason: longText, retryable: true)))
        messages.append(.fail(JobFailure(jobID: "j", attempt: 2, reason: "no space left", retryable: true, notCounted: true)))
        messages.append(.fetch(ArtifactFetch(digest: digestA, offset: 0, maxBytes: 1)))
        messages.append(.fetch(ArtifactFetch(digest: digestB, offset: .max, maxBytes: ArtifactFetch.maxChunkBytes)))
        messages.append(.chunk(ArtifactChunk(digest: digestA, content: .notFound)))
        messages.append(.chunk(ArtifactChunk(digest: digestA, content: .data(offset: 0, totalBytes: 0, bytes: []))))
        messages.append(.chunk(ArtifactChunk(digest: digestB, content: .data(
            offset: 5, totalBytes: 5 + UInt64(ArtifactFetch.maxChunkBytes),
            bytes: (0..<Int(ArtifactFetch.maxChunkBytes)).map { UInt8(truncatingIfNeeded: $0 &* 31) }))))
        messages.append(.chunk(ArtifactChunk(digest: digestZero, content: .data(offset: .max - 3, totalBytes: .max, bytes: [1, 2, 3]))))
        messages.append(.ack(.ready))
        messages.append(.ack(.result(jobID: "j", attempt: 1, duplicate: false)))
        messages.append(.ack(.result(jobID: longID, attempt: .max, duplicate: true)))
        messages.append(.ack(.failure(jobID: "j", attempt: 9)))
        for reason in Disconnect.Reason.allCases { messages.append(.disconnect(Disconnect(reason))) }
        messages.append(.disconnect(Disconnect(.coordinatorStopping, detail: longText)))
        messages.append(.disconnect(Disconnect(.refused, detail: "refused for good", final: true)))
        return messages
    }
}

extension PerceptionTask {
    /// The next task in order, wrapping around: a target different from the source.
    var next: PerceptionTask {
        PerceptionTask(rawValue: rawValue % PerceptionTask.allCases.count + 1)!
    }
}
