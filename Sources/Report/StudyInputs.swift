internal import Core
internal import Foundation
public import Transfer

/// The inputs of `analyze`: each file in the authors' released per-run PGF format or in
/// TransferGrid's accuracy format, told apart by its header.
public enum StudyInputs {
    /// Every file's runs, each read and checked before anything is analysed; a model given in
    /// two inputs is refused. Accuracy counts of the study's own tasks carry their chance
    /// levels (the report then measures the study goals); other tasks' (a user's benchmark)
    /// stay without them.
    public static func read(_ files: [String]) throws(TransferInputError) -> [ModelRuns] {
        let known = PerceptionTask.allCases.map(\.name)
        var runs: [ModelRuns] = []
        for file in files {
            let text: String
            do { text = try String(contentsOfFile: file, encoding: .utf8) } catch {
                throw TransferInputError(file: file, "cannot read it (\(error.localizedDescription))")
            }
            let header = text.prefix { $0 != "\n" }
            if header.contains("perfection_gap_factor") {
                runs.append(try ReleasedCSV.read(text, file: file, knownTasks: known))
            } else if header.contains("n_correct") {
                runs += try AccuracyCSV.read(text, file: file, knownTasks: known).map(withChance)
            } else {
                throw TransferInputError(file: file, line: 1,
                                         "not a known format: the header needs perfection_gap_factor (released) or n_correct (accuracy)")
            }
        }
        var seen = Set<String>()
        for r in runs where !seen.insert(r.model).inserted {
            throw TransferInputError(file: files.joined(separator: ", "), "model \(r.model) appears in more than one input; give each model once")
        }
        return runs
    }

    static func withChance(_ runs: ModelRuns) -> ModelRuns {
        let tasks = runs.tasks.compactMap(PerceptionTask.init(named:))
        guard tasks.count == runs.tasks.count else { return runs }
        var out = runs
        out.chance = tasks.map(\.chance)
        return out
    }
}
