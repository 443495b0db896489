public import Grid

extension Store {
    /// What opening a store for a grid did.
    public struct GridOpening: Sendable {
        public var store: Store
        /// Where the store's other grid went (with `replaceGrid`), if it held one.
        public var setAside: String?
        /// Failed jobs given fresh attempts (with `rerunFailed`).
        public var failedReset: Int
    }

    /// Opens the store at `path` for `graph` the way `coordinator` and `run` both do: installs
    /// the grid in a new store, resumes it in one that holds it, and refuses another grid
    /// (`gridMismatch`) unless `replaceGrid`, which renames the old store aside first. The store
    /// holds its `StoreLock` (one coordinator per store: a second is refused with `locked`
    /// before it changes anything).
    public static func open(for graph: JobGraph, path: String, replaceGrid: Bool, rerunFailed: Bool) throws(StoreError) -> GridOpening {
        let lock = try StoreLock(storePath: path)
        var database = try Store(path: path, lock: lock)
        var aside: String?
        do {
            try database.install(graph)
        } catch let error where error.code == .gridMismatch && replaceGrid {
            aside = try Store.setAside(path)
            database = try Store(path: path, lock: lock)
            try database.install(graph)
        }
        let reset = rerunFailed ? try database.resetFailed() : 0
        return GridOpening(store: database, setAside: aside, failedReset: reset)
    }
}
