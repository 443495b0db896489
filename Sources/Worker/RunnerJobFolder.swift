internal import Core
internal import Foundation
internal import Hashing

/// The folder a runner's job runs in, inside the worker's own folder: `jobs/<name>-a<attempt>`,
/// where the name is a digest of the job id (so no id, whatever it holds, names a path). It
/// holds `job.json` (the contract's input), `inputs/base` and `inputs/adapter` (the verified
/// input artifacts, unpacked), and is where the runner writes `result.json` and its output.
struct RunnerJobFolder {
    let path: String

    init(jobsDirectory: String, job: JobSpec, attempt: UInt32) {
        let name = SHA256Digest.of(Array(job.id.utf8)).hex.prefix(16)
        path = jobsDirectory + "/\(name)-a\(attempt)"
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
        document["source"] = job.source?.abbreviation ?? NSNull()
        document["target"] = job.target?.abbreviation ?? NSNull()
        document["given_base"] = job.givenBase ?? NSNull()
        return document
    }
}
