public import Transfer

/// The analysis as plain text: a matrix per model, tables of aggregates, cliques, personas,
/// and the scale comparison.
public enum TextReport {
    public static func render(_ study: StudyAnalysis, abbreviate: (String) -> String = { $0 }) -> String {
        var out = ""
        for model in study.models { out += section(model, abbreviate) + "\n" }
        out += "== Scale (models ordered by size) ==\n"
        out += "model                          avg T+   avg T-   avg Th+  avg Th-  pairs +/-   max clique +/-\n"
        for row in study.scale {
            out += Format.pad(row.model, 30) + " " + [row.averageTransferabilityPositive, row.averageTransferabilityNegative,
                                                       row.averageMalleabilityPositive, row.averageMalleabilityNegative]
                .map { Format.pad(Format.fixed($0), 8, right: true) }.joined(separator: " ")
            out += "   \(Format.pad("\(row.positivePairs)/\(row.negativePairs)", 9))   \(row.maxPositiveClique)/\(row.maxNegativeClique)\n"
        }
        out += "trend with size: positive transfer \(study.trends.positiveTransfer), negative transfer \(study.trends.negativeTransfer)\n"
        out += ScaleComparisonSummary.title + "\n" + ScaleComparisonSummary.lines(study).joined(separator: "\n") + "\n"
        return out
    }

    static func section(_ m: ModelAnalysis, _ abbreviate: (String) -> String) -> String {
        let names = m.tasks.map(abbreviate)
        var out = "== \(m.model): \(m.tasks.count) tasks, \(m.runs.count) run(s) (\(m.runs.joined(separator: ", ")))"
            + (m.sharedBase.map { ", finetunes of one base (seed \($0))" } ?? "") + " ==\n"
        out += "Seed-mean PGF x 100 (rows: finetuned on; columns: evaluated on; [diagonal])\n"
        let cells = m.meanPGF.enumerated().map { i, row in
            row.enumerated().map { j, value in
                let text = value.map { String(Int(($0 * 100).rounded())) } ?? "n/a"
                return i == j ? "[\(text)]" : text
            }
        }
        // Columns as wide as the widest cell and a space: PGFs below -99 (a target near its
        // ceiling that falls) ran into their neighbours at a fixed width of 5.
        let width = max(5, (cells.flatMap { $0 }.map(\.count).max() ?? 0) + 1)
        out += "      " + names.map { Format.pad($0, width, right: true) }.joined() + "\n"
        for (i, row) in cells.enumerated() {
            out += Format.pad(names[i], 6) + row.map { Format.pad($0, width, right: true) }.joined() + "\n"
        }
        let p = m.pairs
        out += "pairs off the diagonal: \(p.positive) positive, \(p.negative) negative, \(p.zero) zero, \(p.undefined) undefined (of \(m.tasks.count * (m.tasks.count - 1)))\n"
        if let replicates = m.bootstrapReplicates { out += "intervals: \(replicates) bootstrap replicates over questions (paired), 95 %\n" }
        if let accuracy = m.accuracy {
            out += "Accuracy %, mean over runs: zero-shot / after finetuning on the task itself\n      "
                + accuracy.map { Format.pad(abbreviate($0.task), 5, right: true) }.joined() + "\n"
            out += "base  " + accuracy.map { Format.pad(String(Int(($0.baseline * 100).rounded())), 5, right: true) }.joined() + "\n"
            out += "self  " + accuracy.map { Format.pad(String(Int(($0.selfFinetuned * 100).rounded())), 5, right: true) }.joined() + "\n"
        }
        if let goals = m.goals { out += ([StudyGoalsSummary.title] + StudyGoalsSummary.lines(goals, abbreviate)).joined(separator: "\n") + "\n" }
        out += table("Transferability (source)", "T+", "T-", m.transferability, abbreviate)
        out += table("Malleability (target)", "Th+", "Th-", m.malleability, abbreviate)
        func cliques(_ list: [[String]]) -> String {
            guard let size = list.first?.count, size > 1 else { return "none" }
            return "size \(size): " + list.map { "{" + $0.map(abbreviate).joined(separator: ", ") + "}" }.joined(separator: " ")
        }
        out += "Maximum cliques, positive: \(cliques(m.cliques.positive))\n"
        out += "Maximum cliques, negative: \(cliques(m.cliques.negative))\n"
        out += "  every run agrees, positive: \(cliques(m.cliques.robustPositive))\n"
        out += "  every run agrees, negative: \(cliques(m.cliques.robustNegative))\n"
        if let control = m.formatControl { out += FormatControlSummary.lines(control, tasks: m.tasks, abbreviate).joined(separator: "\n") + "\n" }
        if let selection = m.selection, !selection.isEmpty {
            out += SelectionSummary.title + "\n"
            for row in SelectionSummary.table(selection, abbreviate) {
                out += "  " + row.enumerated().map { k, cell in k == row.count - 1 ? cell : Format.pad(cell, 10, right: k > 0) }.joined(separator: " ") + "\n"
            }
        }
        if let agreement = m.seedAgreement { out += SeedAgreementSummary.lines(agreement, abbreviate).joined(separator: "\n") + "\n" }
        out += "Personas (p < \(Persona.alpha) holds):\n"
        for persona in m.personas {
            let ranking = persona.ranking.prefix(3).map { "\(abbreviate($0.task)) \(Format.fixed($0.value))" }.joined(separator: ", ")
            out += "  \(Format.pad(persona.role.rawValue, 7)) \(Format.pad(abbreviate(persona.task), 4)) value \(Format.fixed(persona.value)), "
                + "p = \(Format.pValue(persona.pValue)) \(persona.significant ? "(holds)" : "(not significant)"); top: \(ranking)\n"
        }
        if let test = m.personas.first?.test { out += "  test: \(test)\n" }
        out += m.undefinedCells.isEmpty ? "Undefined cells: none\n"
            : "Undefined cells (baseline at the ceiling; left out of every aggregate): "
                + m.undefinedCells.map { "\($0.run): \(abbreviate($0.source))->\(abbreviate($0.target))" }.joined(separator: ", ") + "\n"
        return out
    }

    static func table(_ title: String, _ plus: String, _ minus: String, _ rows: [ModelAnalysis.TaskAggregate], _ abbreviate: (String) -> String) -> String {
        let intervals = rows.contains { $0.positiveInterval != nil }
        var out = "\(Format.pad(title, 26)) \(Format.pad(plus, 7, right: true))  (sd)    \(Format.pad(minus, 7, right: true))  (sd)" + (intervals ? "    95 % interval \(plus)" : "") + "\n"
        for row in rows {
            let interval = row.positiveInterval.map { "[\(Format.fixed($0.low)), \(Format.fixed($0.high))]" } ?? ""
            out += "  " + Format.pad(abbreviate(row.task), 24) + " " + Format.pad(Format.fixed(row.positive), 7, right: true)
                + "  " + Format.pad(row.positiveSpread.map { Format.fixed($0) } ?? "-", 6) + "  " + Format.pad(Format.fixed(row.negative), 7, right: true)
                + "  " + Format.pad(row.negativeSpread.map { Format.fixed($0) } ?? "-", 6) + "  " + interval + "\n"
        }
        return out
    }
}
