/// Reads the authors' released per-run PGF files (`seed,ft_task,task,perfection_gap_factor`,
/// one file per model): every (run, source, target) exactly once; an empty or `nan` value is
/// an undefined cell.
public enum ReleasedCSV {
    static let prefix = "task_transferability_data_perfection_gap_factor_"

    /// The model name a released file's name carries (`..._qwen-2.5vl-7B-instruct.csv`).
    public static func modelName(fromFile file: String) -> String {
        var name = String(file.split(separator: "/").last ?? Substring(file))
        if name.hasSuffix(".csv") { name.removeLast(4) }
        if name.hasPrefix(prefix) { name.removeFirst(prefix.count) }
        return name
    }

    /// - Parameters:
    ///   - knownTasks: when given, the task names allowed, in display order.
    public static func read(_ text: String, file: String, model: String? = nil, knownTasks: [String]? = nil) throws(TransferInputError) -> ModelRuns {
        let table = try CSVTable(text: text, file: file)
        let (seedColumn, sourceColumn, targetColumn, valueColumn) = (
            try table.column("seed"), try table.column("ft_task"), try table.column("task"), try table.column("perfection_gap_factor"))
        var values: [String: Double?] = [:]
        var runs: [String] = [], seen: [String] = []
        for (line, fields) in table.rows {
            let (run, source, target) = (fields[seedColumn], fields[sourceColumn], fields[targetColumn])
            for (name, field) in [(source, "ft_task"), (target, "task")] {
                if let known = knownTasks, !known.contains(name) {
                    throw TransferInputError(file: file, line: line, field: field, "unknown task '\(name)'; known: \(known.joined(separator: ", "))")
                }
                if name.isEmpty { throw TransferInputError(file: file, line: line, field: field, "empty task name") }
            }
            if !runs.contains(run) { runs.append(run) }
            for name in [source, target] where !seen.contains(name) { seen.append(name) }
            let key = "\(run)\u{1}\(source)\u{1}\(target)"
            guard values[key] == nil else {
                throw TransferInputError(file: file, line: line, "duplicate row for seed \(run), ft_task \(source), task \(target)")
            }
            let text = fields[valueColumn].trimmingCharacters(in: " ")
            if text.isEmpty || text.lowercased() == "nan" {
                values[key] = .some(nil)
            } else if let value = Double(text), value.isFinite {
                guard value <= 1 + 1e-9 else {
                    throw TransferInputError(file: file, line: line, field: "perfection_gap_factor", "\(text) exceeds 1, the largest PGF there is")
                }
                values[key] = .some(value)
            } else {
                throw TransferInputError(file: file, line: line, field: "perfection_gap_factor", "'\(text)' is not a number")
            }
        }
        let tasks = knownTasks.map { known in known.filter { seen.contains($0) } } ?? seen
        var pgf: [[[Double?]]] = []
        for run in runs {
            var matrix: [[Double?]] = []
            for source in tasks {
                var row: [Double?] = []
                for target in tasks {
                    guard let value = values["\(run)\u{1}\(source)\u{1}\(target)"] else {
                        throw TransferInputError(file: file, "no row for seed \(run), ft_task \(source), task \(target); every run needs all \(tasks.count) x \(tasks.count) cells")
                    }
                    row.append(value)
                }
                matrix.append(row)
            }
            pgf.append(matrix)
        }
        guard !runs.isEmpty else { throw TransferInputError(file: file, "no data rows") }
        return ModelRuns(model: model ?? modelName(fromFile: file), tasks: tasks, runs: runs, pgf: pgf)
    }
}
