import Core
import ArgumentParser
import Engine
import Foundation
import Perception

extension TransferGrid.Tasks {
    /// `transfergrid tasks learn`: trains the small model on each task alone and reports its
    /// held-out accuracy next to chance. The check that every task can be learned.
    struct Learn: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Train the small model on each task alone; print held-out accuracy next to chance."
        )

        @Option(parsing: .upToNextOption, help: "Tasks (abbreviations); all when omitted.")
        var tasks: [String] = []

        @Option(help: "Training steps per task.")
        var steps = 400

        @Option(help: "Questions per step.")
        var batch = 32

        @Option(help: "Distinct training questions (cycled through; the default never repeats one).")
        var trainQuestions = 10_000_000

        @Option(help: "Held-out evaluation questions.")
        var evalQuestions = 500

        @Option(help: "Peak learning rate.")
        var learningRate: Float = 1e-3

        @Option(help: "Warm-up steps of the learning rate.")
        var warmup = 200

        @Option(help: "Model width (the small model's unless set).")
        var width: Int?

        @Option(help: "Model depth (the small model's unless set).")
        var depth: Int?

        @Option(help: "Seed of the questions and of the model.")
        var seed: UInt64 = 0

        @OptionGroup var taskVersions: TaskVersionsOption

        func run() throws {
            BLASRuntime.setThreads(1)
            let selected = try PerceptionTask.selected(by: tasks)
            let versions = try taskVersions.resolved()
            print("task  chance  accuracy  (small model, \(steps) steps x \(batch), \(trainQuestions) train / \(evalQuestions) held-out questions)")
            for task in selected {
                let clock = ContinuousClock()
                let start = clock.now
                let result = try TaskLearning.run(task, steps: steps, batch: batch, trainQuestions: trainQuestions,
                                                  evalQuestions: evalQuestions, learningRate: learningRate, warmup: warmup, seed: seed,
                                                  version: versions[task], width: width, depth: depth) { step, loss, accuracy in
                    print("  step \(step): loss \(String(format: "%.3f", loss)), training accuracy \(String(format: "%.1f", 100 * accuracy)) %")
                }
                let chance = 100 / Double(task.optionCount)
                print("\(task.abbreviation)\(versions[task] == 1 ? "  " : "v\(versions[task])")  \(String(format: "%5.1f", chance)) %  \(String(format: "%6.1f", 100 * result.accuracy)) %   (\(clock.now - start))")
            }
        }
    }
}

extension TransferGrid.Tasks {
    /// `transfergrid tasks probe`: the shortcut check of every task.
    struct Probe: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Fit trivial models on global image statistics to each task's answers; print held-out accuracy next to chance."
        )

        @Option(parsing: .upToNextOption, help: "Tasks (abbreviations); all when omitted.")
        var tasks: [String] = []

        @OptionGroup var taskVersions: TaskVersionsOption

        func run() throws {
            let selected = try PerceptionTask.selected(by: tasks)
            let versions = try taskVersions.resolved()
            print("task  chance  mean colour  pixels 4x4   (logistic regression, 3000 train / 1000 held-out questions)")
            for task in selected {
                let chance = 100 / Double(task.optionCount)
                let mean = 100 * ShortcutProbe.accuracy(task, features: .meanColour, version: versions[task])
                let pixels = 100 * ShortcutProbe.accuracy(task, features: .pixels4x4, version: versions[task])
                print("\(task.abbreviation)\(versions[task] == 1 ? "  " : "v\(versions[task])")  \(String(format: "%5.1f", chance)) %  \(String(format: "%9.1f", mean)) %  \(String(format: "%9.1f", pixels)) %")
            }
        }
    }
}

extension PerceptionTask {
    /// The tasks named on the command line (abbreviations or names), or all of them.
    static func selected(by names: [String]) throws -> [PerceptionTask] {
        guard !names.isEmpty else { return allCases }
        return try names.map { name in
            guard let task = PerceptionTask(named: name) else {
                throw ValidationError("unknown task '\(name)'; use one of \(allCases.map(\.abbreviation).joined(separator: ", "))")
            }
            return task
        }
    }
}
