import Testing
@testable import Transfer

/// science.md's reproduction targets, from the three released CSV files alone.
@Suite struct ReproductionTests {
    func abbreviated(_ cliques: [[String]]) -> [Set<String>] { cliques.map { Set($0.map(PaperData.abbreviation)) } }

    @Test func releasedFilesReadWhole() throws {
        for size in ["3B", "7B", "32B"] {
            let runs = try PaperData.runs(size)
            #expect(runs.tasks == PaperData.taskOrder)
            #expect(runs.runs == ["initial", "seed_0", "seed_1", "seed_2"])
            #expect(runs.undefinedCells.isEmpty)
        }
    }

    @Test func pairCounts() throws {
        for (size, positive, negative) in [("3B", 77, 79), ("7B", 81, 75), ("32B", 110, 46)] {
            let pairs = try PaperData.analysis(size).pairs
            #expect(pairs.positive == positive && pairs.negative == negative, "\(size): \(pairs)")
            #expect(pairs.positive + pairs.negative + pairs.zero + pairs.undefined == 156)
        }
    }

    @Test func topTransferability() throws {
        #expect(try PaperData.analysis("3B").topTransferability.map(PaperData.abbreviation) == "JG")
        #expect(try PaperData.analysis("7B").topTransferability.map(PaperData.abbreviation) == "SC")
        #expect(try PaperData.analysis("32B").topTransferability.map(PaperData.abbreviation) == "SC")
    }

    @Test func cliques() throws {
        let large = try PaperData.analysis("32B").cliques
        #expect(abbreviated(large.positive) == [["VS", "AS", "VC", "RD", "RR", "SR", "JG", "CN", "FC"]])
        #expect(abbreviated(large.negative) == [["SC", "MR", "OL", "FD"]])
        let medium = try PaperData.analysis("7B").cliques
        #expect(abbreviated(medium.positive) == [["MR", "RD", "RR", "VS"]])
        #expect(medium.negative.count > 1 && medium.negative.allSatisfy { $0.count == 3 })
        let small = try PaperData.analysis("3B").cliques
        #expect(small.positive.count > 1 && small.positive.allSatisfy { $0.count == 3 })
        #expect(small.negative.count > 1 && small.negative.allSatisfy { $0.count == 4 })
    }

    @Test func positiveTransferRisesWithScale() throws {
        let study = StudyAnalysis(try ["32B", "3B", "7B"].map(PaperData.analysis))
        #expect(study.models.map(\.model) == ["qwen-2.5vl-3B-instruct", "qwen-2.5vl-7B-instruct", "qwen-2.5vl-32B-instruct"])
        let averages = study.scale.map(\.averageTransferabilityPositive)
        #expect(abs(averages[0] - 0.04) < 0.005 && abs(averages[1] - 0.05) < 0.006 && abs(averages[2] - 0.13) < 0.005, "\(averages)")
        #expect(study.trends.positiveTransfer == "rising")
    }

    /// `ScaleSummary.paper`, which every report sets beside its own sizes, is the released
    /// data's (each quantity to three decimals), with the seeds' ranges around it.
    @Test func thePapersScaleRowsAreTheReleasedData() throws {
        for (size, expected) in zip(["3B", "7B", "32B"], ScaleSummary.paper.map(\.summary)) {
            let analysis = try PaperData.analysis(size)
            let computed = try #require(analysis.scale)
            func rounded(_ s: ScaleSummary) -> [Double] {
                [s.positiveShare, s.meanOffDiagonal, s.averageTPositive, s.averageTNegative, s.largestPositiveClique, s.largestNegativeClique]
                    .map { ($0 * 1000).rounded() / 1000 }
            }
            #expect(rounded(computed) == rounded(expected), "\(size): \(rounded(computed))")
            #expect(analysis.scaleOverSeeds != nil, "four runs: a range over seeds")
            #expect(analysis.scaleOverQuestions == nil, "released PGF has no per-question answers")
        }
    }
}
