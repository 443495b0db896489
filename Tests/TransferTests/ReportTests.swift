import Foundation
import Report
import Testing
@testable import Transfer

@Suite struct ReportTests {
    static let study: StudyAnalysis? = try? StudyAnalysis(["3B", "7B", "32B"].map(PaperData.analysis))

    @Test func reportFilesAreSelfContained() throws {
        let study = try #require(Self.study)
        let files = try HTMLReport.files(study, threshold: 0.25, abbreviate: PaperData.abbreviation)
        #expect(Set(files.keys) == ["report.html", "cells.csv", "aggregates.csv", "analysis.json",
                                    "graph-qwen-2.5vl-3B-instruct.dot", "graph-qwen-2.5vl-7B-instruct.dot", "graph-qwen-2.5vl-32B-instruct.dot"])
        let html = try #require(files["report.html"])
        #expect(html.components(separatedBy: "<svg").count - 1 == 6, "a heatmap and a graph per model")
        #expect(!html.contains("http://") || html.components(separatedBy: "http://").count - 1 == 6, "only the SVG namespace URIs")
        #expect(!html.contains("https://") && !html.contains("<script") && !html.contains("<link"))
        // 13 x 13 cells per heatmap, each with its value.
        #expect(html.components(separatedBy: "<rect").count - 1 == 3 * 169)
        #expect(files["cells.csv"]?.split(separator: "\n").count == 1 + 3 * 169)
        #expect(files["aggregates.csv"]?.split(separator: "\n").count == 1 + 3 * 2 * 13)
    }

    /// The scale comparison: each model's quantities with the range over its four runs, the
    /// paper's rows, and the sentence on whether positive transfer grows with size; the same in
    /// analysis.json.
    @Test func theScaleComparisonSaysWhetherPositiveTransferGrowsWithSize() throws {
        let study = try #require(Self.study)
        let text = TextReport.render(study, abbreviate: PaperData.abbreviation)
        #expect(text.contains("qwen-2.5vl-32B-instruct: positive pairs 71 % (")
            && text.contains("largest clique + 9 ("), "\(text.suffix(1500))")
        #expect(text.contains("Positive transfer grows with size here, as in the paper: positive pairs 49 % -> 52 % -> 71 %, average T+ 0.043 -> 0.045 -> 0.127"))
        let files = try HTMLReport.files(study, threshold: 0.25, abbreviate: PaperData.abbreviation)
        #expect(files["report.html"]?.contains("<li>Positive transfer grows with size here") == true)
        #expect(files["analysis.json"]?.contains("\"scaleOverSeeds\"") == true)
        let one = TextReport.render(StudyAnalysis([study.models[0]]))
        #expect(one.contains("One model size only: a scale comparison needs two or more."))
    }

    @Test func graphEdgesFollowTheThreshold() throws {
        let study = try #require(Self.study)
        let large = study.models[2]
        let expected = large.meanPGF.enumerated().flatMap { i, row in row.enumerated().filter { j, v in i != j && abs(v ?? 0) >= 0.25 } }.count
        let dot = Exports.dot(large, threshold: 0.25, abbreviate: PaperData.abbreviation)
        #expect(dot.components(separatedBy: " -> ").count - 1 == expected)
        let all = Exports.dot(large, threshold: 0, abbreviate: PaperData.abbreviation)
        #expect(all.components(separatedBy: " -> ").count - 1 == 156)
        let svg = GraphSVG.render(large, threshold: 0.25, abbreviate: PaperData.abbreviation)
        #expect(svg.components(separatedBy: "marker-end=").count - 1 == expected)
    }

    @Test func jsonRoundTrips() throws {
        let study = try #require(Self.study)
        let json = try Exports.json(study)
        let decoded = try JSONDecoder().decode(StudyAnalysis.self, from: Data(json.utf8))
        #expect(decoded.models.map(\.pairs.positive) == [77, 81, 110])
        #expect(decoded.models[0].meanPGF[0][0] == study.models[0].meanPGF[0][0])
        #expect(decoded.trends.positiveTransfer == "rising")
    }

    @Test func textNamesTheFindings() throws {
        let study = try #require(Self.study)
        let text = TextReport.render(study, abbreviate: PaperData.abbreviation)
        #expect(text.contains("pairs off the diagonal: 110 positive, 46 negative"))
        #expect(text.contains("{VS, AS, VC, RD, RR, SR, JG, CN, FC}"))
        #expect(text.contains("trend with size: positive transfer rising"))
    }

    /// accuracy.csv gives back what it was written from: the counts, each question's result,
    /// and so every PGF; a model without counts (released PGF data) writes no row.
    @Test func accuracyCSVRoundTrips() throws {
        let runs = try AccuracyCSV.read(ReaderTests.accuracy, file: "in.csv", knownTasks: ["A", "B"])
        let csv = Exports.accuracyCSV(runs + [try PaperData.runs("3B")])
        #expect(csv.split(separator: "\n").count == 1 + 6)
        let back = try AccuracyCSV.read(csv, file: "accuracy.csv", knownTasks: ["A", "B"])
        #expect(back.map(\.pgf) == runs.map(\.pgf))
        #expect(back.first?.baseline == runs.first?.baseline)
        #expect(back.first?.finetuned == runs.first?.finetuned)
        #expect(back.first?.finetuned?[0][1][0].answers == [true, false, false, false])
        #expect(Exports.accuracyCSV([try PaperData.runs("3B")]) == "model,seed,source,target,n_correct,n_total,correct\n")
    }
}
