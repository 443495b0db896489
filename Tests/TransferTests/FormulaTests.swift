import Foundation
import Testing
@testable import Transfer

@Suite struct FormulaTests {
    @Test func pgf() {
        #expect(PGF.value(baseline: 0.5, finetuned: 0.75) == 0.5)
        #expect(PGF.value(baseline: 0.5, finetuned: 0.25) == -0.5)
        #expect(PGF.value(baseline: 0.5, finetuned: 1) == 1)
        #expect(PGF.value(baseline: 1, finetuned: 0.9) == nil, "baseline at the ceiling is undefined")
        // With m questions the minimum is -(m - 1): baseline (m-1)/m, finetuned 0.
        let m = 20.0
        #expect(abs(PGF.value(baseline: (m - 1) / m, finetuned: 0)! + (m - 1)) < 1e-9)
        #expect(PGF.value(baseline: Counts(correct: 3, total: 4), finetuned: Counts(correct: 4, total: 4)) == 1)
    }

    @Test func aggregateByHand() {
        // N = 4: positives 0.4, 0.2 (p = 2); negatives -0.6 (n = 1); the diagonal already removed.
        let a = Aggregate.of([0.4, 0.2, -0.6, 0, nil], n: 4)
        #expect(abs(a.positive - (1 - exp(-2.0 / 4)) / 2 * 0.6) < 1e-12)
        #expect(abs(a.negative - (1 - exp(-1.0 / 4)) / 1 * -0.6) < 1e-12)
        let none = Aggregate.of([-0.1, -0.2], n: 12)
        #expect(none.positive == 0, "no positive entries give T+ = 0")
        #expect(Aggregate.of([], n: 12) == Aggregate(positive: 0, negative: 0))
    }

    @Test func rowsColumnsAndTheDiagonal() {
        let m: [[Double?]] = [[0.9, 0.2, -0.1], [0.3, 0.8, nil], [-0.4, 0.1, 0.7]]
        let t = Aggregate.transferability(m), mal = Aggregate.malleability(m)
        #expect(t[0] == Aggregate.of([0.2, -0.1], n: 2))
        #expect(t[1] == Aggregate.of([0.3, nil], n: 2))
        #expect(mal[0] == Aggregate.of([0.3, -0.4], n: 2))
        #expect(mal[2] == Aggregate.of([-0.1, nil], n: 2))
    }

    @Test func undefinedCellsAreExcludedAndReported() {
        let runs = ModelRuns(model: "m", tasks: ["a", "b", "c"], runs: ["s0", "s1"], pgf: [
            [[0.5, nil, 0.1], [0.2, 0.5, 0.3], [-0.2, 0.1, 0.5]],
            [[0.5, nil, 0.3], [0.4, 0.5, 0.1], [-0.4, 0.3, 0.5]],
        ])
        let analysis = ModelAnalysis(runs, bootstrap: nil)
        #expect(analysis.meanPGF[0][1] == nil)
        #expect(analysis.pairs.undefined == 1 && analysis.pairs.positive == 4 && analysis.pairs.negative == 1)
        #expect(analysis.undefinedCells.count == 2)
        #expect(analysis.transferability[0].positive == Aggregate.of([0.2], n: 2).positive)
    }

    @Test func singleSeed() {
        let runs = ModelRuns(model: "m", tasks: ["a", "b", "c"], runs: ["only"], pgf: [[[0.5, 0.2, -0.1], [0.3, 0.5, 0.4], [-0.2, 0.1, 0.5]]])
        let analysis = ModelAnalysis(runs, bootstrap: nil)
        #expect(analysis.seedSpread.allSatisfy { $0.allSatisfy { $0 == nil } })
        #expect(analysis.transferability.allSatisfy { $0.positiveSpread == nil })
        // One value per task: the donor test cannot reach significance.
        #expect(analysis.personas.allSatisfy { $0.pValue >= 1.0 / 3 - 1e-12 && !$0.significant })
        #expect(analysis.cliques.positive == analysis.cliques.robustPositive)
    }

    @Test func mannWhitneyExact() {
        let r = MannWhitney.greater([3, 4], than: [1, 2])
        #expect(r.u == 4 && r.method == "exact")
        #expect(abs(r.pValue - 1.0 / 6) < 1e-12)
        let none = MannWhitney.greater([1, 2], than: [3, 4])
        #expect(none.pValue == 1)
        // 4 values above 48 others: 1 / C(52, 4).
        let strong = MannWhitney.greater([100, 101, 102, 103], than: (0..<48).map(Double.init))
        #expect(abs(strong.pValue - 1 / 270_725) < 1e-12)
        let tied = MannWhitney.greater([1, 1, 2], than: [1, 0, 0])
        #expect(tied.method == "normal" && tied.pValue < 0.5)
    }

    @Test func cliqueSearch() {
        // A 4-clique {0,1,2,3}, a triangle {3,4,5} and an isolated 6.
        var adjacency = [Set<Int>](repeating: [], count: 7)
        for (a, b) in [(0, 1), (0, 2), (0, 3), (1, 2), (1, 3), (2, 3), (3, 4), (4, 5), (3, 5)] {
            adjacency[a].insert(b)
            adjacency[b].insert(a)
        }
        #expect(Cliques.maximum(adjacency) == [[0, 1, 2, 3]])
        #expect(Cliques.maximal(adjacency) == [[0, 1, 2, 3], [3, 4, 5], [6]])
        let matrix: [[Double?]] = [[1, 0.2, -0.3], [0.1, 1, -0.2], [-0.1, -0.5, 1]]
        #expect(Cliques.maximum(Cliques.graph(matrix, sign: .positive)) == [[0, 1]])
        #expect(Cliques.maximum(Cliques.graph(matrix, sign: .negative)) == [[0, 2], [1, 2]])
    }

    @Test func robustCliquesNeedEveryRun() {
        let agree: [[Double?]] = [[1, 0.2], [0.1, 1]]
        let disagree: [[Double?]] = [[1, 0.2], [-0.1, 1]]
        #expect(Cliques.robustGraph([agree, agree], sign: .positive)[0] == [1])
        #expect(Cliques.robustGraph([agree, disagree], sign: .positive)[0].isEmpty)
    }
}

@Suite struct AccuracySummaryTests {
    @Test func baselineAndSelfFinetunedAccuracyAreMeansOverRuns() throws {
        let c = { (n: Int) in Counts(correct: n, total: 10) }
        let runs = ModelRuns(model: "m", tasks: ["x", "y"], runs: ["0", "1"],
                             baseline: [[c(5), c(2)], [c(7), c(4)]],
                             finetuned: [[[c(9), c(1)], [c(3), c(6)]], [[c(8), c(0)], [c(3), c(8)]]])
        let accuracy = try #require(ModelAnalysis(runs, bootstrap: nil).accuracy)
        #expect(accuracy.map(\.task) == ["x", "y"])
        let expected = [(0.6, 0.85), (0.3, 0.7)]
        for (row, (baseline, tuned)) in zip(accuracy, expected) {
            #expect(abs(row.baseline - baseline) < 1e-12 && abs(row.selfFinetuned - tuned) < 1e-12, "\(row)")
        }
        // Released PGF alone has no counts: no accuracy.
        let released = ModelRuns(model: "m", tasks: ["x", "y"], runs: ["0"], pgf: [[[0.5, 0.1], [-0.2, 0.4]]])
        #expect(ModelAnalysis(released, bootstrap: nil).accuracy == nil)
    }
}
