import Core
import Testing
import Grid
@testable import Store
import Transfer

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
        let runs = try StoreResults.modelRuns(grid: ResolvedGrid(spec), evaluations: complete())
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
        // The tasks' chance levels come along, for the study goals: AS and RD have 2 options.
        #expect(small.chance == [0.5, 0.5])
    }

    @Test func formatControlScoresAreAControlRowNotABaseline() throws {
        var withControl = spec
        withControl.formatControl = true
        var evaluations = complete()
        for seed: UInt64 in [0, 1] {
            evaluations.append(evaluation(seed: seed, source: "FMT", target: "AS", correct: 5))
            evaluations.append(evaluation(seed: seed, source: "FMT", target: "RD", correct: 1))
        }
        let small = try #require(try StoreResults.modelRuns(grid: ResolvedGrid(withControl), evaluations: evaluations).first)
        // The plain cells are those of the grid without a control.
        let plain = try #require(try StoreResults.modelRuns(grid: ResolvedGrid(spec), evaluations: complete()).first)
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

    @Test func selectionRowsPairEachPolicyWithTheDirectFinetune() throws {
        var withSelection = spec
        withSelection.selection = SelectionStage(targets: ["AS"], threshold: 0)
        var evaluations = complete()
        for seed: UInt64 in [0, 1] {
            evaluations.append(evaluation(seed: seed, source: "EQ-AS", target: "AS", correct: 6))
            evaluations.append(evaluation(seed: seed, source: "RND-AS", target: "AS", correct: 3))
        }
        let small = try #require(try StoreResults.modelRuns(grid: ResolvedGrid(withSelection), evaluations: evaluations).first)
        let row = try #require(small.selection?.first)
        #expect(row.target == PerceptionTask.artStyle.name && row.policies == ["EQ", "PW", "RND"])
        #expect(row.baseline == [0.5, 0.5] && row.direct == [0.875, 0.875])
        // EQ 6/8 in both runs; PW not evaluated yet; RND 3/8.
        #expect(row.accuracy == [[0.75, 0.75], [nil, nil], [0.375, 0.375]])
        // RD -> AS is 2/8 against 4/8: PGF -0.5, the only other source: the fallback.
        #expect(row.sources[0] == [[PerceptionTask.relativeDepth.name], [PerceptionTask.relativeDepth.name]])
        #expect(small.pgf == (try #require(try StoreResults.modelRuns(grid: ResolvedGrid(spec), evaluations: complete()).first)).pgf)
    }

    /// A running grid: blanks for the cells not in, the baselines' counts once they are all in
    /// (its report measures the baselines goal), the finetuned counts not yet.
    @Test func aRunningGridLeavesBlanksAndNoFinetunedCounts() throws {
        let partial = complete().filter { !($0.seed == 1 && $0.source == "RD") }
        let small = try #require(try StoreResults.modelRuns(grid: ResolvedGrid(spec), evaluations: partial).first)
        #expect(small.pgf[1][1][0] == nil)
        #expect(small.pgf[1][0][0] == 0.75)
        #expect(small.finetuned == nil)
        #expect(small.baseline?.map { $0.map(\.correct) } == [[4, 6], [4, 8]])
        let goals = try #require(ModelAnalysis(small).goals)
        #expect(goals.baselinesInRangePerRun == [1, 0] && goals.baselinesInRange == 1, "AS 50 % is at chance; RD 75 and 100 %, 87.5 on the mean")
        // A baseline not in yet: no baseline counts.
        let fewer = partial.filter { !($0.seed == 1 && $0.source == nil && $0.target == "RD") }
        #expect(try StoreResults.modelRuns(grid: ResolvedGrid(spec), evaluations: fewer).first?.baseline == nil)
    }

    @Test func modelsWithoutADefinedCellAreLeftOut() throws {
        let baselinesOnly = complete().filter { $0.source == nil }
        #expect(try StoreResults.modelRuns(grid: ResolvedGrid(spec), evaluations: baselinesOnly).isEmpty)
    }
}
