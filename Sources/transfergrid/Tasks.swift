import Core
import ArgumentParser
import Foundation
import Grid
import Perception

extension TransferGrid {
    /// `transfergrid tasks ...`: the 13 perception tasks.
    struct Tasks: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "The 13 perception tasks: list them, show their questions as PNG sheets, probe them for shortcuts, learn them.",
            subcommands: [List.self, Show.self, Learn.self, Probe.self]
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
}
