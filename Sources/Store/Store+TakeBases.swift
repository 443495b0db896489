public import Core
public import Grid

extension Store {
    /// What `takeBases` did with one of the grid's bases.
    public enum BaseTaken: Sendable, Equatable {
        case taken(model: ModelName, seed: UInt64, digest: SHA256Digest)
        case doneHereAlready(model: ModelName, seed: UInt64)
        /// Not done in the other store: pretrained here.
        case notDoneThere(model: ModelName, seed: UInt64)

        /// What happened, in a line, `path` being the other store's.
        public func line(from path: String) -> String {
            switch self {
            case let .taken(model, seed, digest): "\(model) seed \(seed): base \(digest.hex.prefix(12)) taken from \(path)"
            case let .doneHereAlready(model, seed): "\(model) seed \(seed): pretrained in this store already"
            case let .notDoneThere(model, seed): "\(model) seed \(seed): not done in \(path); pretrained here"
            }
        }
    }

    /// `--bases-from OTHER`: the grid's pretraining jobs that the store at `otherPath` has
    /// already run (same model, seed and pretraining settings: the same base, bit for bit) take
    /// that store's checkpoint instead of pretraining again, each checked against its digest.
    /// The other store is only read; both must be of one OpenBLAS kernel family. One entry per
    /// shared base, in the grid's order.
    public func takeBases(for graph: JobGraph, from otherPath: String) throws(StoreError) -> [BaseTaken] {
        let (other, _, pairs) = try shared(with: graph, from: otherPath, for: "--bases-from", giving: "bases",
                                           pairing: { $0.sharedPretraining(with: $1) },
                                           none: "pretrains none of this grid's bases: models, seeds (or base_seed) or the pretrain stage differ; "
                + "give the grid the same pretrain stage, or drop --bases-from")
        let ours = Dictionary(uniqueKeysWithValues: try jobs().map { ($0.id, $0) })
        let theirs = Dictionary(uniqueKeysWithValues: try other.jobs().map { ($0.id, $0) })
        let took = try other.jobTimes().took
        var result: [BaseTaken] = []
        for pair in pairs {
            let (model, seed) = (pair.ours.model, pair.ours.seed)
            if ours[pair.ours.id]?.state == .done {
                result.append(.doneHereAlready(model: model, seed: seed))
                continue
            }
            guard let row = theirs[pair.theirs.id], row.state == .done, let output = row.output else {
                result.append(.notDoneThere(model: model, seed: seed))
                continue
            }
            try adoptOutput(output, role: .baseCheckpoint, of: pair.theirs.id, in: other, as: pair.ours.id, took: took[pair.theirs.id])
            result.append(.taken(model: model, seed: seed, digest: output.digest))
        }
        return result
    }
}
