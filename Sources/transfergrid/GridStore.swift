import Grid
import Logging
import Store

/// Opens a store for a grid the way `coordinator` and `run` both do: installs the grid in a new
/// store, resumes it in one that holds it, and refuses another grid unless told to set it aside.
enum GridStore {
    static func open(_ graph: JobGraph, path: String, replaceGrid: Bool, rerunFailed: Bool, logger: Logger) throws -> Store {
        do {
            var database = try Store(path: path)
            do {
                try database.install(graph)
            } catch let error where error.code == .gridMismatch && replaceGrid {
                let aside = try Store.setAside(path)
                logger.warning("the store held another grid; it is now \(aside)")
                database = try Store(path: path)
                try database.install(graph)
            }
            if rerunFailed {
                let reset = try database.resetFailed()
                logger.info("--rerun-failed: \(reset) failed job(s) go back to pending")
            }
            return database
        } catch {
            throw CLIError(error.message)
        }
    }
}
