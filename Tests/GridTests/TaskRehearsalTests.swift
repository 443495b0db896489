import Core
import Foundation
import Testing
@testable import Grid

/// `finetune.task_rehearsal`: a rehearsal share per source, which changes that source's finetune
/// and cells (and the selection mixtures for it as a target) and nothing else.
@Suite struct TaskRehearsalTests {
    let valid = """
        name: shares
        models: [small]
        seeds: [0]
        tasks: [CN, VS, OL]
        pretrain: {steps: 10, batch: 4, learning_rate: 0.001, warmup: 2}
        finetune: {steps: 5, batch: 4, learning_rate: 0.002, warmup: 1, lora_rank: 4, rehearsal: 0.5}
        evaluation_questions: 32
        selection: {targets: [OL, CN], threshold: 0.05}
        """

    func spec(_ shares: String, in text: String? = nil) throws(GridError) -> GridSpec {
        try GridSpec.yaml((text ?? valid).replacingOccurrences(of: "finetune: {", with: "finetune: {task_rehearsal: \(shares), "), source: "t")
    }

    @Test func onlyTheNamedSourcesJobsChange() throws {
        let plain = try JobGraph(spec: GridSpec.yaml(valid, source: "t"))
        let quarter = try JobGraph(spec: spec("{Object_Localization: 0.25}"))
        #expect(quarter.hash != plain.hash)
        #expect(quarter.jobs.count == plain.jobs.count)
        for (job, before) in zip(quarter.jobs, plain.jobs) {
            #expect(job.id.dropFirst(12) == before.id.dropFirst(12), "the grids' jobs differ in order or kind")
            var expected = before.hyperparameters
            if job.source == .objectLocalization || job.selection?.target == .objectLocalization { expected.rehearsalShare = 0.25 }
            #expect(job.hyperparameters == expected, "\(job.id)")
        }
        // OL's finetune, its 3 cells, and the 3 mixtures for OL with their cells.
        #expect(quarter.jobs.filter { $0.hyperparameters.rehearsalShare == 0.25 }.count == 1 + 3 + 3 * 2)
        // Every other job is the plain grid's, so a store of it lends them (selection jobs, which
        // follow the grid's threshold, never are): all but OL's finetune and cells and the 2 x 3 x 2 selection jobs.
        #expect(quarter.sharedJobs(with: plain).count == quarter.jobs.count - (1 + 3) - 2 * 3 * 2)
    }

    @Test func aShareOnAGridWithoutRehearsalDrawsFromThePretrainingPool() throws {
        let without = valid.replacingOccurrences(of: ", rehearsal: 0.5", with: "")
        let plain = try JobGraph(spec: GridSpec.yaml(without, source: "t"))
        let graph = try JobGraph(spec: spec("{OL: 0.25}", in: without))
        let pool = UInt32(graph.grid.pretrain.questionsSeenPerTask)
        for (job, before) in zip(graph.jobs, plain.jobs) {
            if job.kind == .finetune, job.source == .objectLocalization {
                #expect(job.hyperparameters.rehearsalShare == 0.25 && job.hyperparameters.rehearsalPool == pool && pool > 0)
            } else if job.source != .objectLocalization, job.selection?.target != .objectLocalization {
                #expect(job.hyperparameters == before.hyperparameters, "\(job.id)")
                #expect(job.hyperparameters.rehearsalShare == 0 && job.hyperparameters.rehearsalPool == 0)
            }
        }
        // A share of 0 on a grid with rehearsal turns it off for that source, pool and all.
        let off = try JobGraph(spec: spec("{OL: 0}"))
        let ol = try #require(off.jobs.first { $0.kind == .finetune && $0.source == .objectLocalization })
        #expect(ol.hyperparameters.rehearsalShare == 0 && ol.hyperparameters.rehearsalPool == 0)
    }

    @Test func aShareEqualToRehearsalIsTheDefaultAndNamesAreAbbreviations() throws {
        let plain = try GridSpec.yaml(valid, source: "t")
        #expect(try spec("{OL: 0.5}").hash() == plain.hash(), "a share equal to finetune.rehearsal is no share")
        let without = valid.replacingOccurrences(of: ", rehearsal: 0.5", with: "")
        #expect(try spec("{OL: 0}", in: without).hash() == GridSpec.yaml(without, source: "t").hash(), "0 without rehearsal is the default")
        #expect(try spec("{OL: 0.25}").hash() == spec("{Object_Localization: 0.25, CN: 0.5}").hash())
        let quarter = try spec("{OL: 0.25}")
        #expect(try GridSpec.yaml(quarter.yamlText(), source: "t") == quarter)
    }

    @Test(arguments: [
        ("{XX: 0.25}", "\"XX\" is not a task"),
        ("{OL: 1}", "use a share in [0, 1)"),
        ("{OL: -0.1}", "use a share in [0, 1)"),
        ("{OL: 0.25, Object_Localization: 0.1}", "twice"),
    ])
    func refusesBadShares(shares: String, named: String) {
        do {
            _ = try spec(shares)
            Issue.record("task_rehearsal \(shares) was accepted")
        } catch { #expect(error.message.contains(named), "\(error.message) names \(named)") }
    }

    @Test func isForFinetuneOnly() {
        do {
            _ = try GridSpec.yaml(valid.replacingOccurrences(of: "pretrain: {", with: "pretrain: {task_rehearsal: {OL: 0.25}, "), source: "t")
            Issue.record("pretrain.task_rehearsal was accepted")
        } catch { #expect(error.message.contains("pretrain.task_rehearsal is for finetune only"), "\(error.message)") }
    }
}
