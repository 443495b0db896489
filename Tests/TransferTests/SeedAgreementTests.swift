import Testing
@testable import Transfer

@Suite struct SeedAgreementTests {
    /// Three tasks, so six off-diagonal cells per run.
    func runs(_ matrices: [[[Double?]]]) -> ModelRuns {
        ModelRuns(model: "m", tasks: ["A", "B", "C"], runs: matrices.indices.map { "s\($0)" }, pgf: matrices)
    }

    @Test func oneRunHasNoAgreement() {
        #expect(SeedAgreement(runs([[[0.5, 0.1, -0.2], [0.3, 0.5, 0.2], [-0.1, 0.0, 0.5]]])) == nil)
    }

    @Test func correlationAndSignsByHand() throws {
        // Off-diagonal cells in row order: AB, AC, BA, BC, CA, CB.
        let first: [[Double?]] = [[9, 0.1, -0.2], [0.3, 9, 0.2], [-0.1, 0.4, 9]]
        let second: [[Double?]] = [[-9, 0.2, -0.1], [0.1, -9, -0.3], [-0.3, 0.5, -9]]
        let a = try #require(SeedAgreement(runs([first, second])))
        let x = [0.1, -0.2, 0.3, 0.2, -0.1, 0.4], y = [0.2, -0.1, 0.1, -0.3, -0.3, 0.5]
        let mx = x.reduce(0, +) / 6, my = y.reduce(0, +) / 6
        let sxy = zip(x, y).map { ($0 - mx) * ($1 - my) }.reduce(0, +)
        let r = sxy / (x.map { ($0 - mx) * ($0 - mx) }.reduce(0, +) * y.map { ($0 - my) * ($0 - my) }.reduce(0, +)).squareRoot()
        // The diagonal (9 against -9) must not count.
        #expect(abs(try #require(a.correlations.first?.r) - r) < 1e-12)
        #expect(a.correlations.first?.cells == 6 && a.comparablePairs == 6)
        #expect(a.positiveInEveryRun.map { "\($0.source)\($0.target)" } == ["CB", "BA", "AB"])
        #expect(a.negativeInEveryRun.map { "\($0.source)\($0.target)" } == ["CA", "AC"])
        #expect(abs(a.positiveInEveryRun[0].mean - 0.45) < 1e-12)
    }

    @Test func undefinedCellsAreLeftOut() throws {
        let first: [[Double?]] = [[0.5, nil, -0.2], [0.3, 0.5, 0.2], [-0.1, 0.4, 0.5]]
        let second: [[Double?]] = [[0.5, 0.2, -0.1], [0.1, 0.5, 0.3], [-0.2, 0.5, 0.5]]
        let third: [[Double?]] = [[0.5, 0.3, -0.3], [0.2, 0.5, 0.1], [-0.3, 0.3, 0.5]]
        let a = try #require(SeedAgreement(runs([first, second, third])))
        #expect(a.correlations.map(\.cells) == [5, 5, 6])
        #expect(a.comparablePairs == 5)
        #expect(!a.positiveInEveryRun.contains { $0.source == "A" && $0.target == "B" })
        #expect(a.correlations.count == 3 && a.meanCorrelation != nil)
    }

    @Test func constantRunsHaveNoCorrelation() throws {
        let flat: [[Double?]] = [[0, 0.1, 0.1], [0.1, 0, 0.1], [0.1, 0.1, 0]]
        let a = try #require(SeedAgreement(runs([flat, flat])))
        #expect(a.correlations.first?.r == nil && a.meanCorrelation == nil)
    }

    /// The released runs of every model agree far above the goal of 0.5.
    @Test func releasedRunsAgree() throws {
        for size in ["3B", "7B", "32B"] {
            let a = try #require(PaperData.analysis(size).seedAgreement)
            #expect(a.correlations.count == 6 && a.comparablePairs == 156)
            #expect(try #require(a.meanCorrelation) > 0.85, "\(size)")
        }
    }
}
