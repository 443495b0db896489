internal import Grid
internal import Foundation
public import Transfer
internal import Grid

extension StoreResults {
    /// The analysis of what the store at `path` holds so far, its inputs, and a line saying how
    /// complete the grid is. Refuses (`noResults`) a store with no finetuned cell whose
    /// baseline is in yet.
    public static func study(ofStore path: String, bootstrap: Int) throws(StoreError)
        -> (study: StudyAnalysis, runs: [ModelRuns], summary: String) {
        guard FileManager.default.fileExists(atPath: path) else {
            throw StoreError(.cannotOpen, "no store at \(path); give the --store a grid was run with")
        }
        let database = try Store(path: path, readOnly: true)
        guard let grid = try database.grid() else {
            throw StoreError(.noGrid, "\(path) holds no grid yet; start one with `transfergrid run` or `transfergrid coordinator`")
        }
        let evaluations = try database.evaluations()
        let status = try database.status()
        let resolved: ResolvedGrid
        do { resolved = try ResolvedGrid(grid.spec) } catch { throw StoreError(.corrupt, "\(path): its grid does not read: \(error.message)") }
        let runs = modelRuns(grid: resolved, evaluations: evaluations)
        guard !runs.isEmpty else {
            throw StoreError(.noResults, "\(path): no finetuned cell has both its score and its baseline yet "
                + "(\(status.counts[.done] ?? 0) of \(status.total) jobs done); try again later")
        }
        let sampler = bootstrap > 0 ? Bootstrap(replicates: bootstrap) : nil
        let study = StudyAnalysis(runs.map { ModelAnalysis($0, bootstrap: sampler) })
        let done = status.counts[.done] ?? 0
        let summary = done == status.total
            ? "grid \(status.gridName): complete, \(evaluations.count) cells"
            : "grid \(status.gridName): \(done) of \(status.total) jobs done; cells not evaluated yet are blank"
        return (study, runs, summary)
    }
}
