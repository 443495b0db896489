import Foundation
import Grid
import Store

/// The other store of `--bases-from` and `--results-from`: opened read-only, never the grid's
/// own store, holding a grid, and of the grid's OpenBLAS kernel family.
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

    /// What `other` gives must be of this store's OpenBLAS kernel family: two families differ in
    /// their last bits, so a base or a cell of another would make this grid's scores another
    /// model's. Refuses a store of another family (nothing taken); otherwise pins this store to
    /// the other's family, so that every worker that joins later computes with it.
    static func pinKernelFamily(of other: Store, at path: String, into database: Store, for option: String, giving what: String) throws {
        guard let theirs = try other.blasCore() else { return }
        if let ours = try database.blasCore(), ours != theirs {
            throw CLIError("\(option) \(path): its \(what) are of OpenBLAS's \(theirs) kernels, this store's of \(ours); "
                + "results of two kernel families differ in their last bits, so none were taken")
        }
        try database.apply([.blasCorePinned(theirs)])
    }
}
