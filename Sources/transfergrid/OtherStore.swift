import Foundation
import Grid
import Store

/// The other store of `--bases-from` and `--results-from`: opened read-only, never the grid's
/// own store, and holding a grid.
enum OtherStore {
    /// The store at `path` and its grid; `option` names the flag in errors ("--bases-from"),
    /// `what` what it would give ("bases").
    static func open(_ path: String, for option: String, giving what: String, besides database: Store) throws -> (Store, GridSpec) {
        guard URL(fileURLWithPath: path).standardized.path != URL(fileURLWithPath: database.path).standardized.path else {
            throw CLIError("\(option) names the grid's own store (\(path)); name the store whose \(what) to take")
        }
        let other = try Store(path: path, readOnly: true)
        guard let (_, spec) = try other.grid() else { throw CLIError("\(path) holds no grid, so no \(what) to take") }
        return (other, spec)
    }
}
