import Testing
import Grid
@testable import Store
import Transfer
import Wire

/// The store's evaluations become the analysis's input: PGF per seed against that seed's own
/// baseline, blanks for cells not evaluated yet, counts (for intervals) only when complete.
@Suite struct StoreResultsTests {
    let spec: GridSpec = {
        var spec = try! GridSpec.preset("smoke")
        spec.tasks = ["AS", "RD"]
        spec.seeds = [0, 1]
        return spec
    }()

    func evaluation(seed: UInt64, source: String?, target: String, correct: Int, total: Int = 8) -> StoredEvaluation {
        // Bits LSB first: the first `correct` questions right.
        var bits = [UInt8](repeating: 0, count: (total + 7) / 8)
        for q in 0..<correct { bits[q / 8] |= 1 << (q % 8) }
        return StoredEvaluation(job: "\(seed).\(source ?? "base").\(target)", model: "small", seed: seed, source: source, target: target,
                                correct: correct, total: total, correctness: bits, worker: "w", attempt: 1)
    }

    func complete() -> [StoredEvaluation] {
        var out: [StoredEvaluation] = []
        for seed: UInt64 in [0, 1] {
            out.append(evaluation(seed: seed, source: nil, target: "AS", correct: 4))
            out.append(evaluation(seed: seed, source: nil, target: "RD", correct: seed == 0 ? 6 : 8))
            for source in ["AS", "RD"] {
                out.append(evaluation(seed: seed, source: source, target: "AS", correct: source == "AS" ? 7 : 2))
                out.append(evaluation(seed: seed, source: source, target: "RD", correct: 5))
            }
        }
        return out
    }

    @Test func pgfPerSeedAgainstItsOwnBaseline() throws {
        let runs = try StoreResults.modelRuns(spec: spec, evaluations: complete())
        #expect(runs.count == 1)
        let small = try #require(runs.first)
        #expect(small.model == "small")
        #expect(small.tasks == [PerceptionTask.artStyle.name, PerceptionTask.relativeDepth.name])
        #expect(small.runs == ["0", "1"])
        // Seed 0: AS baseline 4/8, finetuned on AS 7/8: (0.875 - 0.5) / 0.5 = 0.75.
        #expect(small.pgf[0][0][0] == 0.75)
        // AS -> AS is the same in seed 1; RD's baseline is 8/8 there: undefined.
        #expect(small.pgf[1][0][0] == 0.75)
        #expect(small.pgf[0][1][1] == (0.625 - 0.75) / 0.25)
        #expect(small.pgf[1][1][1] == nil)
        #expect(small.baseline?[0][0] == Counts(answers: [true, true, true, true, false, false, false, false]))
        #expect(small.finetuned?[1][1][0].correct == 2)
    }

    @Test func formatControlScoresAreAControlRowNotABaseline() throws {
        var withControl = spec
        withControl.formatControl = true
        var evaluations = complete()
        for seed: UInt64 in [0, 1] {
            evaluations.append(evaluation(seed: seed, source: "FMT", target: "AS", correct: 5))
            evaluations.append(evaluation(seed: seed, source: "FMT", target: "RD", correct: 1))
        }
        let small = try #require(try StoreResults.modelRuns(spec: withControl, evaluations: evaluations).first)
        // The plain cells are those of the grid without a control.
        let plain = try #require(try StoreResults.modelRuns(spec: spec, evaluations: complete()).first)
        #expect(small.pgf == plain.pgf && small.baseline == plain.baseline)
        // Seed 0: AS 4/8 -> 5/8: 0.25; RD 6/8 -> 1/8: -2.5; seed 1: RD's baseline is 8/8, undefined.
        #expect(small.control?[0] == [0.25, -2.5])
        #expect(small.control?[1] == [0.25, nil])
        #expect(plain.control == nil)
        let analysis = ModelAnalysis(small, bootstrap: nil)
        let control = try #require(analysis.formatControl)
        #expect(control.perTarget == [0.25, -2.5])
        // AS -> AS (0.75) and RD -> RD (-0.5) both beat the control on their own task.
        #expect(control.diagonalAbove == 2)
        // Off the diagonal: RD -> AS is (2/8 - 4/8) / 0.5 = -0.5 < 0.25; AS -> RD is the mean of
        // seed 0's (5/8 - 6/8) / 0.25 = -0.5 (seed 1 undefined) > -2.5.
        #expect(control.pairsAbove == 1 && control.pairsBelow == 1)
    }

    @Test func aRunningGridLeavesBlanksAndNoCounts() throws {
        let partial = complete().filter { !($0.seed == 1 && $0.source == "RD") }
        let small = try #require(try StoreResults.modelRuns(spec: spec, evaluations: partial).first)
        #expect(small.pgf[1][1][0] == nil)
        #expect(small.pgf[1][0][0] == 0.75)
        #expect(small.baseline == nil && small.finetuned == nil)
    }

    @Test func modelsWithoutADefinedCellAreLeftOut() throws {
        let baselinesOnly = complete().filter { $0.source == nil }
        #expect(try StoreResults.modelRuns(spec: spec, evaluations: baselinesOnly).isEmpty)
    }
}
