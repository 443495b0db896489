import ArgumentParser
import Grid
import Logging
import Store

/// The store options `coordinator` and `run` share: which store, whether to set another grid
/// aside or retry failed jobs, and another store whose bases to take.
struct StoreOptions: ParsableArguments {
    @Option(help: "The store (SQLite); created when missing.")
    var store = "transfergrid.db"

    @Option(help: "Another store whose finished pretraining this grid shares (same model, seed and pretrain stage): its base checkpoints are taken instead of pretraining them again; that store is only read.")
    var basesFrom: String?

    @Option(help: "Another store whose finished jobs this grid shares (the same settings and inputs: bases, finetunes and cells that would come out bit for bit the same): their checkpoints, adapters and cells are taken instead of running them again; that store is only read.")
    var resultsFrom: String?

    @Flag(help: "Give failed jobs a fresh set of attempts.")
    var rerunFailed = false

    @Flag(help: "When the store holds another grid, rename it aside and start this one.")
    var replaceGrid = false

    /// The store, holding `graph` (installed, resumed, or the old grid set aside).
    func open(_ graph: JobGraph, logger: Logger) throws -> Store {
        try GridStore.open(graph, path: store, replaceGrid: replaceGrid, rerunFailed: rerunFailed, logger: logger)
    }

    /// Takes the bases of `--bases-from` and the results of `--results-from`, when given, into
    /// `database`.
    func adoptOtherStores(_ graph: JobGraph, into database: Store, logger: Logger) throws {
        if let basesFrom { try BaseAdoption.adopt(graph, into: database, from: basesFrom, logger: logger) }
        if let resultsFrom { try ResultAdoption.adopt(graph, into: database, from: resultsFrom, logger: logger) }
    }
}
