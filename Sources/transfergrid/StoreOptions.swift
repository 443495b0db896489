import ArgumentParser
import Core
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
        let opening: Store.GridOpening
        do {
            opening = try Store.open(for: graph, path: store, replaceGrid: replaceGrid, rerunFailed: rerunFailed)
        } catch {
            throw CLIError(error.message)
        }
        if let aside = opening.setAside { logger.warning("the store held another grid; it is now \(aside)") }
        if rerunFailed { logger.info("--rerun-failed: \(opening.failedReset) failed job(s) go back to pending") }
        return opening.store
    }

    /// Takes the bases of `--bases-from` and the results of `--results-from`, when given, into
    /// `database`, and says what was taken on stdout and in the log.
    func adoptOtherStores(_ graph: JobGraph, into database: Store, logger: Logger) throws {
        func say(_ option: String, _ line: String) {
            print("\(option): \(line)")
            logger.info("\(option): \(line)")
        }
        if let basesFrom {
            for base in try taking("--bases-from", basesFrom, { () throws(StoreError) in try database.takeBases(for: graph, from: basesFrom) }) {
                say("--bases-from", base.line(from: basesFrom))
            }
        }
        if let resultsFrom {
            let taken = try taking("--results-from", resultsFrom, { () throws(StoreError) in try database.takeResults(for: graph, from: resultsFrom) })
            say("--results-from", taken.line(from: resultsFrom))
        }
    }

    /// Runs a take, turning its errors into the command line's: a refusal as it is, a store
    /// failure with the option and path before it.
    private func taking<T>(_ option: String, _ path: String, _ body: () throws(StoreError) -> T) throws -> T {
        do { return try body() } catch {
            throw CLIError(error.code == .otherStore ? error.message : "\(option) \(path): \(error.message)")
        }
    }
}
