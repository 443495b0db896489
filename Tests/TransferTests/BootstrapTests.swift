import Testing
@testable import Transfer

@Suite struct BootstrapTests {
    /// Synthetic studies with a known PGF: the 95 % intervals cover it about 95 % of the time.
    @Test func intervalsCoverTheTruth() {
        var random = SplitMix(seed: 42)
        func answers(_ p: Double, _ n: Int) -> [Bool] { (0..<n).map { _ in Double(random.next() >> 11) * 0x1p-53 < p } }
        let (base, tuned, n) = (0.55, 0.70, 300)
        let truth = (tuned - base) / (1 - base)
        let trials = 200
        var covered = 0
        for trial in 0..<trials {
            let b = Counts(answers: answers(base, n)), f = Counts(answers: answers(tuned, n))
            let other = Counts(answers: answers(0.5, n))
            let runs = ModelRuns(model: "synthetic", tasks: ["x", "y"], runs: ["s"],
                                 baseline: [[b, other]], finetuned: [[[other, other], [f, other]]])
            let analysis = ModelAnalysis(runs, bootstrap: Bootstrap(replicates: 400, seed: UInt64(trial + 1)))
            if let interval = analysis.intervals?[1][0], interval.contains(truth) { covered += 1 }
        }
        let coverage = Double(covered) / Double(trials)
        print("bootstrap coverage of a 95 % interval: \(coverage) over \(trials) synthetic studies")
        #expect(coverage >= 0.90 && coverage <= 0.99)
    }

    /// Two runs of one shared base, asked the same questions, that answered alike: one resample
    /// serves both, so the seed mean is exactly as uncertain as one run. Resampled apart (runs of
    /// bases of their own), the same two runs would look surer than the questions allow.
    @Test func runsOfOneBaseShareTheirResample() throws {
        var random = SplitMix(seed: 7)
        func answers(_ p: Double) -> Counts { Counts(answers: (0..<400).map { _ in Double(random.next() >> 11) * 0x1p-53 < p }) }
        let (b, f, o) = (answers(0.55), answers(0.7), answers(0.5))
        let one = ModelRuns(model: "m", tasks: ["x", "y"], runs: ["0"], baseline: [[b, o]], finetuned: [[[o, o], [f, o]]])
        var two = ModelRuns(model: "m", tasks: ["x", "y"], runs: ["0", "1"], baseline: [[b, o], [b, o]],
                            finetuned: [[[o, o], [f, o]], [[o, o], [f, o]]])
        let width = { (runs: ModelRuns) throws -> Double in
            let interval = try #require(ModelAnalysis(runs, bootstrap: Bootstrap(replicates: 500, seed: 3)).intervals?[1][0])
            return interval.high - interval.low
        }
        let apart = try width(two)
        two.sharedBase = "1"
        let (shared, single) = (try width(two), try width(one))
        #expect(abs(shared - single) < 0.02 * shared, "shared \(shared), one run \(single)")
        #expect(apart < 0.8 * shared, "apart \(apart), shared \(shared)")
        #expect(ModelAnalysis(two, bootstrap: nil).sharedBase == "1")
    }

    @Test func noAnswersNoIntervals() {
        let c = Counts(correct: 5, total: 10)
        let runs = ModelRuns(model: "m", tasks: ["x", "y"], runs: ["s"], baseline: [[c, c]], finetuned: [[[c, c], [c, c]]])
        #expect(ModelAnalysis(runs).intervals == nil)
    }
}
