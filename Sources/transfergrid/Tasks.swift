import Core
import ArgumentParser
import Foundation
import Grid
import Perception
import Worker

extension TransferGrid {
    /// `transfergrid tasks ...`: the 13 perception tasks.
    struct Tasks: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "The 13 perception tasks: list them, show their questions as PNG sheets, export them for outside code, probe them for shortcuts, learn them.",
            subcommands: [List.self, Show.self, Export.self, Learn.self, Probe.self]
        )
    }
}

extension TransferGrid.Tasks {
    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List the tasks with their option and image counts and generator versions.")

        func run() {
            print("abbr  task                       options  images  versions")
            for task in PerceptionTask.allCases {
                let name = task.name.replacingOccurrences(of: "_", with: " ")
                let versions = task.latestVersion == 1 ? "1" : "1-\(task.latestVersion)"
                print("\(task.abbreviation)    \(name.padding(toLength: 25, withPad: " ", startingAt: 0))  \(task.optionCount)        \(task.imagesPerQuestion)       \(versions)")
            }
        }
    }

    struct Show: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Write PNG sheets of a task's questions (images, question, options, answer).",
            discussion: "TASK is an abbreviation (RD) or a name (Relative_Depth), or 'all' for every task."
        )

        @Argument(help: "The task (RD, Relative_Depth, ...) or 'all'.")
        var task: String

        @Option(help: "Questions per sheet.")
        var count = 6

        @Option(help: "The folder to write the sheets to (created when missing).")
        var out = "task-sheets"

        @Option(help: "Which split: train or evaluation.")
        var split = "evaluation"

        @Option(help: "The generator seed.")
        var seed: UInt64 = 0

        @Option(help: "Show the questions through a grid's benchmark camera, CONTRAST,CAST,NOISE such as 0.8,0.1,0.")
        var benchmarkShift: String?

        @OptionGroup var taskVersions: TaskVersionsOption

        func validate() throws {
            if let benchmarkShift { _ = try BenchmarkShift.parse(argument: benchmarkShift) }
            _ = try taskVersions.resolved()
            guard task.lowercased() == "all" || PerceptionTask(named: task) != nil else {
                throw ValidationError("unknown task '\(task)'; use one of \(PerceptionTask.allCases.map(\.abbreviation).joined(separator: ", ")) or 'all'")
            }
            guard (1...100).contains(count) else { throw ValidationError("--count must be 1...100, got \(count)") }
            guard ["train", "evaluation"].contains(split) else { throw ValidationError("--split must be train or evaluation, got '\(split)'") }
        }

        func run() throws {
            let tasks = task.lowercased() == "all" ? PerceptionTask.allCases : [PerceptionTask(named: task)].compactMap { $0 }
            try FileManager.default.createDirectory(atPath: out, withIntermediateDirectories: true)
            let which: Split = split == "train" ? .train : .evaluation
            let shift = try benchmarkShift.map(BenchmarkShift.parse(argument:))?.domainShift ?? .none
            let versions = try taskVersions.resolved()
            for task in tasks {
                let questions = (0..<count).map {
                    TaskGenerator.question(task, split: which, index: $0, seed: seed, version: versions[task], shift: shift)
                }
                let path = (out as NSString).appendingPathComponent("\(task.abbreviation)-\(task.name).png")
                try Data(QuestionSheet.png(questions)).write(to: URL(fileURLWithPath: path))
                print("wrote \(path)")
            }
        }
    }

    struct Export: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Write a task's questions for outside code: questions.jsonl, PNG images, exact pixels (pixels.npy), manifest.json.",
            discussion: "Question i is the one the engine draws for the same task, split, seed, version and benchmark shift; a runner's "
                + "job.json lists the exports its job needs. The manifest's questions_digest names the set (docs/runners.md)."
        )

        @Option(help: "The task (RD, Relative_Depth, ...).")
        var task: String

        @Option(help: "Which split: train or evaluation.")
        var split = "evaluation"

        @Option(help: "The generator seed.")
        var seed: UInt64 = 0

        @Option(help: "How many questions (the first ones of the split).")
        var count = 64

        @Option(help: "The version of the task's question generator.")
        var version = 1

        @Option(help: "The benchmark camera, CONTRAST,CAST,NOISE such as 0.8,0.1,0.")
        var benchmarkShift: String?

        @Option(help: "The folder to write (created when missing).")
        var out: String

        func validate() throws {
            guard let found = PerceptionTask(named: task) else {
                throw ValidationError("unknown task '\(task)'; use one of \(PerceptionTask.allCases.map(\.abbreviation).joined(separator: ", "))")
            }
            guard (1...found.latestVersion).contains(version) else { throw ValidationError("--version: \(found.abbreviation) has versions 1 to \(found.latestVersion)") }
            guard (1...1_000_000).contains(count) else { throw ValidationError("--count must be 1 to 1000000, got \(count)") }
            guard ["train", "evaluation"].contains(split) else { throw ValidationError("--split must be train or evaluation, got '\(split)'") }
            if let benchmarkShift { _ = try BenchmarkShift.parse(argument: benchmarkShift) }
        }

        func run() throws {
            guard let task = PerceptionTask(named: task) else { return }
            let shift = try benchmarkShift.map(BenchmarkShift.parse(argument:))?.domainShift ?? .none
            let export = QuestionExport(task: task, split: split == "train" ? .train : .evaluation, seed: seed, count: count, version: version, shift: shift)
            let digest = try export.write(to: out)
            print("wrote \(count) \(task.abbreviation) questions to \(out) (questions digest \(digest.hex))")
        }
    }
}
