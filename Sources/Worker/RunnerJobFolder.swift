internal import Core
internal import Foundation
internal import Hashing
internal import Perception

/// The folder a runner's job runs in, inside the worker's own folder: `jobs/<name>-a<attempt>`,
/// where the name is a digest of the job id (so no id, whatever it holds, names a path). It
/// holds `job.json` (the contract's input), `inputs/base` and `inputs/adapter` (the verified
/// input artifacts, unpacked), and is where the runner writes `result.json` and its output.
struct RunnerJobFolder {
    let path: String

    init(jobsDirectory: String, job: JobSpec, attempt: UInt32) {
        let name = SHA256Digest.of(Array(job.id.utf8)).hex.prefix(16)
        // Absolute: the command starts inside the folder, and job.json's paths must hold there.
        let root = jobsDirectory.hasPrefix("/") ? jobsDirectory : FileManager.default.currentDirectoryPath + "/" + jobsDirectory
        path = root + "/\(name)-a\(attempt)"
    }

    var jobFile: String { path + "/job.json" }
    var resultFile: String { path + "/result.json" }
    var stderrFile: String { path + "/stderr.log" }
    var stdoutFile: String { path + "/stdout.log" }

    static func inputFolder(_ role: ArtifactRef.Role) -> String {
        switch role {
        case .baseCheckpoint: "inputs/base"
        case .loraAdapter: "inputs/adapter"
        }
    }

    /// Makes the folder afresh, unpacks the job's inputs from `cache` and writes `job.json`.
    func prepare(_ job: JobSpec, attempt: UInt32, cache: ArtifactCache) throws(NormalisedArchive.Failure) {
        try? FileManager.default.removeItem(atPath: path)
        do {
            try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        } catch {
            throw NormalisedArchive.Failure(description: "cannot create the job folder \(path): \(error.localizedDescription)")
        }
        for input in job.inputs {
            try NormalisedArchive.extract(cache.path(input.digest), into: path + "/" + Self.inputFolder(input.role))
        }
        guard let data = try? JSONSerialization.data(withJSONObject: Self.document(job, attempt: attempt), options: [.prettyPrinted, .sortedKeys]),
              FileManager.default.createFile(atPath: jobFile, contents: data) else {
            throw NormalisedArchive.Failure(description: "cannot write \(jobFile)")
        }
    }

    /// The path of this transfergrid binary, for runners that export questions with it.
    static var transfergridPath: String {
        Bundle.main.executablePath ?? CommandLine.arguments[0]
    }

    /// The questions the engine would use for the job, one export per task (`transfergrid tasks
    /// export` writes each): an evaluation's held-out questions of its target; a finetune's
    /// training questions of each task it trains on (steps x batch of each: enough for any
    /// schedule); a pretraining's of all 13 tasks (an equal share of steps x batch each).
    static func questions(_ job: JobSpec) -> [QuestionExport] {
        let hp = job.hyperparameters
        let examples = Int(hp.steps * hp.batchSize)
        switch job.kind {
        case .evaluate:
            guard let target = job.target else { return [] }
            return [QuestionExport(task: target, split: .evaluation, seed: JobRunner.baseSeed(job, "eval-questions"), count: Int(hp.evalExamples),
                                   version: Int(hp.taskVersions[target]), shift: hp.domainShift)]
        case .finetune:
            let tasks = job.source.map { [$0] } ?? job.mixture
            let seed = JobRunner.seed(job, "finetune-data", JobRunner.finetuneLabel(job))
            return tasks.map { QuestionExport(task: $0, split: .train, seed: seed, count: examples, version: Int(hp.taskVersions[$0]), shift: hp.domainShift) }
        case .pretrain:
            let seed = JobRunner.seed(job, "pretrain-data")
            let share = (examples + PerceptionTask.allCases.count - 1) / PerceptionTask.allCases.count
            return PerceptionTask.allCases.map { QuestionExport(task: $0, split: .train, seed: seed, count: share, version: Int(hp.taskVersions[$0])) }
        case .noop:
            return []
        }
    }

    /// `job.json`: everything the runner needs, by the names of the contract
    /// (docs/runners.md). Paths are relative to the job folder, where the runner starts.
    static func document(_ job: JobSpec, attempt: UInt32) -> [String: Any] {
        let hp = job.hyperparameters
        var versions: [String: Int] = [:]
        for task in PerceptionTask.allCases { versions[task.abbreviation] = Int(hp.taskVersions[task]) }
        var document: [String: Any] = [
            "contract": 1,
            "job_id": job.id,
            "attempt": Int(attempt),
            "kind": job.kind.description,
            "model": job.model.rawValue,
            "seed": NSNumber(value: job.seed),
            "base_seed": NSNumber(value: hp.baseSeed ?? job.seed),
            "mixture": job.mixture.map(\.abbreviation),
            "mixture_weights": job.mixtureWeights,
            "shuffled_labels": job.shuffledLabels,
            "hyperparameters": [
                "steps": Int(hp.steps), "batch_size": Int(hp.batchSize), "learning_rate": hp.learningRate,
                "warmup_steps": Int(hp.warmupSteps), "weight_decay": hp.weightDecay, "grad_clip": hp.gradClip,
                "lora_rank": Int(hp.loraRank), "lora_alpha": hp.loraAlpha, "train_examples": Int(hp.trainExamples),
                "eval_examples": Int(hp.evalExamples), "rehearsal_share": hp.rehearsalShare,
                "task_weights": hp.taskWeights, "staged_tasks": hp.stagedTasks,
            ] as [String: Any],
            "task_versions": versions,
            "inputs": Dictionary(uniqueKeysWithValues: job.inputs.map { input in
                (input.role == .baseCheckpoint ? "base" : "adapter", inputFolder(input.role))
            }),
            "output": "output",
            "result": "result.json",
        ]
        document["questions"] = questions(job).map(\.fields)
        document["transfergrid"] = transfergridPath
        document["source"] = job.source?.abbreviation ?? NSNull()
        document["target"] = job.target?.abbreviation ?? NSNull()
        document["given_base"] = job.givenBase ?? NSNull()
        return document
    }
}
