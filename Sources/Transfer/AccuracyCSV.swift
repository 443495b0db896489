/// Reads TransferGrid's tidy accuracy format, for results from anywhere:
///
///     model,seed,source,target,n_correct,n_total[,correct]
///
/// One row per evaluation. `source` is a task name for a model finetuned on that task, or
/// `baseline` for the zero-shot model. `correct`, optional, gives each question's result as a
/// string of 0s and 1s (n_total of them), which enables bootstrap intervals over questions.
/// Every (model, seed) needs a baseline row for every target and a row for every
/// (source, target); PGF is computed per seed against that seed's baseline.
public enum AccuracyCSV {
    public static let baselineSource = "baseline"

    public static func read(_ text: String, file: String, knownTasks: [String]? = nil) throws(TransferInputError) -> [ModelRuns] {
        let table = try CSVTable(text: text, file: file)
        let columns = (model: try table.column("model"), seed: try table.column("seed"), source: try table.column("source"),
                       target: try table.column("target"), correct: try table.column("n_correct"), total: try table.column("n_total"))
        let answersColumn = table.header.firstIndex(of: "correct")
        struct Key: Hashable { var model, seed, source, target: String }
        var counts: [Key: Counts] = [:]
        var models: [String] = [], seeds: [String: [String]] = [:], seen: [String] = []
        for (line, fields) in table.rows {
            let key = Key(model: fields[columns.model], seed: fields[columns.seed], source: fields[columns.source], target: fields[columns.target])
            for (name, field) in [(key.target, "target"), (key.source, "source")] where !(field == "source" && name == baselineSource) {
                if let known = knownTasks, !known.contains(name) {
                    throw TransferInputError(file: file, line: line, field: field, "unknown task '\(name)'; known: \(known.joined(separator: ", "))")
                }
                if name.isEmpty { throw TransferInputError(file: file, line: line, field: field, "empty task name") }
                if !seen.contains(name) { seen.append(name) }
            }
            guard counts[key] == nil else {
                throw TransferInputError(file: file, line: line, "duplicate row for model \(key.model), seed \(key.seed), source \(key.source), target \(key.target)")
            }
            guard let correct = Int(fields[columns.correct].trimmingCharacters(in: " ")), correct >= 0 else {
                throw TransferInputError(file: file, line: line, field: "n_correct", "'\(fields[columns.correct])' is not a count")
            }
            guard let total = Int(fields[columns.total].trimmingCharacters(in: " ")), total > 0 else {
                throw TransferInputError(file: file, line: line, field: "n_total", "'\(fields[columns.total])' is not a positive count")
            }
            guard correct <= total else {
                throw TransferInputError(file: file, line: line, field: "n_correct", "\(correct) correct of \(total) questions: inconsistent counts")
            }
            var answers: [Bool]?
            if let answersColumn, !fields[answersColumn].isEmpty {
                let bits = fields[answersColumn]
                guard bits.allSatisfy({ $0 == "0" || $0 == "1" }), bits.count == total else {
                    throw TransferInputError(file: file, line: line, field: "correct", "expected \(total) characters of 0 and 1, got \(bits.count)")
                }
                answers = bits.map { $0 == "1" }
                guard answers?.filter({ $0 }).count == correct else {
                    throw TransferInputError(file: file, line: line, field: "correct", "\(answers?.filter { $0 }.count ?? 0) ones, but n_correct is \(correct): inconsistent counts")
                }
            }
            counts[key] = Counts(correct: correct, total: total, answers: answers)
            if !models.contains(key.model) { models.append(key.model) }
            if !(seeds[key.model] ?? []).contains(key.seed) { seeds[key.model, default: []].append(key.seed) }
        }
        guard !models.isEmpty else { throw TransferInputError(file: file, "no data rows") }
        let tasks = knownTasks.map { known in known.filter { seen.contains($0) } } ?? seen
        return try models.map { (model) throws(TransferInputError) -> ModelRuns in
            let runs = seeds[model] ?? []
            func lookup(_ seed: String, _ source: String, _ target: String) throws(TransferInputError) -> Counts {
                guard let c = counts[Key(model: model, seed: seed, source: source, target: target)] else {
                    throw TransferInputError(file: file, "no row for model \(model), seed \(seed), source \(source), target \(target)")
                }
                return c
            }
            var baseline: [[Counts]] = [], finetuned: [[[Counts]]] = []
            for seed in runs {
                var base: [Counts] = []
                for target in tasks { base.append(try lookup(seed, baselineSource, target)) }
                baseline.append(base)
                var rows: [[Counts]] = []
                for source in tasks {
                    var row: [Counts] = []
                    for target in tasks { row.append(try lookup(seed, source, target)) }
                    rows.append(row)
                }
                finetuned.append(rows)
            }
            return ModelRuns(model: model, tasks: tasks, runs: runs, baseline: baseline, finetuned: finetuned)
        }
    }
}
