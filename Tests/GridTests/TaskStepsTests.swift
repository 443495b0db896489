import Core
import Foundation
import Testing
@testable import Grid

/// `finetune.task_steps`: a finetune budget per source, which changes that source's finetune and
/// cells (and the selection mixtures for it as a target) and nothing else.
@Suite struct TaskStepsTests {
    let valid = """
        name: budgets
        models: [small]
        seeds: [0]
        tasks: [CN, VS, OL]
        pretrain: {steps: 10, batch: 4, learning_rate: 0.001, warmup: 2}
        finetune: {steps: 5, batch: 4, learning_rate: 0.002, warmup: 1, lora_rank: 4}
        evaluation_questions: 32
        selection: {targets: [OL, CN], threshold: 0.05}
        """

    func spec(_ budgets: String) throws(GridError) -> GridSpec {
        try GridSpec.yaml(valid.replacingOccurrences(of: "finetune: {", with: "finetune: {task_steps: \(budgets), "), source: "t")
    }

    @Test func onlyTheNamedSourcesJobsChange() throws {
        let plain = try JobGraph(spec: GridSpec.yaml(valid, source: "t"))
        let longer = try JobGraph(spec: spec("{Object_Localization: 9}"))
        #expect(longer.hash != plain.hash)
        #expect(longer.jobs.count == plain.jobs.count)
        for (job, before) in zip(longer.jobs, plain.jobs) {
            #expect(job.id.dropFirst(12) == before.id.dropFirst(12), "the grids' jobs differ in order or kind")
            let budgeted = job.source == .objectLocalization || (job.selection?.target == .objectLocalization)
            var expected = before.hyperparameters
            if budgeted {
                expected.steps = 9
                expected.trainExamples = 9 * 4
            }
            #expect(job.hyperparameters == expected, "\(job.id)")
            #expect(job.dependencies.map { $0.dropFirst(12) } == before.dependencies.map { $0.dropFirst(12) })
        }
        // Some jobs got the budget: OL's finetune, its 3 cells, and the 3 mixtures for OL with their cells.
        #expect(longer.jobs.filter { $0.hyperparameters.steps == 9 }.count == 1 + 3 + 3 * 2)
    }

    @Test func aBudgetEqualToStepsIsTheDefaultAndNamesAreAbbreviations() throws {
        let plain = try GridSpec.yaml(valid, source: "t")
        #expect(try spec("{OL: 5}").hash() == plain.hash(), "a budget equal to finetune.steps is no budget")
        #expect(try spec("{OL: 9}").hash() == spec("{Object_Localization: 9, CN: 5}").hash())
        let longer = try spec("{OL: 9}")
        #expect(try GridSpec.yaml(longer.yamlText(), source: "t") == longer)
    }

    @Test(arguments: [
        ("{XX: 9}", "\"XX\" is not a task"),
        ("{OL: 0}", "use 1 to 1000000"),
        ("{OL: 9, Object_Localization: 8}", "twice"),
    ])
    func refusesBadBudgets(budgets: String, named: String) {
        do {
            _ = try spec(budgets)
            Issue.record("task_steps \(budgets) was accepted")
        } catch { #expect(error.message.contains(named), "\(error.message) names \(named)") }
    }

    @Test func isForFinetuneOnlyAndNotBelowTheWarmup() {
        for (text, named) in [
            (valid.replacingOccurrences(of: "pretrain: {", with: "pretrain: {task_steps: {OL: 9}, "), "pretrain.task_steps is for finetune only"),
            (valid.replacingOccurrences(of: "warmup: 1, ", with: "warmup: 3, ").replacingOccurrences(of: "finetune: {", with: "finetune: {task_steps: {OL: 2}, "),
             "fewer than finetune.warmup"),
        ] {
            do {
                _ = try GridSpec.yaml(text, source: "t")
                Issue.record("accepted: \(named)")
            } catch { #expect(error.message.contains(named), "\(error.message) names \(named)") }
        }
    }
}
