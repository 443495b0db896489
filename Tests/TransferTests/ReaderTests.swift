import Foundation
import Testing
@testable import Transfer

@Suite struct ReaderTests {
    func expectError(_ text: String, line: Int?, field: String?, containing: String, accuracy: Bool = false,
                     sourceLocation: SourceLocation = #_sourceLocation) {
        do {
            if accuracy { _ = try AccuracyCSV.read(text, file: "in.csv", knownTasks: ["A", "B"]) }
            else { _ = try ReleasedCSV.read(text, file: "in.csv", knownTasks: ["A", "B"]) }
            Issue.record("no error", sourceLocation: sourceLocation)
        } catch {
            #expect(error.line == line, "\(error)", sourceLocation: sourceLocation)
            #expect(error.field == field, "\(error)", sourceLocation: sourceLocation)
            #expect(error.message.contains(containing), "\(error)", sourceLocation: sourceLocation)
            #expect(error.description.hasPrefix("in.csv"), sourceLocation: sourceLocation)
        }
    }

    static let released = "seed,ft_task,task,perfection_gap_factor\ns,A,A,0.5\ns,A,B,0.1\ns,B,A,-0.2\ns,B,B,0.4\n"

    @Test func releasedFormat() throws {
        let runs = try ReleasedCSV.read(Self.released, file: "x_qwen.csv", knownTasks: ["A", "B"])
        #expect(runs.pgf == [[[0.5, 0.1], [-0.2, 0.4]]])
        #expect(ReleasedCSV.modelName(fromFile: "/p/task_transferability_data_perfection_gap_factor_qwen-2.5vl-7B-instruct.csv") == "qwen-2.5vl-7B-instruct")
        expectError("seed,ft_task,value\n", line: 1, field: "task", containing: "missing column 'task'")
        expectError(Self.released.replacingOccurrences(of: "0.1", with: "zero"), line: 3, field: "perfection_gap_factor", containing: "not a number")
        expectError(Self.released + "s,A,B,0.3\n", line: 6, field: nil, containing: "duplicate row")
        expectError(Self.released.replacingOccurrences(of: "s,B,A", with: "s,C,A"), line: 4, field: "ft_task", containing: "unknown task 'C'")
        expectError(Self.released.replacingOccurrences(of: "s,B,B,0.4\n", with: ""), line: nil, field: nil, containing: "no row for seed s, ft_task B, task B")
        expectError(Self.released.replacingOccurrences(of: "0.4", with: "1.5"), line: 5, field: "perfection_gap_factor", containing: "exceeds 1")
        expectError(Self.released + "s,A\n", line: 6, field: nil, containing: "2 fields")
        let undefined = try ReleasedCSV.read(Self.released.replacingOccurrences(of: "0.1", with: "nan"), file: "x.csv")
        #expect(undefined.pgf[0][0][1] == nil)
    }

    static let accuracy = """
        model,seed,source,target,n_correct,n_total,correct
        m,1,baseline,A,2,4,0011
        m,1,baseline,B,1,4,0100
        m,1,A,A,4,4,1111
        m,1,A,B,2,4,0110
        m,1,B,A,1,4,1000
        m,1,B,B,3,4,1101

        """

    @Test func accuracyFormat() throws {
        let models = try AccuracyCSV.read(Self.accuracy, file: "in.csv", knownTasks: ["A", "B"])
        #expect(models.count == 1)
        let runs = models[0]
        #expect(runs.pgf[0][0] == [1.0, (0.5 - 0.25) / 0.75])
        #expect(runs.pgf[0][1] == [-0.5, (0.75 - 0.25) / 0.75])
        #expect(runs.baseline?[0][1].answers == [false, true, false, false])
        expectError(Self.accuracy.replacingOccurrences(of: "m,1,A,B,2,4,0110", with: "m,1,A,B,5,4,"), line: 5, field: "n_correct", containing: "inconsistent counts", accuracy: true)
        expectError(Self.accuracy.replacingOccurrences(of: "m,1,A,B,2,4,0110", with: "m,1,A,B,2,4,0111"), line: 5, field: "correct", containing: "inconsistent counts", accuracy: true)
        expectError(Self.accuracy.replacingOccurrences(of: "m,1,A,B,2,4,0110", with: "m,1,A,B,two,4,"), line: 5, field: "n_correct", containing: "not a count", accuracy: true)
        expectError(Self.accuracy.replacingOccurrences(of: "m,1,baseline,B,1,4,0100\n", with: ""), line: nil, field: nil, containing: "no row for model m, seed 1, source baseline, target B", accuracy: true)
        expectError(Self.accuracy + "m,1,B,B,3,4,1101\n", line: 8, field: nil, containing: "duplicate row", accuracy: true)
        expectError(Self.accuracy.replacingOccurrences(of: "n_total", with: "total"), line: 1, field: "n_total", containing: "missing column", accuracy: true)
    }
}
