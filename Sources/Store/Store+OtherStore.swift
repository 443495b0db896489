internal import Foundation
internal import Grid
internal import Core

/// The other store of `--bases-from` and `--results-from`: opened read-only, never the grid's
/// own store, holding a grid, and of the grid's OpenBLAS kernel family.
extension Store {
    /// The store at `path` and its grid; `option` names the flag in errors ("--bases-from"),
    /// `what` what it would give ("bases").
    func openOther(_ path: String, for option: String, giving what: String) throws(StoreError) -> (Store, GridSpec) {
        guard URL(fileURLWithPath: path).standardized.path != URL(fileURLWithPath: self.path).standardized.path else {
            throw StoreError(.otherStore, "\(option) names the grid's own store (\(path)); name the store whose \(what) to take")
        }
        let other = try Store(path: path, readOnly: true)
        guard let (_, spec) = try other.grid() else { throw StoreError(.otherStore, "\(path) holds no grid, so no \(what) to take") }
        return (other, spec)
    }

    /// What `other` gives must be of this store's OpenBLAS kernel family: two families differ in
    /// their last bits, so a base or a cell of another would make this grid's scores another
    /// model's. Refuses a store of another family (nothing taken); otherwise pins this store to
    /// the other's family, so that every worker that joins later computes with it.
    func pinKernelFamily(of other: Store, at path: String, for option: String, giving what: String) throws(StoreError) {
        guard let theirs = try other.blasCore() else { return }
        if let ours = try blasCore(), ours != theirs {
            throw StoreError(.otherStore, "\(option) \(path): its \(what) are of OpenBLAS's \(theirs) kernels, this store's of \(ours); "
                + "results of two kernel families differ in their last bits, so none were taken")
        }
        try apply([.blasCorePinned(theirs)])
    }

    /// The other store at `otherPath`, its grid, and the jobs `pairing` finds shared with
    /// `graph`, once its kernel family is checked and pinned here. `none` says why nothing is
    /// shared.
    func shared(with graph: JobGraph, from otherPath: String, for option: String, giving what: String,
                pairing: (JobGraph, JobGraph) -> [(ours: GridJob, theirs: GridJob)], none: String)
        throws(StoreError) -> (other: Store, grid: GridSpec, pairs: [(ours: GridJob, theirs: GridJob)]) {
        let (other, otherSpec) = try openOther(otherPath, for: option, giving: what)
        let pairs: [(ours: GridJob, theirs: GridJob)]
        do { pairs = pairing(graph, try JobGraph(spec: otherSpec)) } catch {
            throw StoreError(.otherStore, "\(option) \(otherPath): its grid does not read: \(error.message)")
        }
        guard !pairs.isEmpty else { throw StoreError(.otherStore, "\(otherPath) (grid \(otherSpec.name)) \(none)") }
        try pinKernelFamily(of: other, at: otherPath, for: option, giving: what)
        return (other, otherSpec, pairs)
    }

    /// Takes `theirs`' training output from `other` as the output of our job `ours`, checked
    /// against its digest, with its final loss and the time it took there (`took`).
    func adoptOutput(_ output: ArtifactRef, role: ArtifactRef.Role, of theirs: String, in other: Store, as ours: String,
                     took: Double?) throws(StoreError) {
        let ref = ArtifactRef(role: role, digest: output.digest, sizeBytes: output.sizeBytes)
        let loss = try other.finalLoss(of: theirs) ?? .nan
        try adopt(job: ours, artifact: ref, finalLoss: Float(loss), from: other.artifactPath(output.digest), took: took)
    }
}
