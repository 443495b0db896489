import Core
import ArgumentParser
import Foundation
import Perception

/// `transfergrid bench tasks`: how fast each task's questions are made (rendered and asked),
/// which every training step and evaluation pays before the engine runs.
struct BenchTasks: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "tasks",
        abstract: "Questions made per second, per task (rendering included)."
    )

    @Option(help: "Questions per task.")
    var count = 500

    func validate() throws {
        guard count >= 1 else { throw ValidationError("--count must be at least 1, got \(count)") }
    }

    func run() {
        let clock = ContinuousClock()
        print("task  questions/s  ms/question")
        var total: Duration = .zero
        for task in PerceptionTask.allCases {
            let elapsed = clock.measure {
                for index in 0..<count { _ = TaskGenerator.question(task, split: .train, index: index, seed: 1) }
            }
            total += elapsed
            let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18
            print(String(format: "%@  %11.0f  %11.3f", task.abbreviation.padding(toLength: 4, withPad: " ", startingAt: 0),
                         Double(count) / seconds, seconds * 1000 / Double(count)))
        }
        let seconds = Double(total.components.seconds) + Double(total.components.attoseconds) * 1e-18
        print(String(format: "all   %11.0f  %11.3f", Double(count * PerceptionTask.allCases.count) / seconds,
                     seconds * 1000 / Double(count * PerceptionTask.allCases.count)))
    }
}
