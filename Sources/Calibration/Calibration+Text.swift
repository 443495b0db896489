internal import Grid
internal import Foundation
internal import Core
public import Transfer

/// The calibration's printed table: a header, the baseline accuracies, one PGF row per source
/// (x 100, the diagonal in brackets), and a summary against the study's goals.
extension Calibration {
    public func header(rehearsalOnly: Bool) -> String {
        let fine = spec.finetune
        let versions = graph.grid.taskVersions
        let budgets = (fine.taskSteps ?? [:]).sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }.joined(separator: ", ")
        let shares = (fine.taskRehearsal ?? [:]).sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }.joined(separator: ", ")
        return "\(spec.name): \(model) model, seed \(seed)\(baseSeed == seed ? "" : " on the base of seed \(baseSeed)"); "
            + "finetune \(fine.steps)\(budgets.isEmpty ? "" : " (\(budgets))") x \(fine.batch) at \(fine.learningRate), rank \(fine.loraRank), "
            + "rehearsal \(rehearsalOnly ? 1 : fine.rehearsal ?? 0)\(shares.isEmpty || rehearsalOnly ? "" : " (\(shares))"); "
            + "\(spec.evaluationQuestions) questions per target"
            + (spec.benchmarkShift.map { $0.isNone ? "" : "; benchmark shift \($0.description)" } ?? "")
            + (versions.isInitial ? "" : "; task versions \(versions)")
    }

    /// The baseline accuracies, then the PGF table's column heads.
    public func baselineLines(_ counts: [Counts]) -> [String] {
        ["accuracy %  " + zip(tasks, counts).map { "\($0.abbreviation) \(String(format: "%.1f", 100 * Double($1.correct) / Double($1.total)))" }
            .joined(separator: "  "),
         "PGF x 100   " + tasks.map { $0.abbreviation.padding(toLength: 6, withPad: " ", startingAt: 0) }.joined()]
    }

    public func line(_ row: Row) -> String {
        let cells = tasks.indices.map { j -> String in
            guard let value = row.pgf[j] else { return "  -   " }  // a perfect baseline leaves no gap
            return (tasks[j] == row.source ? String(format: "[%3.0f]", 100 * value) : String(format: "%5.0f", 100 * value))
                .padding(toLength: 6, withPad: " ", startingAt: 0)
        }
        return (row.source?.abbreviation ?? "--").padding(toLength: 12, withPad: " ", startingAt: 0) + cells.joined()
    }

    /// Signs off the diagonal, and self-transfer against the study's floor (`StudyGoals`).
    public func summary(_ rows: [Row]) -> String {
        let off = rows.flatMap { row in zip(tasks, row.pgf).filter { $0.0 != row.source }.compactMap(\.1) }
        let selfPGF = rows.compactMap { row in row.source.flatMap { s in tasks.firstIndex(of: s).flatMap { row.pgf[$0] } } }
        let floor = StudyGoals.selfTransferFloor
        return "off the diagonal: \(off.filter { $0 > 0 }.count) positive, \(off.filter { $0 < 0 }.count) negative, "
            + "\(off.filter { $0 == 0 }.count) zero of \(off.count)"
            + (selfPGF.isEmpty ? "" : "; self PGF >= \(floor) on \(selfPGF.filter { $0 >= floor }.count) of \(selfPGF.count)")
    }
}
